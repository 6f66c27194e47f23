"""Project figures by DOMAIN §4—§6 and §11 (rankings), hand-computed."""
import datetime as dt
from decimal import Decimal

import pytest

from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.projects import traffic_light
from yuanqu.projects.factories import AnnualPlanFactory, ProgressFactory, ProjectFactory, StageChangeFactory

from .helpers import D, Scope, fig, value

AUG = Period(2023, 8)


def project(region, inv, *changes, park=None, **kw):
    """A project with dated stage changes: (stage, 'YYYY-MM-DD'[, amount])."""
    p = ProjectFactory(region=region, park=park, total_investment=D(inv), **kw)
    for stage, day, *amount in changes:
        StageChangeFactory(project=p, stage=stage, date=dt.date.fromisoformat(day),
                           amount=D(amount[0]) if amount else None)
    return p


def test_signed_once_at_first_signing_and_increments_only(region):
    # A: signed 2022 (5000), capital increase 2023-03 (+700): not counted, +700 counted
    project(region, 5700, ("signed", "2022-11-20", 5000), ("signed", "2023-03-01", 700))
    # B: first signed 2023-02 (5000), increase 2023-05 (+700): counted once, 5700
    project(region, 5700, ("signed", "2023-02-01", 5000), ("signed", "2023-05-01", 700))
    # C: signed 2023-09: after the window
    project(region, 900, ("signed", "2023-09-02", 900))
    scope = Scope.county(region)
    assert value("projects.signed.count", scope) == 1
    assert value("projects.signed.investment", scope) == D(6400)
    assert value("projects.signed.count", scope, Period(2023, 9)) == 2


def test_stage_as_of_a_date(region):
    # negotiating from January, signed in September: in talks as of 1—8月, not as of 1—9月
    project(region, 3000, ("lead", "2022-12-01"), ("negotiating", "2023-01-10"), ("signed", "2023-09-05", 3000))
    # same-day changes: the later record (highest id) wins
    project(region, 2000, ("negotiating", "2023-04-01"), ("terminated", "2023-04-01"))
    project(region, 1000, ("negotiating", "2023-05-01"), park=None)
    scope = Scope.county(region)
    assert value("projects.negotiating.count", scope) == 2
    assert value("projects.negotiating.investment", scope) == D(4000)
    assert value("projects.negotiating.count", scope, Period(2023, 9)) == 1


def test_start_rate_numerator_and_denominator(region):
    planned = [project(region, 100, ("started", "2023-03-01")),
               project(region, 200, ("signed", "2023-01-01", 200)),
               project(region, 700, ("started", "2023-06-15"))]
    for p in planned:
        AnnualPlanFactory(project=p, year=2023, plan_start=True, planned_investment=D(50))
    project(region, 400, ("started", "2023-07-01"))  # started, but not in the year's plan
    project(region, 300, ("started", "2022-12-01"))  # started last year
    scope = Scope.county(region)
    assert value("projects.started.count", scope) == 3
    assert value("projects.started.investment", scope) == D(1200)
    by_count, by_amount = fig("projects.start_rate.by_count", scope), fig("projects.start_rate.by_amount", scope)
    assert (by_count.numerator, by_count.denominator) == (2, 3)
    assert by_count.display() == "66.7%"
    assert (by_amount.numerator, by_amount.denominator) == (D(800), D(1000)) and by_amount.value == D(80)
    assert "以年度计划开工项目为基数" in by_count.note


def test_completed_and_production(region):
    project(region, 1000, ("started", "2022-03-01"), ("completed", "2023-05-01"), ("production", "2023-06-01"))
    project(region, 500, ("completed", "2023-02-01"), ("completed", "2023-04-01"))  # counted once
    project(region, 800, ("completed", "2022-12-20"), ("production", "2023-01-05"))
    scope = Scope.county(region)
    assert (value("projects.completed.count", scope), value("projects.completed.investment", scope)) == (2, D(1500))
    assert (value("projects.production.count", scope), value("projects.production.investment", scope)) == (2, D(1800))


def test_deviation_uses_unrounded_values(region):
    # DOMAIN §4: 1—10月 629.0 / 647.4 = 97.1578…% − 83.3333…% = 13.8245… → 13.8
    p = project(region, 5000, ("started", "2022-01-01"), key_level="province")
    AnnualPlanFactory(project=p, year=2023, planned_investment=D("647.4"))
    ProgressFactory(project=p, year=2023, month=10, completed_investment_cum=D("629.0"))
    f = fig("projects.key_province.progress_deviation", Scope.county(region), Period(2023, 10))
    expected = D("629.0") / D("647.4") * 100 - Decimal(10) / Decimal(12) * 100
    assert f.value == expected
    assert fmt.points_phrase(f.value, 1) == "高于时间进度13.8个百分点"
    assert f.detail[0]["deviation"] == expected and f.detail[0]["light"] == "green"


def test_key_group_completion_sample(region):
    # two 省重点 projects: Σ done 1910 ÷ Σ plan 2000 = 95.50% at 1—8月 → +28.83 points
    for plan, done in ((1200, 1300), (800, 610)):
        p = project(region, 9000, ("started", "2022-05-01"), key_level="province")
        AnnualPlanFactory(project=p, year=2023, planned_investment=D(plan))
        ProgressFactory(project=p, year=2023, month=8, completed_investment_cum=D(done))
    no_progress = project(region, 9000, key_level="city")
    AnnualPlanFactory(project=no_progress, year=2023, planned_investment=D(100))
    scope = Scope.county(region)
    assert value("projects.key_province.completion", scope) == D("95.5")
    assert fig("projects.key_province.progress_deviation", scope).display() == "高于时间进度28.83个百分点"
    # a project without a progress row counts 0: 0% − 66.67% and red (planned start unknown)
    city = fig("projects.key_city.progress_deviation", scope)
    assert city.value == -Decimal(8) / Decimal(12) * 100
    assert city.detail[0]["light"] == "red"


@pytest.mark.parametrize("deviation,planned_start,started,light", [
    (D(-5), None, True, "green"),
    (D(-10), None, True, "yellow"),
    (D(-30), None, True, "yellow"),
    (D("-30.01"), None, True, "red"),
    (D(5), dt.date(2023, 5, 31), False, "red"),  # 3 months late at 2023-08-31
    (D(5), dt.date(2023, 6, 15), False, "green"),  # 2 months late
    (D(5), dt.date(2023, 3, 1), True, "green"),  # started
])
def test_traffic_lights(deviation, planned_start, started, light):
    assert traffic_light(deviation, planned_start, started, AUG)[0] == light


def test_quarterly_rankings(region, settings):
    settings.YUANQU_RULES = {**settings.YUANQU_RULES, "red_list_top": 2, "black_list_bottom": 2}
    rows = [  # code, target Q2, actual at 6月, force majeure, continuing
        ("P1", 10000, 20000, False, False),  # score 200, +10000 (100% and ≥ 5000): steed, red
        ("P2", 10000, 12000, False, False),  # 120: red
        ("P3", 10000, 11000, False, True),  # 110: exceeded but not top 2
        ("P4", 10000, 9000, False, True),  # 90: continuing, missed → snail; black (bottom 2 of the non-exempt)
        ("P5", 10000, 5000, True, False),  # 50: force majeure, exempt from black
        ("P6", 10000, 7000, False, False),  # 70: black
    ]
    for code, target, actual, fm, continuing in rows:
        p = project(region, 90000, ("started", "2022-01-01"), code=code, is_force_majeure=fm)
        AnnualPlanFactory(project=p, year=2023, planned_investment=D(40000), is_continuing=continuing,
                          quarter_targets={"1": target / 2, "2": target})
        ProgressFactory(project=p, year=2023, month=6, completed_investment_cum=D(actual))
    late = project(region, 1000, ("signed", "2023-01-01", 1000), code="P7", planned_start=dt.date(2023, 5, 1))
    AnnualPlanFactory(project=late, year=2023, plan_start=True, planned_investment=D(500))
    scope = Scope.county(region)
    lists = {k: [d["project"] for d in fig(f"rankings.{k}", scope).detail]
             for k in ("red_list", "black_list", "steed", "snail")}
    assert lists == {"red_list": ["P1", "P2"], "black_list": ["P4", "P6"], "steed": ["P1"], "snail": ["P4", "P7"]}
    assert fig("rankings.red_list", scope).label == "2023年二季度红榜项目"
    assert value("rankings.red_list", scope, Period(2023, 2)) is None  # no quarter ended yet


def test_designations_are_counted_as_recorded_never_computed(region):
    from yuanqu.projects.factories import DesignationFactory

    a = project(region, 90000, code="A")
    b = project(region, 50000, code="B")
    project(region, 90000, code="C")  # would be a steed by the rule: not recorded, not counted
    for p in (a, b):
        DesignationFactory(project=p, region=region, quarter=1)
    DesignationFactory(project=None, region=region, kind="red_list", level="province", issuer="示例省办公室", quarter=1)
    DesignationFactory(project=b, region=region, quarter=2)
    scope = Scope.county(region)
    q1 = fig("designations.steed", scope, Period(2023, 3))
    assert q1.value == 2 and [d["project"] for d in q1.detail] == ["A", "B"]  # largest first
    assert q1.label == "2023年一季度上级评定的骏马项目" and "示例市“园区提质”" in q1.note
    assert value("designations.steed", scope, Period(2023, 8)) == 1  # the latest quarter ended: 二季度
    red = fig("designations.red_list", scope, Period(2023, 5))
    assert red.value == 0 and red.detail[0]["name"] == region.name and not red.detail[0]["is_project"]
    assert value("designations.steed", scope, Period(2023, 2)) is None
