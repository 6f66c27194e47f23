"""Industry figures by DOMAIN §1—§2, each value computed by hand in the comments."""
from decimal import Decimal

import pytest

from yuanqu.chains.factories import ChainFactory, ChainSegmentFactory
from yuanqu.core.periods import Period
from yuanqu.enterprises.models import Enterprise

from .helpers import D, Scope, compute, fig, firm, stat, value

AUG = Period(2023, 8)


@pytest.fixture
def county(region, parks):
    """Five firms (output 1—8月 / 上年同期):
    A park PA, roster 2022+2023: 100 / 80
    B park PB, roster 2023:       50 / 40
    C park PA, roster 2022 only (left the roster): 30 / 100  → out of both years
    D outside parks, joined the roster in September: 70 / 10 → not in S(2023, 8)
    E outside parks, new producer (上年同期 0): 20 / 0        → in, base 0
    """
    pa, pb = parks
    a = firm(region, pa, years=(2022, 2023), name="甲公司")
    b = firm(region, pb, name="乙公司")
    c = firm(region, pa, years=(2022,), name="丙公司")
    d = firm(region, None, joined_month=9, name="丁公司")
    e = firm(region, None, name="戊公司")
    for f, cur, prev in ((a, 100, 80), (b, 50, 40), (c, 30, 100), (d, 70, 10), (e, 20, 0)):
        stat(f, 8, output_cum=cur, output_prev_cum=prev, profit_cum=-5, profit_prev_cum=-2, employees=10)
        stat(f, 7, output_cum=cur - 10, output_prev_cum=prev)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_output_and_comparable_growth(region, county):
    scope = Scope.county(region)
    # S = {A, B, E}: 100 + 50 + 20 = 170; base = 80 + 40 + 0 = 120 → (170/120 − 1) × 100 = 41.666…
    assert value("industry.output_ytd", scope) == D(170)
    g = fig("industry.output_growth", scope)
    assert (g.numerator, g.denominator) == (D(170), D(120))
    assert g.value == (D(170) / D(120) - 1) * 100
    assert g.display() == "增长41.7%"
    assert value("industry.above_scale_count", scope) == 3


def test_firm_that_left_the_roster_is_out_of_both_years(region, county):
    # Were C in, growth would be (200/220 − 1) = −9.1%; it is excluded from numerator AND base.
    rows = fig("industry.output_ytd", Scope.county(region)).rows[0]
    assert county["c"].monthly_stats.get(month=8).pk not in rows.ids
    assert fig("industry.output_growth", Scope.county(region)).denominator == D(120)


def test_firm_with_zero_base_gives_no_rate(region, county):
    # E alone: base 0 → no rate, shown "—"
    pe = firm(region, None).park  # None; build a park scope holding only E instead
    assert pe is None
    from yuanqu.org.factories import ParkFactory
    lone = ParkFactory(region=region, code="PE")
    e = county["e"]
    e.park = lone
    e.save()
    g = fig("industry.output_growth", Scope.park(lone))
    assert g.value is None and g.display() == "—"
    assert value("industry.output_ytd", Scope.park(lone)) == D(20)


def test_group_base_not_positive_gives_none(region, county):
    # profit 上年同期 Σ over S = −2 × 3 = −6 ≤ 0 → no growth rate
    assert value("industry.profit_ytd", Scope.county(region)) == D(-15)
    assert value("industry.profit_growth", Scope.county(region)) is None


def test_employment_is_a_sum_of_headcounts(region, county):
    assert value("industry.employment", Scope.county(region)) == 30


def test_monthly_value_is_derived(region, county):
    # each firm of S: cum(8) − cum(7) = 10 → 30
    f = fig("industry.output_month", Scope.county(region))
    assert f.value == D(30) and f.derived and not f.anomalies


def test_falling_cumulative_is_reported(region, county):
    b = county["b"]
    b.monthly_stats.filter(month=7).update(output_cum=D(65))  # 1—7月 65 > 1—8月 50
    f = fig("industry.output_month", Scope.county(region))
    # A 10 + B (50 − 65) + E 10 = 5: the value is what the rows say, and the fall is named
    assert f.value == D(5)
    assert len(f.anomalies) == 1 and "乙公司" in f.anomalies[0] and "低于" in f.anomalies[0]


def test_missing_previous_month_is_reported_not_used(region, county):
    county["a"].monthly_stats.filter(month=7).delete()
    f = fig("industry.output_month", Scope.county(region))
    assert f.value == D(20)  # B 10 + E 10
    assert any("缺少1—7月" in m for m in f.anomalies)


def test_february_is_one_combined_release(region, county):
    feb = Period(2023, 2)
    for f in county.values():
        stat(f, 2, output_cum=5, output_prev_cum=4)
    assert feb.label == "1-2月"
    month = fig("industry.output_month", Scope.county(region), feb)
    assert month.value is None and "1—2月" in month.note
    assert "1-2月" in fig("industry.output_ytd", Scope.county(region), feb).label


def test_missing_indicator_is_no_figure_not_zero(region, county):
    f = fig("industry.revenue_ytd", Scope.county(region))
    assert f.value is None and f.display() == "—"


def test_park_figures_and_share(region, parks, county):
    pa, pb = parks
    # parks: A (PA) 100 + B (PB) 50 = 150 of county 170 → 88.235…%
    share = fig("park.output_share", Scope.county(region))
    assert (share.numerator, share.denominator) == (D(150), D(170))
    assert share.value == D(150) / D(170) * 100
    assert share.display() == "88.24%"
    detail = {d["park"]: d for d in share.detail}
    assert detail["PA"]["output_ytd"] == D(100) and detail["PB"]["above_scale_count"] == 1
    assert value("park.output_ytd", Scope.park(pa)) == D(100)
    assert value("park.above_scale_count", Scope.parks(region)) == 2
    assert value("park.output_share", Scope.park(pb)) == D(50) / D(170) * 100


def test_chain_firms_count_once(region, county):
    textile = ChainFactory(region=region, is_main=True, code="tex", name="纺织鞋服")
    food = ChainFactory(region=region, is_main=True, code="food", name="健康食品")
    other = ChainFactory(region=region, is_main=False, code="oth")
    up, down = ChainSegmentFactory(chain=textile, position="up"), ChainSegmentFactory(chain=textile, position="down")
    county["a"].segments.add(up, down)  # two segments of one chain
    county["a"].segments.add(ChainSegmentFactory(chain=food))  # and a second main chain
    county["b"].segments.add(ChainSegmentFactory(chain=food))
    county["e"].segments.add(ChainSegmentFactory(chain=other))
    ChainSegmentFactory(chain=food, name="冷链")  # an empty segment
    assert value("chain.output_ytd", Scope.chain(textile)) == D(100)
    assert value("chain.output_ytd", Scope.chain(food)) == D(150)
    main = fig("chains.main_output_ytd", Scope.county(region))
    assert main.value == D(150)  # A once + B
    assert {d["chain"]: d["output_ytd"] for d in main.detail} == {"tex": D(100), "food": D(150)}
    assert value("chains.main_output_growth", Scope.county(region)) == (D(150) / D(120) - 1) * 100
    gaps = fig("chains.gaps", Scope.county(region))
    assert gaps.value == 1 and gaps.detail[0]["segment"] == "冷链"


def test_chain_named_on_the_roster_counts_like_a_segment(region, county):
    """所属产业链 without a segment (Enterprise.chains) makes a firm a member; on a segment too, once."""
    textile = ChainFactory(region=region, is_main=True, code="tex", name="纺织鞋服")
    county["a"].chains.add(textile)
    county["a"].segments.add(ChainSegmentFactory(chain=textile))  # both ways: still once
    county["b"].chains.add(textile)
    assert value("chain.output_ytd", Scope.chain(textile)) == D(150)
    assert value("chain.above_scale_count", Scope.chain(textile)) == 2
    main = fig("chains.main_output_ytd", Scope.county(region))
    assert main.value == D(150) and {d["chain"]: d["output_ytd"] for d in main.detail} == {"tex": D(150)}
    assert set(Enterprise.objects.in_chain(textile)) == {county["a"], county["b"]}


def test_figure_set_is_ordered_and_filterable(region, county):
    figs = compute(Scope.county(region), AUG, keys=["industry.", "park.output_share"])
    assert list(figs)[:3] == ["industry.output_ytd", "industry.output_growth", "industry.revenue_ytd"]
    assert "park.output_share" in figs and "park.output_ytd" not in figs
    assert list(compute(Scope.county(region), AUG, keys=["projects.signed"])) == [
        "projects.signed.count", "projects.signed.investment"]
    with pytest.raises(KeyError):
        compute(Scope.county(region), AUG, keys=["industry.output"])  # not a dotted prefix: a typo
    assert isinstance(figs["industry.output_ytd"].value, Decimal)


def test_output_trend_gives_every_month_of_output_growth(region, parks):
    """industry.output_trend: per month m = 1..N, the numerator and denominator of industry.output_growth
    at (Y, m), from one grouped query. A firm joining the roster in March counts from March; a month
    without 上年同期 is left out of both sums; a month nobody reported has no values."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = firm(region, parks[0], name="甲公司")
    b = firm(region, parks[1], joined_month=3, name="乙公司")
    for m, cur, prev in ((1, 10, 8), (2, 20, 15), (3, 30, None), (5, 50, 40)):
        stat(a, m, output_cum=cur, output_prev_cum=prev)
    for m, cur, prev in ((2, 7, 5), (3, 9, 6), (5, 15, 12)):
        stat(b, m, output_cum=cur, output_prev_cum=prev)
    scope, may = Scope.county(region), Period(2023, 5)
    with CaptureQueriesContext(connection) as queries:
        trend = fig("industry.output_trend", scope, may)
    assert len(queries) == 1
    # 1月: A 10/8; 2月: A 20/15 (B not yet on the roster); 3月: A has no 上年同期 → B 9/6; 4月: nothing; 5月: 65/52
    expected = {1: (D(10), D(8)), 2: (D(20), D(15)), 3: (D(9), D(6)), 4: (None, None), 5: (D(65), D(52))}
    assert [(d["month"], d["label"]) for d in trend.detail] == [
        (1, "1月"), (2, "1-2月"), (3, "1-3月"), (4, "1-4月"), (5, "1-5月")]
    for item in trend.detail:
        assert (item["numerator"], item["denominator"]) == expected[item["month"]]
        growth = fig("industry.output_growth", scope, Period(2023, item["month"]))
        assert (growth.numerator, growth.denominator) == (item["numerator"], item["denominator"])
        assert growth.value == item["growth"]
    assert (trend.value, trend.numerator, trend.denominator) == ((D(65) / D(52) - 1) * 100, D(65), D(52))
    park = fig("industry.output_trend", Scope.park(parks[1]), may)
    assert [(d["numerator"], d["denominator"]) for d in park.detail] == [
        (None, None), (None, None), (D(9), D(6)), (None, None), (D(15), D(12))]


def test_a_year_without_roster_has_no_totals_not_zero(region, parks):
    """Before the year's 规上 roster is imported the totals are unknown ("—"), not 0; a park without
    roster firms in a county that has them is a true 0."""
    firm(region, parks[0], years=(2022,))  # on last year's roster only
    figs = compute(Scope.county(region), AUG, keys=["industry.", "park."])
    for key in ("industry.output_ytd", "industry.above_scale_count", "industry.output_month", "park.output_ytd"):
        assert figs[key].value is None, key
        assert "名录未导入" in figs[key].note
    assert figs["industry.output_ytd"].display() == "—"

    on_roster = firm(region, parks[0])
    stat(on_roster, 8, output_cum=10, output_prev_cum=8)
    assert value("industry.above_scale_count", Scope.county(region)) == 1
    assert value("park.above_scale_count", Scope.park(parks[1])) == 0
    assert value("park.output_ytd", Scope.park(parks[1])) == D(0)
