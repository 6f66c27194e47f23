"""盘活处置: each revitalization of idle or low-efficiency land or of a factory building."""
from __future__ import annotations

from yuanqu.land.models import Revitalization as Action

from .. import values as V
from ..kind import Column, Kind, Ref, Target
from . import common

REVITALIZATION = "land.Revitalization"


class Revitalization(Kind):
    name, label, order = "revitalization", "盘活处置", 60
    title = "闲置低效用地和厂房盘活台账"
    note = "每一次盘活：地块或厂房、面积、日期、方式、承接企业"
    columns = [
        Column("parcel_code", "地块编号", V.Key(32), sample="DK-2023-01", aliases=("宗地编号",)),
        Column("building_code", "厂房编号", V.Key(32), sample=""),
        Column("area_mu", "盘活土地面积", V.Number("area_mu"), sample="30", aliases=("盘活面积亩", "盘活用地面积", "土地面积")),
        Column("area_m2", "盘活厂房面积", V.Number("area_m2"), sample="", aliases=("厂房面积", "盘活面积平方米")),
        Column("date", "盘活日期", V.Date(), required=True, needed=True, sample="2023-06-15", past=True,
               aliases=("处置日期", "日期")),
        Column("method", "盘活方式", V.Choice(Action.Method.choices), required=True, needed=True, sample="招商入驻",
               aliases=("处置方式", "方式")),
        Column("credit_code", "承接企业统一社会信用代码", V.CreditCode(), template=False, aliases=("统一社会信用代码",)),
        Column("enterprise_name", "承接企业", V.Key(128), sample=common.SAMPLE_FIRM, aliases=("入驻企业", "承接企业名称")),
        Column("note", "说明", V.Text(255), aliases=("备注",)),
    ]
    refs = [
        Ref("parcel", "land.LandParcel", (("parcel_code", ("code",)),), "地块", hint="地块须先通过“土地台账”导入"),
        Ref("building", "land.FactoryBuilding", (("building_code", ("code",)),), "厂房",
            hint="厂房须先通过“标准厂房”导入"),
        common.enterprise_ref(required=False),
    ]
    targets = [Target(REVITALIZATION, ("parcel_id", "building_id", "date", "method"), {
        "parcel_id": "parcel", "building_id": "building", "date": "date", "method": "method", "area_mu": "area_mu",
        "area_m2": "area_m2", "enterprise_id": "enterprise", "note": "note",
    }, label="盘活处置")]
    row_key, row_label = ("parcel", "building", "date", "method"), ("parcel_code", "building_code")
    required_any = (("parcel_code", "building_code"),)

    def check(self, run) -> None:
        """Either a parcel (with its area in 亩) or a building (with its area in ㎡)."""
        for change in run.changes_of(REVITALIZATION):
            parcel, building = change.values.get("parcel_id"), change.values.get("building_id")
            if not change.row.ok:
                continue
            if bool(parcel) == bool(building):
                run.error("应填写“地块编号”或“厂房编号”其中之一（盘活的是土地或厂房）", change.row,
                          run.col_if_present("parcel_code"), code="consistency")
            elif parcel and not change.final("area_mu"):
                run.error("盘活土地应填写盘活土地面积（亩）", change.row, run.col_if_present("area_mu"), code="required")
            elif building and not change.final("area_m2"):
                run.error("盘活厂房应填写盘活厂房面积（平方米）", change.row, run.col_if_present("area_m2"), code="required")
