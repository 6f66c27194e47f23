"""示例县 project figures for 2023-08, by plain aggregation (docs/figures.md “Projects”)."""
from decimal import Decimal

import pytest
from django.db.models import Count, Max

from yuanqu.projects import services
from yuanqu.projects.models import AnnualPlan, Lead, Progress, Project, Stage, StageChange

from .helpers import E, W, first_change, first_in_window, pct, rounded, stage_as_of, total, yi

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_signed_projects_and_investment(demo_county):
    signed = first_in_window(demo_county, Stage.SIGNED)
    assert signed.count() == 20
    changes = StageChange.objects.filter(project__region=demo_county, stage=Stage.SIGNED, date__range=W)
    amount = total(changes, "amount")
    assert amount == Decimal("1148800.00") and yi(amount) == Decimal("114.88")
    increases = changes.values("project").annotate(n=Count("id")).filter(n__gt=1)
    assert increases.count() == 1
    assert set(changes.values_list("project", flat=True)) == set(signed.values_list("pk", flat=True))


def test_signings_outside_the_window_exist_and_do_not_count(demo_county):
    projects = Project.objects.filter(region=demo_county)
    earlier = projects.annotate(first=first_change(Stage.SIGNED))
    assert earlier.filter(first__year=2022).count() >= 10
    assert StageChange.objects.filter(project__region=demo_county, stage=Stage.SIGNED, date__gt=E).exists()


def test_negotiating_as_of_end_of_august(demo_county):
    negotiating = stage_as_of(demo_county, E).filter(stage_then=Stage.NEGOTIATING)
    assert negotiating.count() == 23
    investment = total(negotiating, "total_investment")
    assert investment == Decimal("2944800.00") and yi(investment) == Decimal("294.48")
    names = set(negotiating.values_list("name", flat=True))
    assert {"新型双离子电池产业园项目", "锂电池钢壳制造项目"} <= names
    # one of them signed later: its current stage is no longer 洽谈
    assert negotiating.exclude(stage=Stage.NEGOTIATING).exists()


def test_terminated_and_source_regions(demo_county):
    projects = Project.objects.filter(region=demo_county)
    assert projects.filter(stage=Stage.TERMINATED).exists()
    assert projects.filter(source_region="成都").exists() and projects.filter(source_region="重庆").exists()


def test_start_rate_against_this_years_plan(demo_county):
    planned = Project.objects.filter(region=demo_county, plans__year=2023, plans__plan_start=True)
    assert planned.count() == 20
    planned_investment = total(planned, "total_investment")
    assert planned_investment == Decimal("832700.00") and yi(planned_investment) == Decimal("83.27")
    started = first_in_window(demo_county, Stage.STARTED)
    assert set(started.values_list("pk", flat=True)) <= set(planned.values_list("pk", flat=True))
    both = planned.filter(pk__in=started.values("pk"))
    started_investment = total(both, "total_investment")
    assert both.count() == 19
    assert started_investment == Decimal("816000.00") and rounded(started_investment / 10000, "0.1") == Decimal("81.6")
    assert pct(19, 20, "0.1") == Decimal("95.0")
    assert pct(started_investment, planned_investment, "0.1") == Decimal("98.0")


def test_completed_and_in_production(demo_county):
    completed = first_in_window(demo_county, Stage.COMPLETED)
    production = first_in_window(demo_county, Stage.PRODUCTION)
    assert completed.count() == production.count() == 8
    assert set(completed.values_list("pk", flat=True)) == set(production.values_list("pk", flat=True))
    investment = total(completed, "total_investment")
    assert investment == Decimal("149000.00") and rounded(investment / 10000, "0.1") == Decimal("14.9")


@pytest.mark.parametrize("level, planned, done, completion, deviation", [
    ("province", "186400.00", "178012.00", "95.50", "28.83"),
    ("city", "143700.00", "108507.87", "75.51", "8.84"),
])
def test_key_groups_against_time_progress(demo_county, level, planned, done, completion, deviation):
    group = Project.objects.filter(region=demo_county, key_level=level, plans__year=2023)
    planned_sum = total(AnnualPlan.objects.filter(project__in=group, year=2023), "planned_investment")
    done_sum = total(Progress.objects.filter(project__in=group, year=2023, month=8), "completed_investment_cum")
    assert (planned_sum, done_sum) == (Decimal(planned), Decimal(done))
    rate = done_sum / planned_sum * 100
    assert rounded(rate) == Decimal(completion)
    assert rounded(rate - Decimal(8) / Decimal(12) * 100) == Decimal(deviation)


def test_plans_are_realistic(demo_county):
    plans = AnnualPlan.objects.filter(project__region=demo_county, year=2023)
    assert plans.filter(is_continuing=True).exists() and plans.filter(plan_complete=True).exists()
    for plan in plans:
        assert plan.planned_investment <= plan.project.total_investment
        assert Decimal(plan.quarter_targets["4"]) == plan.planned_investment
        assert [plan.quarter_targets[q] for q in "1234"] == sorted(plan.quarter_targets[q] for q in "1234")


def test_progress_rows_for_every_planned_project(demo_county):
    planned = Project.objects.filter(region=demo_county, plans__year=2023)
    rows = Progress.objects.filter(project__in=planned, year=2023)
    assert rows.count() == planned.count() * 12
    assert not rows.filter(batch__isnull=True).exists()
    assert rows.exclude(problems="").exists() and not rows.filter(image_progress="").exists()
    for project in planned:
        values = list(rows.filter(project=project).order_by("month").values_list("completed_investment_cum", flat=True))
        assert values == sorted(values), project.name
        plan = project.plans.get(year=2023).planned_investment
        assert values[-1] <= max(values[7], plan * Decimal("1.12")), project.name


def test_stage_history_matches_the_denormalised_fields(demo_county):
    fields = ["stage", *services.DATE_FIELDS.values()]
    for project in Project.objects.filter(region=demo_county):
        stored = [getattr(project, f) for f in fields]
        services.sync_from_history(project, save=False)
        assert stored == [getattr(project, f) for f in fields], project.name


def test_leads_cover_gaps_and_conversions(demo_county):
    leads = Lead.objects.filter(region=demo_county)
    assert leads.count() >= 10
    assert leads.filter(project__isnull=False).exists()
    assert leads.filter(segment__enterprises__isnull=True, segment__isnull=False).exists()
    assert leads.filter(source_region__in=["成都", "重庆"]).count() >= 4


def test_history_dates_are_ordered_by_stage(demo_county):
    order = {s: i for i, s in enumerate([Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED,
                                         Stage.BUILDING, Stage.COMPLETED, Stage.PRODUCTION])}
    for project in Project.objects.filter(region=demo_county).prefetch_related("stage_changes"):
        steps = [c for c in sorted(project.stage_changes.all(), key=lambda c: (c.date, c.id))
                 if c.stage != Stage.TERMINATED]
        ranks = [order[c.stage] for c in steps]
        assert ranks == sorted(ranks), project.name
    assert StageChange.objects.filter(project__region=demo_county).aggregate(d=Max("date"))["d"].year == 2023
