"""标准厂房: factory buildings (floor area, let area, completion, owner, rent)."""
from __future__ import annotations

from .. import values as V
from ..check import not_greater
from ..kind import Column, Kind, Ref, Target
from . import common

BUILDING = "land.FactoryBuilding"


class Buildings(Kind):
    name, label, order = "buildings", "标准厂房", 50
    title = "标准厂房台账"
    note = "厂房：建筑面积、已出租（入驻）面积、建成日期、产权单位、租金"
    columns = [
        Column("code", "厂房编号", V.Key(32), required=True, needed=True, sample="CF-01", aliases=("编号",)),
        Column("name", "厂房名称", V.Text(128), sample="标准厂房一期1号楼", aliases=("名称",)),
        common.PARK,
        Column("parcel_code", "地块编号", V.Key(32), template=False, aliases=("所在地块", "宗地编号")),
        Column("is_standard", "标准厂房", V.Bool(), sample="是", aliases=("是否标准厂房",)),
        Column("floors", "层数", V.Number(integer=True, max_value=200), sample="4", aliases=("楼层数",)),
        Column("floor_area_m2", "建筑面积", V.Number("area_m2"), sample="12000", aliases=("厂房面积", "总建筑面积")),
        Column("let_area_m2", "已出租面积", V.Number("area_m2"), sample="9000",
               aliases=("已入驻面积", "入驻面积", "已租面积", "出租面积")),
        Column("completed_date", "建成日期", V.Date(), sample="2021-12-20", past=True, aliases=("竣工日期", "建成时间")),
        Column("owner_name", "产权单位", V.Text(128), sample="示例县园区投资公司", aliases=("建设单位", "产权人")),
        Column("monthly_rent", "月租金", V.Number("rent"), sample="8.5", aliases=("租金", "租金标准")),
    ]
    refs = [
        Ref("building", BUILDING, (("code", ("code",)),), "厂房", missing="create"),
        common.PARK_REF,
        Ref("parcel", "land.LandParcel", (("parcel_code", ("code",)),), "地块", hint="地块须先通过“土地台账”导入"),
    ]
    targets = [Target(BUILDING, ("pk",), {
        "pk": "building", "code": "code", "name": "name", "park_id": "park", "parcel_id": "parcel",
        "is_standard": "is_standard", "floors": "floors", "floor_area_m2": "floor_area_m2",
        "let_area_m2": "let_area_m2", "completed_date": "completed_date", "owner_name": "owner_name",
        "monthly_rent": "monthly_rent",
    }, label="厂房", require_on_create=("code", "name", "park"))]
    row_key, row_label = ("building",), ("name", "code")

    def check(self, run) -> None:
        not_greater(run, BUILDING, "let_area_m2", "floor_area_m2", "已出租面积", "建筑面积", "let_area_m2")
