"""The other import kinds: one spec each, the same engine (create-or-update, all or nothing)."""
import datetime as dt
from decimal import Decimal

import pytest

from yuanqu.enterprises.models import Enterprise, RosterEntry
from yuanqu.imports import service
from yuanqu.imports.models import Revision

from . import helpers as h

pytestmark = pytest.mark.django_db


def imp(tmp_path, kind, grid, name=None, merges=(), **kw):
    kw.setdefault("today", h.TODAY)
    path = h.write_xlsx(tmp_path / (name or f"{kind}.xlsx"), grid, merges, sheet="表1")
    return service.execute(path, kind, **kw)


def ok(result):
    assert result.status in (service.IMPORTED, service.UNCHANGED), [str(i) for i in result.issues]
    return result


def refused(tmp_path, kind, grid, expect, **kw):
    before = h.snapshot()
    result = imp(tmp_path, kind, grid, name=f"bad-{kind}.xlsx", **kw)
    assert result.status == service.REFUSED, [str(i) for i in result.issues]
    messages = [str(i) for i in result.errors]
    assert any(all(e in m for e in expect) for m in messages), messages
    assert h.snapshot() == before
    return result


# --------------------------------------------------------------------------- roster

ROSTER = [
    ["示例县2023年规模以上工业企业名录"],
    ["序号", "统一社会信用代码", "企业名称", "所在园区", "行业代码", "用地面积(公顷)", "注册资本（万元）", "纳入月份"],
    [1, h.code(1), "示例企业1（更名）", "工业园", "c18", 2, "5,000", 1],
    [2, h.code(10), "新入规企业", "示例工业园区", "C1811", "", "", 6],
    [3, "９１５１００００" + h.code(11)[8:], "园区外企业", "", "", "", "", ""],
    ["填表人：张三"],
]


def test_roster_creates_enterprises_and_roster_entries(county, tmp_path):
    region, park, firms = county
    result = ok(imp(tmp_path, "roster", ROSTER))
    assert result.run.period.year == 2023
    assert result.counts == {"企业": {"new": 2, "changed": 1, "unchanged": 0, "removed": 0},
                             "规上企业名录": {"new": 2, "changed": 0, "unchanged": 1, "removed": 0}}
    new = Enterprise.objects.get(credit_code=h.code(10))
    assert (new.name, new.park, new.region, new.industry_code) == ("新入规企业", park, region, "C1811")
    outside = Enterprise.objects.get(credit_code=h.code(11))
    assert outside.park is None and outside.region == region
    firms[0].refresh_from_db()
    assert firms[0].name == "示例企业1（更名）" and firms[0].industry_code == "C18"
    assert firms[0].land_area_mu == Decimal("30.00") and firms[0].registered_capital == Decimal("5000.00")
    assert RosterEntry.objects.get(enterprise=new, year=2023).joined_month == 6
    # creations of rows without a batch field, and the rename, are in the revision record
    revs = Revision.objects.filter(batch=result.batch)
    assert revs.filter(action="create", model="enterprises.Enterprise").count() == 2
    renamed = revs.get(action="update", model="enterprises.Enterprise", object_id=firms[0].pk)
    assert renamed.changes["name"] == ["示例企业1", "示例企业1（更名）"]
    assert renamed.changes["land_area_mu"] == ["0.00", "30.00"]  # exact text, the field's places
    again = ok(imp(tmp_path, "roster", ROSTER))
    assert again.status == service.UNCHANGED


def test_only_the_roster_creates_enterprises(county, tmp_path):
    grid = [["统一社会信用代码", "企业名称", "输送日期", "输送人数"], [h.code(10), "新企业", "2023-05-01", 20]]
    refused(tmp_path, "labour", grid, ["第2行", h.code(10), "找不到", "企业名录"])
    assert not Enterprise.objects.filter(credit_code=h.code(10)).exists()


def test_roster_bad_rows(county, tmp_path):
    grid = [["统一社会信用代码", "企业名称", "行业代码", "规上年度"],
            [h.code(20), "甲企业", "X999", 2023],
            ["123", "乙企业", "", 2023],
            [h.code(21), "", "", 2023],
            [h.code(22), "丁企业", "", 2030]]
    result = refused(tmp_path, "roster", grid, ["第2行", "C列", "X999", "GB/T 4754-2017"])
    text = "\n".join(str(i) for i in result.errors)
    assert "第3行" in text and "18位" in text
    assert "第4行" in text and "新建企业须填写" in text
    assert "第5行" in text and "2030" in text


# --------------------------------------------------------------------------- projects

PROJECTS = [
    ["示例县重点项目调度表（2023年1-8月）"],
    ["单位：万元"],
    ["项目编号", "项目名称", "所在园区", "项目级别", "总投资", "2023年计划投资", "1-8月完成投资", "形象进度", "续建项目",
     "计划年内开工", "包抓领导"],
    ["XM001", "新能源电池项目", "示例工业园区", "省重点", "50,000", 12000, 9600.5, "主体封顶", "新建", "是", "王五"],
    ["XM002", "食品产业园", "工业园", "市级", 20000, 6000, "—", "", "续建", "否", ""],
]


def test_projects_plan_and_progress(county, tmp_path):
    from yuanqu.projects.models import AnnualPlan, Progress, Project
    result = ok(imp(tmp_path, "projects", PROJECTS))
    assert result.run.period.label == "1-8月"
    p1 = Project.objects.get(code="XM001")
    assert (p1.key_level, p1.total_investment, p1.leader_name) == ("province", Decimal("50000.00"), "王五")
    plan = AnnualPlan.objects.get(project=p1, year=2023)
    assert (plan.planned_investment, plan.is_continuing, plan.plan_start) == (Decimal("12000.00"), False, True)
    assert AnnualPlan.objects.get(project__code="XM002").is_continuing is True
    prog = Progress.objects.get(project=p1, year=2023, month=8)
    assert prog.completed_investment_cum == Decimal("9600.50") and prog.image_progress == "主体封顶"
    assert prog.batch == result.batch
    assert Progress.objects.get(project__code="XM002").completed_investment_cum == Decimal("0")
    assert ok(imp(tmp_path, "projects", PROJECTS)).status == service.UNCHANGED


def test_projects_cumulative_lower_than_last_month(county, tmp_path):
    from yuanqu.projects.factories import ProgressFactory, ProjectFactory
    region, park, _ = county
    p = ProjectFactory(code="XM001", name="新能源电池项目", region=region, total_investment=50000)
    ProgressFactory(project=p, year=2023, month=7, completed_investment_cum=Decimal("9700"))
    refused(tmp_path, "projects", PROJECTS, ["第4行", "1-8月完成投资", "9600.5", "低于库中上月", "9700"])


def test_projects_unknown_park_and_bad_level(county, tmp_path):
    grid = [r[:] for r in PROJECTS]
    grid[3] = grid[3][:]
    grid[3][2] = "不存在园区"
    grid[4] = grid[4][:]
    grid[4][3] = "国家级"
    result = refused(tmp_path, "projects", grid, ["第4行", "C列", "不存在园区", "找不到"])
    assert any("第5行" in str(i) and "国家级" in str(i) and "省重点" in str(i) for i in result.errors)


# --------------------------------------------------------------------------- land, buildings, revitalization

LAND = [
    ["示例县园区土地台账"],
    ["地块编号", "坐落", "园区", "面积（亩）", "状态", "供地日期", "供地方式", "约定开工日期", "用地单位", "已开发面积(亩)",
     "土地价款(万元)", "是否低效用地"],
    ["DK-01", "纺织路东", "示例工业园区", 120.5, "在建", dt.date(2021, 9, 1), "出让", "2022-03-01", "示例企业1", 80,
     2400, "否"],
    ["DK-02", "食品路西", "示例工业园区", "30", "批而未供", "", "", "", "外地某公司", "", "", ""],
]


def test_land_parcels(county, tmp_path):
    from yuanqu.land.models import LandParcel
    ok(imp(tmp_path, "land", LAND))
    p1 = LandParcel.objects.get(code="DK-01")
    assert (p1.area_mu, p1.status, p1.supplied_date) == (Decimal("120.50"), "building", dt.date(2021, 9, 1))
    assert p1.holder.name == "示例企业1" and p1.holder_name == ""
    assert p1.developed_area_mu == Decimal("80.00") and p1.land_price == Decimal("2400.00")
    p2 = LandParcel.objects.get(code="DK-02")
    assert p2.holder is None and p2.holder_name == "外地某公司"
    assert ok(imp(tmp_path, "land", LAND)).status == service.UNCHANGED


def test_land_developed_above_area(county, tmp_path):
    grid = [r[:] for r in LAND]
    grid[2] = grid[2][:]
    grid[2][9] = 130
    refused(tmp_path, "land", grid, ["第3行", "已开发面积130", "大于地块面积120.5"])


def test_land_supplied_in_the_future(county, tmp_path):
    grid = [r[:] for r in LAND]
    grid[2] = grid[2][:]
    grid[2][5] = "2024-01-01"
    refused(tmp_path, "land", grid, ["第3行", "F列", "2024-01-01", "在未来"])


def test_buildings_and_revitalization(county, tmp_path):
    from yuanqu.land.models import FactoryBuilding, Revitalization
    ok(imp(tmp_path, "land", LAND))
    buildings = [["厂房编号", "厂房名称", "所在园区", "地块编号", "建筑面积(㎡)", "已入驻面积(万平方米)", "月租金(元/平方米)"],
                 ["CF-01", "标准厂房1号", "示例工业园区", "DK-01", "12,000", 0.9, 8.5]]
    ok(imp(tmp_path, "buildings", buildings))
    b = FactoryBuilding.objects.get(code="CF-01")
    assert (b.floor_area_m2, b.let_area_m2, b.monthly_rent) == (Decimal("12000.00"), Decimal("9000.00"),
                                                                 Decimal("8.50"))
    assert b.parcel.code == "DK-01"
    revit = [["地块编号", "厂房编号", "盘活土地面积(亩)", "盘活厂房面积(平方米)", "盘活日期", "盘活方式", "承接企业"],
             ["DK-02", "", 30, "", "2023-06-15", "招商入驻", "示例企业2"],
             ["", "CF-01", "", 4600, "2023年7月1日", "转让", ""]]
    ok(imp(tmp_path, "revitalization", revit))
    assert Revitalization.objects.count() == 2
    land = Revitalization.objects.get(parcel__code="DK-02")
    assert (land.area_mu, land.method, land.enterprise.name) == (Decimal("30.00"), "attract", "示例企业2")
    assert Revitalization.objects.get(building__code="CF-01").area_m2 == Decimal("4600.00")
    again = ok(imp(tmp_path, "revitalization", revit))
    assert again.status == service.UNCHANGED and Revitalization.objects.count() == 2


def test_buildings_let_above_floor(county, tmp_path):
    grid = [["厂房编号", "厂房名称", "所在园区", "建筑面积", "已出租面积"], ["CF-09", "厂房", "工业园", 1000, 1200]]
    refused(tmp_path, "buildings", grid, ["第2行", "E列", "已出租面积1200", "大于建筑面积1000"])


def test_revitalization_needs_parcel_or_building(county, tmp_path):
    grid = [["地块编号", "厂房编号", "盘活日期", "盘活方式"], ["", "", "2023-06-15", "收回"]]
    refused(tmp_path, "revitalization", grid, ["第2行", "地块编号", "厂房编号", "之一"])


# --------------------------------------------------------------------------- tickets, policies, loans, labour


def test_tickets(county, tmp_path):
    from yuanqu.org.factories import DepartmentFactory
    from yuanqu.service.factories import TicketCategoryFactory
    from yuanqu.service.models import Ticket
    region = county[0]
    TicketCategoryFactory(code="factor", name="要素保障")
    DepartmentFactory(code="power", name="国网示例县供电公司", short_name="县供电公司", region=region)
    grid = [["诉求编号", "诉求标题", "诉求类别", "企业名称", "承办单位", "受理日期", "办理状态", "办结日期", "满意度"],
            ["SQ-001", "用电增容", "要素保障", "示例企业1", "县供电公司", "2023-05-06", "办结", "2023-05-18", "满意"],
            ["SQ-002", "招工", "要素保障", "", "", "2023-06-01", "办理", "", ""]]
    ok(imp(tmp_path, "tickets", grid))
    t = Ticket.objects.get(code="SQ-001")
    assert (t.status, t.resolved_date, t.satisfaction, t.department.short_name) == (
        "resolved", dt.date(2023, 5, 18), 3, "县供电公司")
    assert t.region == region and t.enterprise.name == "示例企业1"
    bad = [grid[0], ["SQ-003", "x", "要素保障", "", "", "2023-06-01", "办结", "", ""],
           ["SQ-004", "y", "不存在类别", "", "", "2023-06-01", "受理", "", ""]]
    result = refused(tmp_path, "tickets", bad, ["第2行", "办结", "办结日期"])
    assert any("第3行" in str(i) and "不存在类别" in str(i) for i in result.errors)


def test_policies(county, tmp_path):
    from yuanqu.policies.models import Policy
    grid = [["政策名称", "发文单位", "层级", "文号", "发布日期", "有效期止", "政策类别", "兑现方式"],
            ["支持工业稳增长十条", "示例县人民政府", "县级", "示府发〔2023〕1号", "2023-03-01", "2025-12-31", "财政奖补",
             "免申即享"]]
    ok(imp(tmp_path, "policies", grid))
    p = Policy.objects.get()
    assert (p.level, p.delivery_mode, p.valid_to) == ("county", "automatic", dt.date(2025, 12, 31))
    grid[1][5] = "2026-06-30"
    result = ok(imp(tmp_path, "policies", grid))
    assert result.counts["政策"] == {"new": 0, "changed": 1, "unchanged": 0, "removed": 0}
    assert Revision.objects.get(batch=result.batch).changes == {"valid_to": ["2025-12-31", "2026-06-30"]}


def test_loans_and_labour(county, tmp_path):
    from yuanqu.factors.factories import InstitutionFactory
    from yuanqu.factors.models import LabourSupply, Loan
    InstitutionFactory(name="中国农业发展银行示例县支行", short_name="农发行")
    loans = [["企业名称", "贷款银行", "放款金额（元）", "放款日期", "贷款期限(月)"],
             ["示例企业1", "农发行", "30,000,000", "2023-04-20", 36],
             ["示例企业2", "中国农业发展银行示例县支行", 1500000.5, "2023-05-20", ""]]
    ok(imp(tmp_path, "loans", loans))
    assert Loan.objects.get(enterprise__name="示例企业1").amount == Decimal("3000.00")
    assert Loan.objects.get(enterprise__name="示例企业2").amount == Decimal("150.00")
    assert ok(imp(tmp_path, "loans", loans)).status == service.UNCHANGED
    labour = [["统一社会信用代码", "输送日期", "输送人数", "渠道"],
              [h.code(1), "2023-03-10", 35, "招聘会"], [h.code(2), "2023-03-10", "１２", ""]]
    ok(imp(tmp_path, "labour", labour))
    assert sorted(LabourSupply.objects.values_list("workers", flat=True)) == [12, 35]
    bad = [labour[0], [h.code(1), "2023-03-11", 2.5, "招聘会"], [h.code(1), "2023-03-11", 0, "招聘会"]]
    result = refused(tmp_path, "labour", bad, ["第2行", "C列", "2.5", "整数"])
    assert any("第3行" in str(i) and "与第2行重复" in str(i) for i in result.errors)


def test_land_invalid_date(county, tmp_path):
    grid = [r[:] for r in LAND]
    grid[3] = grid[3][:]
    grid[3][7] = "2023-02-30"
    refused(tmp_path, "land", grid, ["第4行", "H列", "约定开工日期", "2023-02-30", "存在的日期"])


def test_a_run_given_a_county_looks_its_parks_up_there(county, tmp_path):
    """The run carries the county (Run.region): a park is looked up among that county's parks only,
    and a new firm without one belongs to it."""
    from yuanqu.org.factories import ParkFactory, RegionFactory
    other = RegionFactory(code="510001", name="另一县")
    park = ParkFactory(region=other, code="Q1", name="示例工业园区", short_name="工业园")  # the same name
    grid = [["统一社会信用代码", "企业名称", "所在园区", "规上年度"], [h.code(30), "另一县企业", "示例工业园区", 2023],
            [h.code(31), "园区外企业", "", 2023]]
    ok(imp(tmp_path, "roster", grid, region=other))
    assert Enterprise.objects.get(credit_code=h.code(30)).park == park
    assert Enterprise.objects.get(credit_code=h.code(31)).region == other
