"""企业名录: firms (the only kind that creates them) and the year's 规上 roster."""
from __future__ import annotations

from yuanqu.core import industrycode
from yuanqu.enterprises.models import RosterEntry

from .. import values as V
from ..kind import SKIP, Column, Kind, Links, Obj, RowProblem, Target
from . import common

ENTERPRISE = "enterprises.Enterprise"


def industry_name(row, run):
    """The name the GB/T 4754-2017 list gives the row's code (what Enterprise.save sets; bulk writes skip it)."""
    return industrycode.lookup(row.v["industry_code"])[1] if "industry_code" in row.v else SKIP


def roster_year(row, run):
    year = row.v.get("roster_year") or run.year
    if not year:
        raise RowProblem("未能确定规上年度：应填写“规上年度”列，或在标题写明年度、或指定期别", "roster_year", "period")
    if year > run.today.year:
        raise RowProblem(f"规上年度{year}年在未来，应为今年或以前的年度", "roster_year", "period")
    return year


class Roster(Kind):
    name, label, order = "roster", "企业名录", 10
    title = "规模以上工业企业名录"
    note = "企业基本信息和某一年度的规上企业名录；唯一可以新建企业的导入类别"
    period, period_optional_if = "year", ("roster_year",)
    creates_enterprises = True
    columns = [
        common.CREDIT_CODE.but(required=True, needed=True),
        common.ENTERPRISE_NAME.but(required=True),
        Column("short_name", "简称", V.Text(32), sample="示例纺织", aliases=("企业简称",)),
        common.PARK,
        common.REGION,
        Column("industry_code", "国民经济行业代码", V.IndustryCode(), sample="1811",
               aliases=("行业代码", "行业分类代码", "国民经济行业分类代码", "行业小类代码", "国民经济行业小类代码")),
        # read so that the header is known; the name stored is the list's name of the code
        Column("industry_name", "行业名称", V.Text(64), template=False, aliases=("所属行业", "行业", "行业类别")),
        Column("above_scale", "是否规上", V.Bool(true=("规上",), false=("规下", "非规上")), sample="是",
               aliases=("是否规模以上", "是否规模以上企业", "是否规上企业", "规上企业", "是否规上工业企业")),
        Column("chains", "所属产业链", V.Names(), sample="无",
               aliases=("产业链", "所属产业链条", "产业链名称", "所在产业链")),
        Column("land_area_mu", "用地面积", V.Number("area_mu"), sample="56.5",
               aliases=("占地面积", "土地面积", "用地面积亩", "占地面积亩")),
        Column("legal_representative", "法定代表人", V.Text(32), sample="张三", aliases=("法人代表", "法人")),
        Column("contact", "联系人", V.Text(32), sample="李四"),
        Column("phone", "联系电话", V.Text(32), sample="0839-1234567", aliases=("电话", "手机")),
        Column("address", "地址", V.Text(255), sample="示例县工业园区纺织路8号", aliases=("详细地址", "单位地址", "企业地址")),
        Column("established", "成立日期", V.Date(), sample="2015-03-18", past=True, aliases=("成立时间", "注册日期")),
        Column("registered_capital", "注册资本", V.Number("money"), sample="5000", aliases=("注册资金",)),
        Column("is_treasure", "镇园之宝", V.Bool(), sample="否"),
        Column("is_listed", "上市企业", V.Bool(), sample="否", aliases=("是否上市",)),
        Column("is_listing_reserve", "上市后备企业", V.Bool(), sample="否", aliases=("上市后备",)),
        Column("roster_year", "规上年度", V.Year(), sample="2023", aliases=("入规年度", "名录年度", "年度")),
        Column("joined_month", "纳入月份", V.Month(), sample="1", aliases=("入规月份",)),
        common.NOTE,
    ]
    refs = [
        common.enterprise_ref(required=False, missing="create"),
        common.PARK_REF, common.REGION_REF,
    ]
    targets = [
        Target(ENTERPRISE, ("pk",), {
            "pk": "enterprise", "credit_code": "credit_code", "name": "enterprise_name", "short_name": "short_name",
            "park_id": "park", "region_id": "region", "industry_code": "industry_code",
            "industry_name": industry_name, "land_area_mu": "land_area_mu",
            "legal_representative": "legal_representative", "contact": "contact", "phone": "phone",
            "address": "address", "established": "established", "registered_capital": "registered_capital",
            "is_treasure": "is_treasure", "is_listed": "is_listed", "is_listing_reserve": "is_listing_reserve",
        }, defaults={"region_id": common.region_for_row}, label="企业", require_on_create=("enterprise_name",)),
        Target("enterprises.RosterEntry", ("enterprise_id", "year"), {
            "enterprise_id": Obj(0), "year": roster_year, "joined_month": "joined_month", "note": "note",
        }, label="规上企业名录", present_if="above_scale"),
    ]
    links = [Links(0, "chains", "chains", "chains.Chain", ("name", "short_name"), "所属产业链",
                   within=common.in_run_region)]
    row_key, row_label = ("enterprise",), ("enterprise_name", "credit_code")

    def check(self, run) -> None:
        """Notices: the firms said 否 (是否规上) and what happens to them; the firms on the stored roster of
        the year that the file does not list."""
        below = [r for r in run.rows if r.ok and r.v.get("above_scale") is False]
        if below:
            removed = [c for c in run.changes_of("enterprises.RosterEntry") if c.status == "removed"]
            run.info(f"本文件有{len(below)}户企业“是否规上”为“否”：其企业信息照常新建或更新，但不列入本年度规上企业名录"
                     f"（不计入规上企业数和规上工业统计）" + (f"；其中{len(removed)}户原在名录中，导入后从名录移出，"
                                                         f"修订记录中可查" if removed else ""), code="below_scale")
        years = {c.values.get("year") for c in run.changes_of("enterprises.RosterEntry")} - {None}
        in_file = {r.refs.get("enterprise") for r in run.rows} - {None}
        for year in sorted(years):
            gone = set(RosterEntry.objects.filter(year=year).values_list("enterprise_id", flat=True)) - in_file
            if gone:
                run.info(f"库中{year}年规上名录另有{len(gone)}户企业不在本文件中：本次不删除，如需移出请在系统中处理",
                         code="coverage")
