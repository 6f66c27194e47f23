"""Land and building figures by DOMAIN §7 (53号令 idle land, 土地建成率, revitalization, vacancy)."""
import datetime as dt

import pytest

from yuanqu.land.factories import FactoryBuildingFactory, LandParcelFactory, RevitalizationFactory
from yuanqu.land.models import LandParcel

from .helpers import D, Period, Scope, fig, firm, stat, value

S = LandParcel.Status
day = dt.date.fromisoformat


def parcel(park, code, **kw):
    kw.setdefault("supplied_date", day("2020-06-01"))
    kw.setdefault("status", S.SUPPLIED)
    for key in ("agreed_start_date", "actual_start_date", "stopped_date", "built_date"):
        if isinstance(kw.get(key), str):
            kw[key] = day(kw[key])
    return LandParcelFactory(park=park, code=code, **kw)


def test_idle_land_reasons(parks, region):
    pa, _ = parks
    parcel(pa, "U1", area_mu=D(30), agreed_start_date="2022-08-01")  # 395 days unstarted: idle (1 year)
    parcel(pa, "U2", area_mu=D(20), agreed_start_date="2021-06-01")  # > 2 years: may be recovered
    parcel(pa, "U3", area_mu=D(10), agreed_start_date="2022-09-15")  # 350 days: not yet
    parcel(pa, "S1", area_mu=D(30), developed_area_mu=D(5), agreed_start_date="2021-01-01",
           actual_start_date="2021-03-01", status=S.STOPPED, stopped_date="2022-06-01")  # 5/30 < 1/3
    parcel(pa, "S2", area_mu=D(30), developed_area_mu=D(20), agreed_investment=D(1000), invested_amount=D(200),
           actual_start_date="2021-03-01", status=S.STOPPED, stopped_date="2022-05-01")  # 20% < 25%
    parcel(pa, "S3", area_mu=D(30), developed_area_mu=D(20), agreed_investment=D(1000), invested_amount=D(600),
           actual_start_date="2021-03-01", status=S.STOPPED, stopped_date="2022-01-01")  # enough done: not idle
    parcel(pa, "S4", area_mu=D(30), developed_area_mu=D(1), actual_start_date="2021-03-01", status=S.STOPPED,
           stopped_date="2023-01-01")  # stopped < 1 year
    parcel(pa, "R1", area_mu=D(30), agreed_start_date="2020-01-01", status=S.RECOVERED)  # recovered
    parcel(pa, "A1", area_mu=D(30), supplied_date=None, agreed_start_date="2020-01-01", status=S.APPROVED)
    idle = fig("land.idle", Scope.county(region))
    reasons = {d["parcel"]: d for d in idle.detail}
    assert sorted(reasons) == ["S1", "S2", "U1", "U2"]
    assert idle.value == 4 and value("land.idle_area_mu", Scope.county(region)) == D(110)
    assert "满395天未动工" in reasons["U1"]["reason"] and "20%" in reasons["U1"]["action"]
    assert "无偿收回" in reasons["U2"]["action"]
    assert "不足总面积" in reasons["S1"]["reason"] and "停工满" in reasons["S1"]["reason"]
    assert "不足约定投资" in reasons["S2"]["reason"]


def test_supplied_use_rate_is_land_built_rate(parks, region):
    pa, pb = parks
    parcel(pa, "B1", area_mu=D(100), developed_area_mu=D(95), status=S.BUILT)
    parcel(pb, "B2", area_mu=D(50), developed_area_mu=D(40), status=S.BUILDING)
    parcel(pb, "B3", area_mu=D(50), developed_area_mu=D(0), supplied_date=day("2023-09-01"))  # after E
    parcel(pb, "B4", area_mu=D(50), developed_area_mu=D(0), status=S.RECOVERED)
    f = fig("land.supplied_use_rate", Scope.county(region))
    assert (f.numerator, f.denominator) == (D(135), D(150)) and f.value == D(90)
    assert "土地建成率" in f.label and "土地建成率" in f.note
    assert value("land.supplied_use_rate", Scope.park(pb)) == D(80)
    assert value("land.supplied_use_rate", Scope.parks(region)) == D(90)


def test_low_efficiency_land(parks, region):
    pa, _ = parks
    poor, rich = firm(region, pa, land_area_mu=D(10)), firm(region, pa, land_area_mu=D(10))
    stat(poor, 12, year=2022, tax_cum=10)  # 1 万元/亩
    stat(rich, 12, year=2022, tax_cum=90)  # 9 万元/亩; average (10+90)/20 = 5 → 40% = 2
    parcel(pa, "L1", area_mu=D(10), status=S.BUILT, built_date="2021-01-01", plot_ratio=D("1.5"), holder=poor)
    parcel(pa, "L2", area_mu=D(10), status=S.BUILT, built_date="2021-01-01", plot_ratio=D("1.5"), holder=rich)
    parcel(pa, "L3", area_mu=D(7), status=S.BUILT, built_date="2021-01-01", plot_ratio=D("0.8"))
    parcel(pa, "L4", area_mu=D(3), is_low_efficiency=True)
    low = fig("land.low_efficiency", Scope.county(region))
    assert sorted(d["parcel"] for d in low.detail) == ["L1", "L3", "L4"]
    assert value("land.low_efficiency_area_mu", Scope.county(region)) == D(20)
    assert "亩均税收" in {d["parcel"]: d["reason"] for d in low.detail}["L1"]


def test_revitalization_and_vacancy(parks, region):
    pa, pb = parks
    RevitalizationFactory(parcel=parcel(pa, "V1"), area_mu=D(80), date=day("2023-03-01"))
    RevitalizationFactory(parcel=parcel(pb, "V2"), area_mu=D(40), date=day("2023-08-31"))
    RevitalizationFactory(parcel=parcel(pb, "V3"), area_mu=D(99), date=day("2023-09-01"))  # after E
    RevitalizationFactory(parcel=parcel(pb, "V4"), area_mu=D(99), date=day("2022-12-31"))  # last year
    b1 = FactoryBuildingFactory(park=pa, floor_area_m2=D(30000), let_area_m2=D(24000))
    b2 = FactoryBuildingFactory(park=pb, floor_area_m2=D(20000), let_area_m2=D(11000))
    FactoryBuildingFactory(park=pb, floor_area_m2=D(50000), completed_date=day("2023-10-01"))  # not built by E
    RevitalizationFactory(parcel=None, building=b1, area_mu=None, area_m2=D(26000), date=day("2023-04-01"))
    RevitalizationFactory(parcel=None, building=b2, area_mu=None, area_m2=D(20000), date=day("2023-07-01"))
    scope = Scope.county(region)
    assert value("land.revitalized_mu", scope) == D(120)
    m2 = fig("buildings.revitalized_m2", scope)
    assert m2.value == D(46000) and m2.display() == "4.6万平方米"
    vacancy = fig("buildings.vacancy_rate", scope)
    assert (vacancy.numerator, vacancy.denominator) == (D(15000), D(50000)) and vacancy.value == D(30)
    assert value("land.revitalized_mu", Scope.park(pb)) == D(40)


@pytest.mark.parametrize("month,expected", [(3, D(0)), (8, D(10))])
def test_revitalization_window(parks, region, month, expected):
    RevitalizationFactory(parcel=parcel(parks[0], "W1"), area_mu=D(10), date=day("2023-06-30"))
    assert value("land.revitalized_mu", Scope.county(region), Period(2023, month)) == expected


def test_supply_figures_as_of_the_period_end(parks, region):
    """批而未供, 供而未用 and 土地供应率 from each parcel's own dates (DOMAIN §7), at 2023-08-31:
    A approved 2023-03, supplied 2023-09 → 批而未供 at August (10亩);
    B approved and supplied 2023-05, started 2023-10 → 供而未用 (20亩);
    C supplied 2021 (no approval date recorded), started 2022 → supplied and used (30亩);
    D approved 2023-09 → not yet approved in August; E recovered → out of every set.
    Supply rate = (20 + 30) ÷ (10 + 20 + 30) = 83.3%."""
    pa, pb = parks
    parcel(pa, "A", area_mu=D(10), approved_date=day("2023-03-01"), supplied_date=day("2023-09-15"),
           status=S.SUPPLIED)
    parcel(pa, "B", area_mu=D(20), approved_date=day("2023-02-01"), supplied_date=day("2023-05-01"),
           actual_start_date="2023-10-01", status=S.BUILDING)
    parcel(pb, "C", area_mu=D(30), supplied_date=day("2021-01-01"), actual_start_date="2022-01-01", status=S.BUILT)
    parcel(pb, "D", area_mu=D(40), approved_date=day("2023-09-01"), supplied_date=None, status=S.APPROVED)
    parcel(pb, "E", area_mu=D(50), approved_date=day("2020-01-01"), supplied_date=None, status=S.RECOVERED)
    county = Scope.county(region)
    rate = fig("land.supply_rate", county)
    assert (rate.numerator, rate.denominator) == (D(50), D(60)) and rate.display() == "83.3%"
    unsupplied = fig("land.approved_unsupplied", county)
    assert unsupplied.value == 1 and [d["parcel"] for d in unsupplied.detail] == ["A"]
    assert value("land.approved_unsupplied_area_mu", county) == D(10)
    unused = fig("land.supplied_unused", county)
    assert unused.value == 1 and [d["parcel"] for d in unused.detail] == ["B"]
    assert value("land.supplied_unused_area_mu", county) == D(20)
    # a year later A is supplied and unused, B started, D approved and not supplied
    later = Period(2024, 8)
    assert [d["parcel"] for d in fig("land.approved_unsupplied", county, later).detail] == ["D"]
    assert [d["parcel"] for d in fig("land.supplied_unused", county, later).detail] == ["A"]
    assert value("land.supply_rate", Scope.park(pb), later) == D(30) / D(70) * 100
    assert sorted(fig("land.supply_rate", county, later).rows[0].ids) == sorted(
        LandParcel.objects.filter(code__in=["A", "B", "C", "D"]).values_list("pk", flat=True))
