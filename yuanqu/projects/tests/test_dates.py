"""Dates and years where they are entered: 1900—2200 everywhere, a project's stages in date order, and a
project page that stays readable with a row stored before the rule."""
import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from yuanqu.core.models import validate_date, validate_year
from yuanqu.core.tests.helpers import login_superuser, sample_world
from yuanqu.core.tests.pages import HTMX, staff, staff_of  # noqa: F401 (fixture)
from yuanqu.projects import services
from yuanqu.projects.models import Progress, Project, Stage, StageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = sample_world().project
    StageChange.objects.filter(project=project).delete()
    services.sync_from_history(project)
    return project


def refused(match: str):
    return pytest.raises(ValidationError, match=match)


# --- every date and year field of the platform -----------------------------------------------

SYSTEM_WRITTEN = {"accounts.User.last_login", "accounts.User.date_joined",  # Django's, set by the system
                  "notifications.Notification.created_at", "notifications.Notification.read_at",
                  "notifications.Delivery.created_at", "notifications.Delivery.finished_at",
                  "service.Reminder.fired_at"}


def _ours():
    return [m for m in apps.get_models() if m.__module__.startswith("yuanqu.")]


def test_every_date_and_year_field_is_validated():
    missing = []
    for model in _ours():
        for field in model._meta.get_fields():
            name = f"{model._meta.label}.{field.name}"
            if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):  # dates, times
                wanted = validate_date
            elif isinstance(field, models.IntegerField) and field.name.endswith("year"):
                wanted = validate_year
            else:
                continue
            if wanted not in field.validators and name not in SYSTEM_WRITTEN:
                missing.append(name)
    assert not missing, missing


@pytest.mark.parametrize("year", [1899, 2201, 9999, 99999])
def test_years_out_of_range_are_refused_in_chinese(year):
    with refused(f"年份应在1900—2200之间，实际为{year}"):
        validate_year(year)


def test_dates_out_of_range_are_refused_in_chinese():
    with refused("日期应在1900年—2200年之间，实际为2300-01-01"):
        validate_date(dt.date(2300, 1, 1))
    validate_date(dt.date(1900, 1, 1))
    validate_date(dt.date(2200, 12, 31))


# --- monthly progress --------------------------------------------------------------------------

@pytest.mark.parametrize("year", [99999, 9999, 1899])
def test_a_progress_entry_for_an_impossible_year_is_refused(project, year):
    with refused("年份应在1900—2200之间"):
        services.record_progress(project, year, 8, Decimal("100"))
    assert not Progress.objects.filter(project=project, year=year).exists()


# --- stage dates in order ------------------------------------------------------------------------

def test_a_start_dated_before_the_signing_is_refused(project):
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 2, 1), amount=Decimal("5000"))
    with refused("开工日期2023-01-15早于已记录的签约日期2023-02-01"):
        services.record_stage(project, Stage.STARTED, dt.date(2023, 1, 15))
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED and project.started_date is None
    assert list(project.stage_changes.values_list("stage", flat=True)) == [Stage.SIGNED]


def test_a_first_signing_dated_after_the_start_is_refused_but_an_increment_is_not(project):
    services.record_stage(project, Stage.STARTED, dt.date(2023, 3, 1))
    with refused("签约日期2023-04-01晚于已记录的开工日期2023-03-01"):
        services.record_stage(project, Stage.SIGNED, dt.date(2023, 4, 1), amount=Decimal("5000"))
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 2, 1), amount=Decimal("5000"))
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 5, 1), amount=Decimal("800"), note="增资")
    assert project.stage_changes.count() == 3


def test_termination_ends_the_order_and_a_project_may_resume(project):
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 2, 1))
    with refused("终止日期2023-01-01早于已记录的签约日期"):
        services.record_stage(project, Stage.TERMINATED, dt.date(2023, 1, 1))
    services.record_stage(project, Stage.TERMINATED, dt.date(2023, 4, 1))
    services.record_stage(project, Stage.STARTED, dt.date(2023, 6, 1))
    project.refresh_from_db()
    assert project.stage == Stage.STARTED


def test_the_admin_refuses_a_stage_out_of_order(client, project):
    login_superuser(client)
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 2, 1))
    page = client.post(reverse("admin:projects_stagechange_add"),
                       {"project": project.pk, "stage": Stage.STARTED, "date": "2023-01-15", "note": ""})
    assert page.status_code == 200 and "早于已记录的签约日期2023-02-01" in page.content.decode()
    assert not project.stage_changes.filter(stage=Stage.STARTED).exists()


def test_planned_dates_in_order():
    plan = Project(planned_start=dt.date(2024, 5, 1), planned_completion=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as info:
        plan.clean()
    assert info.value.message_dict == {
        "planned_completion": ["计划竣工日期2024-01-01早于计划开工日期2024-05-01，日期应按先后顺序填写"]}
    Project(planned_start=dt.date(2024, 1, 1), planned_production=dt.date(2025, 1, 1)).clean()


# --- the pages --------------------------------------------------------------------------------

def _key_project(demo_county):
    return Project.objects.get(region=demo_county, code="990999XM0001")


def test_the_progress_form_refuses_year_99999(client, demo_county):
    project = _key_project(demo_county)
    staff = staff_of(client, project.park)  # park staff write in their own park
    url = reverse("projects:progress", args=[project.pk])
    for year in (99999, 9999):
        page = staff.post(url, {"year": year, "month": 8, "completed_investment_cum": "100"})
        text = page.content.decode()
        assert page.status_code == 400 and ("年份应在1900—2200之间" in text or "32767" in text), year
    assert not Progress.objects.filter(project=project, year__gt=2200).exists()


def test_the_project_page_survives_a_row_of_an_impossible_year(staff, demo_county):  # noqa: F811
    project = _key_project(demo_county)
    Progress.objects.create(project=project, year=9999, month=8, completed_investment_cum=Decimal("1"))
    url = reverse("projects:detail", args=[project.pk])
    assert staff.get(url).status_code == 200
    assert staff.get(url, {"year": 9999}).status_code == 200
    assert staff.get(reverse("projects:list")).status_code == 200


def test_the_stage_form_refuses_a_start_before_the_signing(staff, demo_county):  # noqa: F811
    project = Project.objects.filter(region=demo_county, stage=Stage.SIGNED, signed_date__isnull=False).first()
    before = project.stage_changes.count()
    day = project.signed_date - dt.timedelta(days=10)
    page = staff.post(reverse("projects:stage", args=[project.pk]), {"stage": Stage.STARTED, "date": f"{day}"}, **HTMX)
    assert page.status_code == 200 and "早于已记录的签约日期" in page.content.decode()
    assert project.stage_changes.count() == before
