"""亩均效益评价 (DOMAIN §8) and campaign targets, hand-computed."""
import datetime as dt
from decimal import Decimal

from yuanqu.figures.mujun import evaluate
from yuanqu.targets.factories import PublishedIndicatorFactory, TargetFactory

from .helpers import D, Period, Scope, compute, fig, firm, stat, value


def test_mujun_scores_and_classes(region, parks):
    # 规上, 10亩 each (tax, revenue, electricity, employees) for 2022 (1—12月):
    rows = {"F1": (30, 300, 30, 10), "F2": (10, 100, 20, 10), "F3": (20, 200, 10, 20)}
    for name, (tax, revenue, electricity, employees) in rows.items():
        stat(firm(region, parks[0], years=(2022,), name=name, land_area_mu=D(10)), 12, year=2022,
             tax_cum=tax, revenue_cum=revenue, electricity_cum=electricity, employees=employees)
    new = firm(region, parks[0], years=(2022,), name="NEW", land_area_mu=D(10), established=dt.date(2022, 3, 1))
    stat(new, 12, year=2022, tax_cum=1, revenue_cum=1, electricity_cum=1, employees=1)
    small = firm(region, None, years=(), name="SMALL", land_area_mu=D(6))
    stat(small, 12, year=2022, tax_cum=3, electricity_cum=2)
    firm(region, None, years=(), name="TINY", land_area_mu=D(3))  # under 5亩 and not 规上: not covered
    items = {d["name"]: d for d in evaluate(region, 2022)}
    assert set(items) == {"F1", "F2", "F3", "NEW", "SMALL"}
    # benchmarks (Σ ÷ Σ over F1—F3 and NEW): tax 61/40, revenue/亩 601/40, revenue/人 601/41, revenue/电 601/61
    bench = items["F1"]["benchmarks"]
    assert bench["tax"] == D(61) / D(40) and bench["labour_productivity"] == D(601) / D(41)
    f1 = D(3) / bench["tax"] * 30 + D(30) / bench["value_added"] * 20 \
        + D(30) / bench["labour_productivity"] * 20 + D(10) / bench["energy"] * 10
    assert items["F1"]["score"] == f1
    # ranked F1 > F3 > F2: share ranked above 0%, 33%, 67% → A, B, B; NEW unclassified; SMALL alone → A
    assert [items[n]["class"] for n in ("F1", "F3", "F2", "NEW", "SMALL")] == ["A", "B", "B", None, "A"]
    classes = fig("mujun.classes", Scope.county(region), Period(2023, 8))
    assert classes.value == 4 and "2022" in classes.label
    assert {d["class"]: d["count"] for d in classes.detail} == {"A": 2, "B": 2, "C": 0, "D": 0, "未分类": 1}


def test_mujun_percentile_classes_for_twenty_firms(region):
    for i in range(20):
        stat(firm(region, None, years=(2022,), name=f"F{i:02d}", land_area_mu=D(10)), 12, year=2022,
             tax_cum=100 - i, revenue_cum=100, electricity_cum=10, employees=10)
    classes = [d["class"] for d in sorted(evaluate(region, 2022), key=lambda d: d["name"])]
    assert classes == ["A"] * 5 + ["B"] * 9 + ["C"] * 5 + ["D"]  # 25% / 45% / 25% / 5%


def test_target_progress_unit_conversion_and_double_half(region, parks):
    a = firm(region, parks[0])
    stat(a, 8, output_cum=1000000, output_prev_cum=900000)  # 100亿元 in parks
    TargetFactory(region=region, code="park-output", name="园区工业总产值", scope_kind="parks",
                  indicator="park.output_ytd", year=2025, value=D(400), unit="亿元")
    TargetFactory(region=region, code="output-2023", name="规上工业总产值", indicator="industry.output_ytd",
                  year=2023, value=D(180), unit="亿元", is_annual=True)
    TargetFactory(region=region, code="gdp", name="地区生产总值增长", indicator="published.gdp_growth", year=2023,
                  value=D("7.8"), unit="%", is_annual=True)
    PublishedIndicatorFactory(region=region, code="gdp_growth", month=6, value=D("7.5"))
    PublishedIndicatorFactory(region=region, code="gdp_growth", month=9, value=D("9.9"))  # after the period
    TargetFactory(region=region, code="bad-unit", indicator="industry.output_ytd", value=D(3), unit="户")
    TargetFactory(region=region, code="bad-key", indicator="industry.nothing", value=D(3), unit="户")
    scope = Scope.county(region)
    park = fig("targets.park-output", scope)
    assert (park.value, park.denominator) == (D(1000000), D(4000000))
    assert park.detail[0]["progress"] == D(25) and park.display() == "100.00亿元"
    annual = fig("targets.output-2023", scope).detail[0]
    assert annual["progress"] == D(1000000) / D(1800000) * 100  # 55.6% ≥ 50% at 1—8月
    assert annual["time_progress"] == Decimal(8) / 12 * 100 and annual["double_half"] == "实现“双过半”"
    gdp = fig("targets.gdp", scope)
    assert gdp.value == D("7.5") and gdp.display() == "增长7.5%" and "1—6月" in gdp.note
    assert gdp.detail[0]["double_half"].startswith("不适用")
    assert fig("targets.bad-unit", scope).anomalies and fig("targets.bad-key", scope).value is None
    assert fig("targets.output-2023", scope, Period(2023, 5)).detail[0]["double_half"] == "时间未过半"
    # a park scope lists only its own targets
    assert list(compute(Scope.parks(region), Period(2023, 8), ["targets."])) == ["targets.park-output"]


def test_listed_treasure_and_new_billion_firms(region, parks):
    firm(region, parks[0], is_listed=True)
    firm(region, parks[0], is_treasure=True)
    firm(region, None, is_treasure=True, is_active=False)
    old = firm(region, None, name="老十亿")
    stat(old, 12, year=2021, output_cum=120000)  # 12亿元 already in 2021
    stat(old, 12, year=2022, output_cum=130000)
    grown = firm(region, None, name="新十亿")
    stat(grown, 12, year=2022, output_cum=90000)
    stat(grown, 8, year=2023, output_cum=100000)  # reaches 10亿元 in 1—8月 2023
    TargetFactory(region=region, indicator="enterprises.billion_new_count", value=D(10), unit="户",
                  baseline_year=2022)
    scope = Scope.county(region)
    assert value("enterprises.listed_count", scope) == 1
    assert value("enterprises.treasure_count", scope) == 1
    billion = fig("enterprises.billion_new_count", scope)
    assert billion.value == 1 and billion.detail == [{"enterprise": "新十亿", "first_year": 2023}]
