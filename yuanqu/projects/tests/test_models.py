"""Projects, their stage history, plans and monthly progress: rules held by the model and the database."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yuanqu.core.tests.helpers import project, refused, region
from yuanqu.projects.models import STAGE_ORDER, AnnualPlan, Progress, Project, Stage, StageChange

pytestmark = pytest.mark.django_db


def progress(proj, year=2023, month=8, **kw):
    return Progress.objects.create(project=proj, year=year, month=month, **kw)


# --- investment is never negative ------------------------------------------------------------

def test_negative_total_investment_is_refused_by_the_database_on_update():
    proj = project(region(), total_investment=Decimal("100.00"))
    with refused():
        Project.objects.filter(pk=proj.pk).update(total_investment=-1)
    proj.refresh_from_db()
    assert proj.total_investment == Decimal("100.00")


def test_negative_total_investment_is_refused_by_the_database_on_bulk_create():
    with refused():
        Project.objects.bulk_create([Project(code="XM-1", name="负投资", region=region(),
                                             total_investment=Decimal("-0.01"))])


def test_full_clean_refuses_negative_total_investment_in_chinese():
    proj = project(region())
    proj.total_investment = Decimal("-1")
    with pytest.raises(ValidationError) as exc:
        proj.full_clean()
    assert exc.value.message_dict["total_investment"] == ["确保该值大于或等于0。"]


def test_zero_investment_is_accepted_and_money_stays_decimal():
    proj = project(region(), total_investment=Decimal("114880.00"))
    proj.refresh_from_db()
    assert proj.total_investment == Decimal("114880.00")
    assert project(region("510001", "乙县"), code="XM002").total_investment == Decimal("0")


def test_negative_amounts_elsewhere_are_refused_by_the_database():
    proj = project(region())
    with refused():
        StageChange.objects.create(project=proj, stage=Stage.SIGNED, date=dt.date(2023, 2, 1), amount=-1)
    with refused():
        AnnualPlan.objects.create(project=proj, year=2023, planned_investment=-1)
    with refused():
        progress(proj, completed_investment_cum=-1)


# --- periods -----------------------------------------------------------------------------------

@pytest.mark.parametrize("month", [0, 13])
def test_progress_month_outside_1_12_is_refused_by_the_database(month):
    with refused():
        progress(project(region()), month=month)


def test_progress_month_cannot_be_updated_out_of_range():
    row = progress(project(region()))
    with refused():
        Progress.objects.filter(pk=row.pk).update(month=0)


def test_one_progress_row_per_project_and_period():
    proj = project(region())
    progress(proj)
    with refused():
        progress(proj)
    assert progress(proj, month=9).pk


def test_one_annual_plan_per_project_and_year():
    proj = project(region())
    AnnualPlan.objects.create(project=proj, year=2023, planned_investment=Decimal("30000"))
    with refused():
        AnnualPlan.objects.create(project=proj, year=2023, planned_investment=Decimal("1"))
    assert AnnualPlan.objects.create(project=proj, year=2024, planned_investment=Decimal("1")).pk


# --- stages ------------------------------------------------------------------------------------

def test_stage_order_excludes_termination():
    assert STAGE_ORDER == ["lead", "negotiating", "signed", "started", "building", "completed", "production"]
    assert Stage.TERMINATED.label == "终止"


def test_signing_history_keeps_every_event():
    proj = project(region())
    StageChange.objects.create(project=proj, stage=Stage.SIGNED, date=dt.date(2023, 2, 1), amount=Decimal("100"))
    StageChange.objects.create(project=proj, stage=Stage.SIGNED, date=dt.date(2023, 6, 1), amount=Decimal("20"))
    first = proj.stage_changes.filter(stage=Stage.SIGNED).order_by("date", "id").first()
    assert first.date == dt.date(2023, 2, 1)
    assert [c.amount for c in proj.stage_changes.all()] == [Decimal("100"), Decimal("20")]
