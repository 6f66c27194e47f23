"""Service, policy and factor figures; the policy eligibility matcher."""
import datetime as dt

import pytest

from yuanqu.chains.factories import ChainFactory, ChainSegmentFactory
from yuanqu.core.periods import Period
from yuanqu.factors.factories import InstitutionFactory, LabourSupplyFactory, LoanFactory
from yuanqu.policies import eligibility as elig
from yuanqu.policies.factories import ClaimFactory, PolicyFactory, PushFactory
from yuanqu.enterprises.factories import EnterpriseFactory
from yuanqu.org.factories import DepartmentFactory
from yuanqu.projects.factories import ProjectFactory
from yuanqu.service.factories import AssignmentFactory, RatingFactory, TicketCategoryFactory, TicketFactory

from .helpers import D, Scope, fig, firm, stat, value

day = dt.date.fromisoformat


def test_enterprises_connected_overlap_the_window(region, parks):
    a, b, c, d = (firm(region, parks[0]) for _ in range(4))
    AssignmentFactory(enterprise=a, start_date=day("2022-05-01"))  # open-ended: in
    AssignmentFactory(enterprise=a, start_date=day("2023-02-01"))  # same firm again: once
    AssignmentFactory(enterprise=b, start_date=day("2022-01-01"), end_date=day("2023-01-01"))  # overlaps 1 day
    AssignmentFactory(enterprise=c, start_date=day("2022-01-01"), end_date=day("2022-12-31"))  # ended before
    AssignmentFactory(enterprise=d, start_date=day("2023-09-01"))  # starts after
    assert value("service.enterprises_connected", Scope.county(region)) == 2


def test_tickets_closed_categories_on_time_median_satisfaction(region):
    water, power, land = (TicketCategoryFactory(code=c, name=n) for c, n in
                          (("water", "用水"), ("power", "用电"), ("land", "用地")))
    # (category, received, resolved, deadline, status, the enterprise's evaluations: (date, rating))
    rows = [(water, "2023-03-06", "2023-03-10", None, "resolved", []),  # Mon → Fri: within 5 workdays
            (water, "2023-03-06", "2023-03-14", None, "closed", [("2023-03-16", 2)]),  # Mon → next Tue: late
            (power, "2023-04-03", "2023-04-20", "2023-04-30", "closed",  # by its deadline, once reopened
             [("2023-04-12", 1), ("2023-04-22", 3)]),
            (power, "2023-05-05", "2023-05-30", "2023-05-20", "resolved", []),  # after its deadline
            (land, "2023-07-01", "2023-09-02", None, "closed", [("2023-09-04", 3)]),  # closed after the window
            (land, "2023-07-01", None, None, "handling", [("2023-07-20", 1)])]  # open again: rated 不满意 in W
    for cat, received, resolved, deadline, status, ratings in rows:
        ticket = TicketFactory(region=region, category=cat, received_date=day(received),
                               resolved_date=day(resolved) if resolved else None,
                               deadline=day(deadline) if deadline else None, status=status)
        for on, rating in ratings:
            RatingFactory(ticket=ticket, date=day(on), satisfaction=rating)
    scope = Scope.county(region)
    closed = fig("service.tickets_closed", scope)
    assert closed.value == 4 and "2类" in closed.note
    assert {d["category"]: d["count"] for d in closed.detail} == {"用水": 2, "用电": 2}
    assert value("service.ticket_categories", scope) == 2
    on_time = fig("service.on_time_rate", scope)
    assert (on_time.numerator, on_time.denominator) == (2, 4)
    assert value("service.median_days_to_close", scope) == D("12.5")  # days 4, 8, 17, 25
    # working days 4, 6, 12 (清明: 5 Apr off) and 18 (the 调休 Saturday 6 May worked)
    assert value("service.median_workdays_to_close", scope) == D("9")
    sat = fig("service.satisfaction", scope)
    assert (sat.numerator, sat.denominator) == (2, 4)  # 2, 1, 3 and 1 in the window; 3 of September out
    assert [(d["level"], d["count"]) for d in sat.detail] == [("满意", 1), ("基本满意", 1), ("不满意", 2)]
    assert "2条办结诉求尚待企业确认评价" in sat.note
    received = fig("service.resolution_rate", scope)
    assert (received.numerator, received.denominator) == (4, 6)  # received in W: 6; resolved by 31 Aug: 4
    assert value("service.tickets_received", scope) == 6


def test_breakdowns_add_up_to_the_totals(region, parks):
    a, b = DepartmentFactory(region=region, name="县水务局", code="A"), DepartmentFactory(region=region, name="供电公司",
                                                                                      code="B")
    water, power = TicketCategoryFactory(code="water", name="用水"), TicketCategoryFactory(code="power", name="用电")
    in_a, in_b, outside = (EnterpriseFactory(region=region, park=p) for p in (parks[0], parks[1], None))
    project_in_b = ProjectFactory(region=region, park=parks[1], enterprise=in_a)
    # (category, department, enterprise, project, received, resolved, status, rating)
    rows = [(water, a, in_a, None, "2023-03-06", "2023-03-10", "closed", 3),
            (water, a, in_a, project_in_b, "2023-03-06", "2023-03-20", "closed", 1),  # the project's park counts
            (power, b, in_b, None, "2023-04-03", "2023-04-07", "resolved", None),
            (power, b, outside, None, "2023-05-04", None, "assigned", None),
            (power, None, outside, None, "2023-06-01", None, "received", None)]
    for cat, dept, firm_, project, received, resolved, status, rating in rows:
        t = TicketFactory(region=region, category=cat, department=dept, enterprise=firm_, project=project,
                          received_date=day(received), resolved_date=day(resolved) if resolved else None,
                          status=status)
        if rating:
            RatingFactory(ticket=t, date=day(resolved), satisfaction=rating)
    scope = Scope.county(region)
    by = {key: fig(f"service.by_{key}", scope) for key in ("category", "department", "park")}
    assert [(d["category"], d["received"], d["closed"]) for d in by["category"].detail] == [
        ("用电", 3, 1), ("用水", 2, 2)]  # in the categories' order (sort, code)
    assert [(d["department"], d["received"], d["resolved"], d["rated"], d["satisfied"])
            for d in by["department"].detail] == [("县水务局", 2, 2, 2, 1), ("供电公司", 2, 1, 0, 0),
                                                  ("未确定牵头单位", 1, 0, 0, 0)]
    assert [(d["park"], d["received"]) for d in by["park"].detail] == [("甲园区", 1), ("乙园区", 2), ("园区外", 2)]
    totals = {"received": value("service.tickets_received", scope), "closed": value("service.tickets_closed", scope),
              "on_time": fig("service.on_time_rate", scope).numerator,
              "rated": fig("service.satisfaction", scope).denominator}
    for figure in by.values():
        assert figure.value == len(figure.detail)
        for column, total in totals.items():
            assert sum(d[column] for d in figure.detail) == total, (figure.key, column)
        assert {r.model_label for r in figure.rows} == {"service.Ticket", "service.TicketEvent"}
        assert len(figure.rows[0].ids) == 5
    water_row = by["category"].detail[1]
    assert (water_row["resolution_rate"], water_row["on_time_rate"], water_row["satisfaction_rate"],
            water_row["median_workdays"]) == (D(100), D(50), D(50), D("7"))  # 4 and 10 working days


def test_on_time_counts_working_days_on_the_chinese_calendar(region):
    """Received Thursday 28 Sep 2023: the 5th working day after is 11 Oct (National Day off, 7–8 Oct worked)."""
    cat = TicketCategoryFactory(code="water", name="用水")
    for resolved in ("2023-10-11", "2023-10-12"):
        TicketFactory(region=region, category=cat, received_date=day("2023-09-28"), resolved_date=day(resolved),
                      status="resolved")
    on_time = fig("service.on_time_rate", Scope.county(region), Period(2023, 10))
    assert (on_time.numerator, on_time.denominator) == (1, 2)
    assert "节假日安排" in on_time.note


def test_on_time_is_not_guessed_in_an_unknown_year(region):
    cat = TicketCategoryFactory(code="water", name="用水")
    TicketFactory(region=region, category=cat, received_date=day("2031-03-03"), resolved_date=day("2031-03-05"),
                  status="resolved")
    on_time = fig("service.on_time_rate", Scope.county(region), Period(2031, 3))
    assert on_time.value is None and on_time.numerator is None
    assert "2031年的节假日安排尚未公布" in on_time.note

def test_policies_count_valid_on_the_period_end(region):
    PolicyFactory(region=region, issued_date=day("2023-01-10"))
    PolicyFactory(region=region, issued_date=day("2021-01-10"), valid_to=day("2025-12-31"))
    PolicyFactory(region=region, issued_date=day("2021-01-10"), valid_to=day("2022-12-31"))  # expired
    PolicyFactory(region=region, issued_date=day("2023-09-10"))  # issued after E
    PolicyFactory(region=region, issued_date=day("2023-03-01"), valid_from=day("2023-10-01"))  # not yet valid
    assert value("policies.count", Scope.county(region)) == 2


@pytest.fixture
def firms(region, parks):
    textile = ChainFactory(region=region, code="tex")
    seg = ChainSegmentFactory(chain=textile)
    big = firm(region, parks[0], industry_code="C18", is_treasure=True, name="大")
    stat(big, 12, year=2022, revenue_cum=5000)
    big.segments.add(seg)
    small = firm(region, None, years=(), industry_code="C13", name="小")
    stat(small, 12, year=2022, revenue_cum=800)
    other = firm(region, parks[1], industry_code="F51", name="商")
    closed = firm(region, parks[0], industry_code="C18", is_active=False, name="停")
    return {"big": big, "small": small, "other": other, "closed": closed}


@pytest.mark.parametrize("eligibility,expected", [
    ({}, {"大", "小", "商"}),
    ({"above_scale": True}, {"大", "商"}),
    ({"above_scale": False}, {"小"}),
    ({"in_park": True}, {"大", "商"}),
    ({"in_park": False}, {"小"}),
    ({"parks": ["PB"]}, {"商"}),
    ({"industry_prefixes": ["C"]}, {"大", "小"}),
    ({"industry_prefixes": ["c18"]}, {"大"}),
    ({"industry_prefixes": ["18", "５１"]}, {"大", "商"}),
    ({"chains": ["tex"]}, {"大"}),
    ({"min_revenue_wan": 1000}, {"大"}),
    ({"flags": ["is_treasure"]}, {"大"}),
    ({"above_scale": True, "industry_prefixes": ["C"], "in_park": True}, {"大"}),
])
def test_eligibility_matcher(region, firms, eligibility, expected):
    policy = PolicyFactory(region=region, eligibility=eligibility)
    assert {e.name for e in elig.eligible_enterprises(policy, 2023)} == expected
    assert elig.matches(eligibility, firms["big"], 2023) == ("大" in expected)


def test_eligibility_problems_are_named():
    assert elig.problems({"bogus": 1, "above_scale": "yes"}) == [
        "未识别的适用条件“bogus”", "适用条件“above_scale”应为 true 或 false"]
    with pytest.raises(elig.EligibilityError):
        elig.q({"flags": ["is_rich"]}, 2023)


def test_eligibility_industry_prefixes_are_codes_of_the_2017_list():
    assert elig.problems({"industry_prefixes": ["C", "18", "c3841"]}) == []
    [found] = elig.problems({"industry_prefixes": ["1810"]})
    assert found.startswith("适用条件“industry_prefixes”：行业代码“1810”不在 GB/T 4754-2017 中")
    assert elig.problems({"industry_prefixes": [" "]}) == ["适用条件“industry_prefixes”：行业代码不能为空"]
    assert elig.describe({"industry_prefixes": ["C", "18", "B3841"]}) == "行业代码：C 制造业、C18 纺织服装、服饰业、B3841"
    assert elig.describe({"above_scale": True, "min_revenue_wan": 2000}) == "规上企业，上年营业收入不低于2000万元"


def test_reach_rate_counts_eligible_pairs(region, firms):
    above = PolicyFactory(region=region, eligibility={"above_scale": True})  # eligible: 大, 商
    everyone = PolicyFactory(region=region, eligibility={})  # eligible: 大, 小, 商
    broken = PolicyFactory(region=region, eligibility={"bogus": True})
    PushFactory(policy=above, enterprise=firms["big"], date=day("2023-02-01"))
    PushFactory(policy=above, enterprise=firms["big"], date=day("2023-03-01"))  # pushed twice: one pair
    PushFactory(policy=above, enterprise=firms["small"], date=day("2023-02-01"))  # not eligible: not counted
    PushFactory(policy=everyone, enterprise=firms["small"], date=day("2023-02-01"))
    PushFactory(policy=everyone, enterprise=firms["other"], date=day("2023-09-01"))  # after E
    PushFactory(policy=broken, enterprise=firms["other"], date=day("2023-02-01"))
    f = fig("policies.reach_rate", Scope.county(region))
    assert (f.numerator, f.denominator) == (2, 5)  # pairs: (above, 大), (everyone, 小) of 2 + 3
    assert f.display() == "40.0%"
    assert len(f.anomalies) == 1 and "bogus" in f.anomalies[0]
    assert value("policies.reach_rate", Scope.park(firms["other"].park)) == 0  # 商 eligible twice, never reached


def test_granted_amount(region, firms):
    policy = PolicyFactory(region=region)
    ClaimFactory(policy=policy, enterprise=firms["big"], status="granted", granted_date=day("2023-05-01"),
                 amount_granted=D(300))
    ClaimFactory(policy=policy, enterprise=firms["small"], status="approved", amount_granted=D(999))
    assert value("policies.granted_amount", Scope.county(region)) == D(300)


def test_finance_and_labour(region, parks):
    a, b = firm(region, parks[0]), firm(region, None)
    bank1, bank2 = InstitutionFactory(name="农发行"), InstitutionFactory(name="农行")
    LoanFactory(enterprise=a, institution=bank1, amount=D(500000), date=day("2023-02-01"))
    LoanFactory(enterprise=b, institution=bank1, amount=D(378800), date=day("2023-07-01"))
    LoanFactory(enterprise=b, institution=bank2, amount=D(100), date=day("2022-12-31"))  # last year
    LabourSupplyFactory(enterprise=a, workers=5000, date=day("2023-03-01"))
    LabourSupplyFactory(enterprise=b, workers=3001, date=day("2023-08-31"))
    scope = Scope.county(region)
    assert value("finance.institutions", scope) == 1
    assert fig("finance.loans", scope).display() == "87.88亿元"
    assert value("labour.supplied", scope) == 8001
    assert value("labour.supplied", Scope.park(parks[0])) == 5000


def test_overdue_open_tickets_as_of_the_period_end(region):
    cat = TicketCategoryFactory(code="water", name="用水")
    # (received, deadline, resolved) — period 1—8月 2023 ends 2023-08-31
    rows = [("2023-06-01", "2023-06-15", None),  # open, deadline passed: overdue 77 days
            ("2023-06-01", "2023-06-15", "2023-09-05"),  # resolved only after the period end: overdue then
            ("2023-06-01", "2023-06-15", "2023-06-10"),  # resolved in time
            ("2023-08-20", "2023-09-10", None),  # deadline not yet reached
            ("2023-09-02", "2023-09-05", None),  # received after the period end
            ("2023-07-01", None, None)]  # no deadline: not overdue by this rule
    for received, deadline, resolved in rows:
        TicketFactory(region=region, category=cat, received_date=day(received),
                      deadline=day(deadline) if deadline else None,
                      resolved_date=day(resolved) if resolved else None,
                      status="resolved" if resolved else "handling")
    overdue = fig("service.overdue_open", Scope.county(region))
    assert overdue.value == 2
    assert sorted(d["days_overdue"] for d in overdue.detail) == [77, 77]
