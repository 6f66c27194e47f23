"""Service, policy and factor figures; the policy eligibility matcher."""
import datetime as dt

import pytest

from yuanqu.chains.factories import ChainFactory, ChainSegmentFactory
from yuanqu.core.periods import Period
from yuanqu.factors.factories import InstitutionFactory, LabourSupplyFactory, LoanFactory
from yuanqu.policies import eligibility as elig
from yuanqu.policies.factories import ClaimFactory, PolicyFactory, PushFactory
from yuanqu.service.factories import AssignmentFactory, TicketCategoryFactory, TicketFactory

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
    # (category, received, resolved, deadline, status, satisfaction)
    rows = [(water, "2023-03-06", "2023-03-10", None, "resolved", 3),  # Mon → Fri: within 5 workdays
            (water, "2023-03-06", "2023-03-14", None, "closed", 2),  # Mon → next Tue: 6 workdays, late
            (power, "2023-04-03", "2023-04-20", "2023-04-30", "closed", 1),  # by its deadline
            (power, "2023-05-05", "2023-05-30", "2023-05-20", "resolved", None),  # after its deadline
            (land, "2023-07-01", "2023-09-02", None, "resolved", 3),  # closed after the window
            (land, "2023-07-01", None, None, "handling", None)]  # open
    for cat, received, resolved, deadline, status, sat in rows:
        TicketFactory(region=region, category=cat, received_date=day(received),
                      resolved_date=day(resolved) if resolved else None,
                      deadline=day(deadline) if deadline else None, status=status, satisfaction=sat)
    scope = Scope.county(region)
    closed = fig("service.tickets_closed", scope)
    assert closed.value == 4 and "2类" in closed.note
    assert {d["category"]: d["count"] for d in closed.detail} == {"用水": 2, "用电": 2}
    assert value("service.ticket_categories", scope) == 2
    on_time = fig("service.on_time_rate", scope)
    assert (on_time.numerator, on_time.denominator) == (2, 4)
    assert value("service.median_days_to_close", scope) == D("12.5")  # days 4, 8, 17, 25
    sat = fig("service.satisfaction", scope)
    assert (sat.numerator, sat.denominator) == (2, 3)


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
