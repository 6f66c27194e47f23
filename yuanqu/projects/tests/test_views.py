"""Project pages on the demo county: list, board, detail with plan against progress, stage changes
(services.record_stage) and monthly progress entered by staff."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse

from yuanqu.core.models import DataBatch
from yuanqu.core.tests.pages import AUG, HTMX, export, first_cells, login, staff, staff_of  # noqa: F401 (fixture)
from yuanqu.projects.models import Progress, Project, Stage, StageChange

pytestmark = pytest.mark.django_db

LIST = reverse("projects:list")



def projects(demo_county):
    return Project.objects.filter(region=demo_county)


def key_project(demo_county):
    return projects(demo_county).get(code="990999XM0001")


def test_list_and_filters(staff, demo_county):
    response = staff.get(LIST)
    assert response.status_code == 200 and "项目名称" in response.content.decode()
    assert response.context["paginator"].count == projects(demo_county).count()
    for params, expected in [
        ({"stage": "building"}, projects(demo_county).filter(stage="building")),
        ({"key": "province"}, projects(demo_county).filter(key_level="province")),
        ({"key": "none"}, projects(demo_county).filter(key_level="")),
        ({"chain": "990999-battery"}, projects(demo_county).filter(segment__chain__code="990999-battery")),
        ({"park": "none"}, projects(demo_county).filter(park__isnull=True)),
        ({"q": "电池"}, projects(demo_county).filter(Q(name__contains="电池") | Q(investor__contains="电池")
                                                   | Q(enterprise__name__contains="电池"))),
    ]:
        assert staff.get(LIST, params).context["paginator"].count == expected.count(), params


def test_sort_by_total_investment(staff, demo_county):
    biggest = projects(demo_county).order_by("-total_investment", "pk")[0]
    assert first_cells(staff.get(LIST, {"sort": "-total_investment"}), 1)[0] == biggest.name


def test_export(staff, demo_county):
    headers, rows, count = export(staff, LIST, {"stage": "signed"})
    assert headers[:2] == ["项目编号", "项目名称"] and "总投资（万元）" in headers
    assert len(rows) == count == projects(demo_county).filter(stage="signed").count()
    assert {r[headers.index("当前阶段")] for r in rows} == {"签约"}


def test_board_has_a_column_per_stage(staff, demo_county):
    response = staff.get(reverse("projects:board"), {"park": "990999-battery"})
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c["label"] for c in columns] == ["洽谈", "签约", "开工", "在建", "竣工", "投产"]
    building = projects(demo_county).filter(stage="building", park__code="990999-battery").count()
    assert len(columns[3]["cards"]) == building
    assert "导出Excel" in response.content.decode()


def test_detail_shows_plan_progress_light_history_and_problems(client, demo_county):
    project = key_project(demo_county)
    staff = staff_of(client, project.park)
    response = staff.get(reverse("projects:detail", args=[project.pk]), AUG)
    page = response.content.decode()
    for text in [project.name, "省重点项目进度（2023年1-8月", "绿灯", "97.11%", "高于时间进度30.44个百分点",
                 "年度计划投资", "5.97亿元", "阶段变更记录", "签订投资协议", "存在问题与诉求", "记录阶段变更",
                 "填报月度进度"]:
        assert text in page, text
    rows = response.context["rows"]
    aug = next(r for r in rows if r["label"] == "1-8月")
    assert aug["light"] == "green" and round(aug["deviation"], 2) == Decimal("30.44")
    assert response.context["key"]["light"] == "green"


def test_a_project_behind_time_gets_a_yellow_or_red_light(staff, demo_county):
    rows = staff.get(reverse("projects:detail", args=[key_project(demo_county).pk]), AUG).context["rows"]
    assert next(r for r in rows if r["label"] == "1-2月")["light"] == "yellow"


def test_recording_a_stage_change_goes_through_the_service(client, demo_county):
    from yuanqu.accounts.models import User

    project = projects(demo_county).filter(stage=Stage.BUILDING).first()
    staff = staff_of(client, project.park)
    day = dt.date(2024, 5, 6)
    response = staff.post(reverse("projects:stage", args=[project.pk]),
                          {"stage": Stage.COMPLETED, "date": "2024-05-06", "note": "通过竣工验收"})
    assert response.status_code == 302
    change = StageChange.objects.get(project=project, stage=Stage.COMPLETED, date=day)
    assert change.created_by == User.objects.get(username="park") and change.note == "通过竣工验收"
    project.refresh_from_db()
    assert project.stage == Stage.COMPLETED and project.completed_date == day
    page = staff.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "通过竣工验收" in page and "已记录" in page


def test_htmx_stage_change_redirects_the_page(client, demo_county):
    project = projects(demo_county).filter(stage=Stage.NEGOTIATING).first()
    staff = staff_of(client, project.park)
    response = staff.post(reverse("projects:stage", args=[project.pk]),
                          {"stage": Stage.SIGNED, "date": "2024-01-10", "amount": "12000"}, **HTMX)
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("projects:detail", args=[project.pk])
    assert StageChange.objects.get(project=project, stage=Stage.SIGNED).amount == Decimal("12000")


def test_bad_stage_change_is_refused_in_chinese(client, demo_county):
    project = projects(demo_county).filter(stage=Stage.BUILDING).first()
    staff = staff_of(client, project.park)
    before = StageChange.objects.count()
    response = staff.post(reverse("projects:stage", args=[project.pk]),
                          {"stage": Stage.COMPLETED, "date": "2024-05-06", "amount": "100"}, **HTMX)
    assert response.status_code == 200
    assert "只有“签约”记录填写签约（增资）金额" in response.content.decode()
    assert 'id="stage-form"' in response.content.decode()
    response = staff.post(reverse("projects:stage", args=[project.pk]), {"stage": "", "date": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert StageChange.objects.count() == before


def test_entering_a_months_progress(client, demo_county):
    project = key_project(demo_county)
    staff = staff_of(client, project.park)
    url = reverse("projects:progress", args=[project.pk])
    last = Progress.objects.filter(project=project, year=2023).order_by("-month").first()
    response = staff.post(url, {"year": 2024, "month": 1, "completed_investment_cum": "1500",
                                "image_progress": "设备进场", "problems": "用电报装待批复"})
    assert response.status_code == 302
    row = Progress.objects.get(project=project, year=2024, month=1)
    assert row.completed_investment_cum == Decimal("1500") and row.written_by.username == "park"
    assert row.batch.source == DataBatch.Source.FORM and row.batch.user.username == "park"
    page = staff.get(reverse("projects:detail", args=[project.pk]), {"year": 2024}).content.decode()
    assert "用电报装待批复" in page
    # A cumulative value may not fall below an earlier month's: refused, nothing written.
    response = staff.post(url, {"year": 2023, "month": 12, "completed_investment_cum": "1"})
    assert response.status_code == 400 and "累计值不能回落" in response.content.decode()
    assert Progress.objects.get(pk=last.pk).completed_investment_cum == last.completed_investment_cum


def test_leaders_cannot_record(client, demo_county):
    project = key_project(demo_county)
    login(client, "leader")
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "记录阶段变更" not in page
    response = client.post(reverse("projects:stage", args=[project.pk]), {"stage": "completed", "date": "2024-01-01"})
    assert response.status_code == 403


def test_edit_profile(client, demo_county):
    project = key_project(demo_county)
    staff = staff_of(client, project.park)
    url = reverse("projects:edit", args=[project.pk])
    form = staff.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(leader_name="周明", content="建设电芯生产线")
    response = staff.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.leader_name == "周明" and project.stage == Stage.BUILDING


def test_anonymous_goes_to_login(client, demo_county):
    for url in (reverse("projects:board"), reverse("projects:detail", args=[key_project(demo_county).pk])):
        assert client.get(url).status_code == 302
