"""The project admin: inlines (stage history, plans, progress), recorded writers, money as stored."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yuanqu.core.tests.helpers import assert_admin_pages, login_superuser, project, region, sample_world
from yuanqu.projects.models import Project

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:projects_project_add")
CHANGELIST_URL = reverse("admin:projects_project_changelist")


def inline_management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_every_model_has_a_working_admin(client):
    sample_world()
    login_superuser(client)
    assert_admin_pages(client, "projects")


def test_add_with_inlines_records_who_wrote_what(client):
    reg = region()
    user = login_superuser(client)
    data = {
        "code": "XM100", "name": "新型双离子电池产业园", "kind": "industry", "key_level": "province",
        "total_investment": "114880.00", "region": reg.pk, "stage": "signed",
        **inline_management("stage_changes", 1),
        "stage_changes-0-stage": "signed", "stage_changes-0-date": "2023-02-01",
        "stage_changes-0-amount": "114880.00",
        **inline_management("plans", 1),
        "plans-0-year": "2023", "plans-0-planned_investment": "30000.00", "plans-0-plan_start": "on",
        "plans-0-quarter_targets": '{"1": 5000}',
        **inline_management("progress", 1),
        "progress-0-year": "2023", "progress-0-month": "8", "progress-0-completed_investment_cum": "28650.00",
    }
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    proj = Project.objects.get(code="XM100")
    assert proj.total_investment == Decimal("114880.00")
    change = proj.stage_changes.get()
    assert change.created_by == user and change.amount == Decimal("114880.00")
    assert proj.plans.get().quarter_targets == {"1": 5000}
    row = proj.progress.get()
    assert row.written_by == user and row.completed_investment_cum == Decimal("28650.00")


def test_progress_month_13_is_a_message_not_a_500(client):
    proj = project(region())
    login_superuser(client)
    data = {"project": proj.pk, "year": "2023", "month": "13", "completed_investment_cum": "1.00"}
    response = client.post(reverse("admin:projects_progress_add"), data)
    assert response.status_code == 200
    assert not proj.progress.exists()


def test_money_is_shown_as_stored(client):
    project(region(), total_investment=Decimal("114880.00"))
    project(region("510001", "乙县"), code="XM002", total_investment=Decimal("1234567.05"))
    login_superuser(client)
    page = client.get(CHANGELIST_URL).content.decode()
    assert '<td class="field-total_investment">114880.00</td>' in page
    assert '<td class="field-total_investment">1234567.05</td>' in page


def test_changelists_do_not_query_per_row(client):
    from yuanqu.projects.models import Progress, StageChange

    world = sample_world()
    login_superuser(client)
    urls = [CHANGELIST_URL, reverse("admin:projects_progress_changelist"),
            reverse("admin:projects_stagechange_changelist")]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for n in range(5):
        proj = project(world.region, code=f"XM9{n}", park=world.park if n % 2 else None, enterprise=world.enterprise)
        Progress.objects.create(project=proj, year=2023, month=8, batch=world.batch, written_by=world.commissioner)
        StageChange.objects.create(project=proj, stage="signed", date="2023-03-01", created_by=world.commissioner)
    assert counts() == before
