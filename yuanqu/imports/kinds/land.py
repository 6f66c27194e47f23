"""土地台账: the parks' land parcels (area, status, supply and start dates, holder, development)."""
from __future__ import annotations

from yuanqu.land.models import LandParcel

from .. import values as V
from ..check import dates_ordered, not_greater
from ..kind import SKIP, Column, Kind, Ref, Target
from . import common

PARCEL = "land.LandParcel"
STATUS = {"已供": "supplied", "建成": "built", "收回": "recovered"}


def holder_name(row, run):
    """The holder's name as written when it is no firm on the platform (else the firm is the holder)."""
    if not run.has("holder_name"):
        return SKIP
    return "" if row.refs.get("holder") else (row.v.get("holder_name") or "")


class Land(Kind):
    name, label, order = "land", "土地台账", 40
    title = "园区土地台账"
    note = "地块：面积、状态、供地和开工日期、用地单位、开发面积和投资"
    columns = [
        Column("code", "地块编号", V.Key(32), required=True, needed=True, sample="DK-2023-01",
               aliases=("宗地编号", "地块代码", "宗地代码", "编号")),
        Column("name", "地块名称", V.Text(128), sample="纺织路东侧地块", aliases=("坐落", "宗地坐落", "地块位置", "地块名称坐落")),
        common.PARK,
        Column("area_mu", "面积", V.Number("area_mu"), sample="120.5", aliases=("用地面积", "宗地面积", "地块面积", "出让面积")),
        Column("land_use", "用途", V.Text(32), sample="工业用地", aliases=("土地用途",)),
        Column("status", "状态", V.Choice(LandParcel.Status.choices, STATUS), sample="在建", aliases=("土地状态", "利用状态")),
        Column("approved_date", "批准日期", V.Date(), sample="2021-05-10", past=True, aliases=("批准时间", "农转用批准日期")),
        Column("supplied_date", "供地日期", V.Date(), sample="2021-09-01", past=True,
               aliases=("供地时间", "出让日期", "合同签订日期")),
        Column("supply_method", "供地方式", V.Choice(LandParcel.SupplyMethod.choices), sample="出让", aliases=("供应方式",)),
        Column("agreed_start_date", "约定开工日期", V.Date(), sample="2022-03-01", aliases=("合同约定开工日期", "约定开工时间")),
        Column("actual_start_date", "实际开工日期", V.Date(), sample="2022-04-15", past=True,
               aliases=("开工日期", "实际开工时间")),
        Column("built_date", "建成日期", V.Date(), past=True, aliases=("竣工日期",)),
        Column("stopped_date", "停工日期", V.Date(), past=True),
        Column("holder_code", "用地单位统一社会信用代码", V.CreditCode(), template=False, aliases=("受让人统一社会信用代码",)),
        Column("holder_name", "用地单位", V.Key(128), sample=common.SAMPLE_FIRM,
               aliases=("受让人", "土地使用权人", "用地企业", "用地单位名称")),
        Column("plot_ratio", "容积率", V.Number(), sample="1.2"),
        Column("developed_area_mu", "已开发面积", V.Number("area_mu"), sample="80",
               aliases=("已建成面积", "已利用面积", "已开发建成面积")),
        Column("agreed_investment", "约定投资总额", V.Number("money"), sample="30000", aliases=("约定投资", "合同约定投资")),
        Column("invested_amount", "已完成投资", V.Number("money"), sample="18000", aliases=("已投资", "累计完成投资")),
        Column("land_price", "土地价款", V.Number("money"), sample="2400", aliases=("出让价款", "成交价款", "土地出让金")),
        Column("is_low_efficiency", "低效用地", V.Bool(), sample="否", aliases=("是否低效用地",)),
    ]
    refs = [
        Ref("parcel", PARCEL, (("code", ("code",)),), "地块", missing="create"),
        common.PARK_REF,
        common.enterprise_ref(required=False, missing="keep", code="holder_code", name="holder_name", ref="holder",
                              label="用地单位"),
    ]
    targets = [Target(PARCEL, ("pk",), {
        "pk": "parcel", "code": "code", "name": "name", "park_id": "park", "area_mu": "area_mu",
        "land_use": "land_use", "status": "status", "approved_date": "approved_date", "supplied_date": "supplied_date",
        "supply_method": "supply_method", "agreed_start_date": "agreed_start_date",
        "actual_start_date": "actual_start_date", "built_date": "built_date", "stopped_date": "stopped_date",
        "holder_id": "holder", "holder_name": holder_name, "plot_ratio": "plot_ratio",
        "developed_area_mu": "developed_area_mu", "agreed_investment": "agreed_investment",
        "invested_amount": "invested_amount", "land_price": "land_price", "is_low_efficiency": "is_low_efficiency",
    }, label="地块", require_on_create=("code", "park"))]
    row_key, row_label = ("parcel",), ("code", "name")

    def check(self, run) -> None:
        not_greater(run, PARCEL, "developed_area_mu", "area_mu", "已开发面积", "地块面积", "developed_area_mu")
        dates_ordered(run, PARCEL, "approved_date", "supplied_date", "批准日期", "供地日期", "supplied_date")
