"""Targets and actions on the demo county: actuals, progress and 双过半 from the engine; overdue tasks."""
import pytest
from django.urls import reverse
from django.utils import timezone

from yuanqu.core.tests.pages import AUG, export, first_cells, login, staff  # noqa: F401 (fixture)
from yuanqu.targets.models import Action, Target, Task

pytestmark = pytest.mark.django_db



def overdue(qs):
    today = timezone.localdate()
    return [t for t in qs if t.status == "overdue" or (t.status != "done" and t.deadline and t.deadline < today)]


def test_targets_show_actual_and_progress_from_the_engine(staff, demo_county):
    response = staff.get(reverse("targets:list"), AUG)
    page = response.content.decode()
    for text in ["园区工业总产值", "70.74亿元", "400.00亿元", "17.69%", "90户", "双过半", "实际值（1-8月）"]:
        assert text in page, text
    assert response.context["paginator"].count == Target.objects.filter(region=demo_county).count()


def test_annual_targets_have_time_progress(staff, demo_county):
    response = staff.get(reverse("targets:list"), {**AUG, "annual": "1"})
    assert response.context["paginator"].count == Target.objects.filter(region=demo_county, is_annual=True).count()
    assert "66.67%" in response.content.decode()


def test_target_sort_by_progress(staff, demo_county):
    names = first_cells(staff.get(reverse("targets:list"), {**AUG, "sort": "-progress"}))
    assert names[0] == "全社会固定资产投资增长"


def test_target_export(staff, demo_county):
    headers, rows, count = export(staff, reverse("targets:list"), {**AUG, "year": "2025"})
    assert headers[:2] == ["目标名称", "范围"] and "完成进度（%）" in headers
    assert len(rows) == count == Target.objects.filter(region=demo_county, year=2025).count()


def test_target_detail_links_to_the_explanation(staff, demo_county):
    target = Target.objects.get(region=demo_county, indicator="park.output_ytd")
    response = staff.get(reverse("targets:detail", args=[target.pk]), AUG)
    page = response.content.decode()
    assert "70.74亿元" in page and "完成进度" in page and "17.69%" in page
    assert staff.get(response.context["explain"]).status_code == 200


def test_actions_with_overdue_tasks(staff, demo_county):
    response = staff.get(reverse("targets:actions"))
    assert response.context["paginator"].count == Action.objects.filter(region=demo_county).count()
    action = max(Action.objects.filter(region=demo_county), key=lambda a: len(overdue(a.tasks.all())))
    detail = staff.get(reverse("targets:action", args=[action.pk]))
    page = detail.content.decode()
    assert action.name in page and "逾期" in page
    assert detail.context["overdue"] == len(overdue(action.tasks.all())) > 0
    assert page.count('class="overdue"') == detail.context["overdue"]


def test_task_list_overdue_filter_and_export(staff, demo_county):
    tasks = Task.objects.filter(action__region=demo_county)
    response = staff.get(reverse("targets:tasks"), {"overdue": "1"})
    assert response.context["paginator"].count == len(overdue(tasks))
    assert all(r["css"] == "overdue" for r in response.context["rows"])
    headers, rows, count = export(staff, reverse("targets:tasks"), {"overdue": "0"})
    assert headers[0] == "任务" and len(rows) == count == tasks.count() - len(overdue(tasks))


def test_task_progress_update(client, demo_county):
    """The task's responsible unit updates it (a department user of that unit)."""
    from yuanqu.accounts.models import User

    task = Task.objects.filter(action__region=demo_county, owner_unit__isnull=False).exclude(status="done").first()
    User.objects.filter(username="dept").update(department=task.owner_unit)
    staff = login(client, "dept")
    url = reverse("targets:task_edit", args=[task.pk])
    assert "更新进展" in staff.get(url).content.decode()
    response = staff.post(url, {"status": "done", "progress_note": "已完成"})
    assert response.status_code == 400 and "须填写完成日期" in response.content.decode()
    done = {"status": "done", "completed_date": "2024-01-05", "progress_note": "已完成",
            "deadline": task.deadline.isoformat() if task.deadline else ""}
    response = staff.post(url, done)  # without the unit: the task would no longer be theirs
    assert response.status_code == 400 and "不在您可修改的范围内" in response.content.decode()
    response = staff.post(url, {**done, "owner_unit": task.owner_unit_id})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.progress_note == "已完成"


def test_readers_see_tasks_without_the_form(client, demo_county):
    task = Task.objects.filter(action__region=demo_county).first()
    login(client, "leader")
    page = client.get(reverse("targets:task_edit", args=[task.pk])).content.decode()
    assert task.title in page and "更新进展" not in page
    assert client.post(reverse("targets:task_edit", args=[task.pk]), {"status": "done"}).status_code == 403


def test_anonymous_goes_to_login(client, demo_county):
    assert client.get(reverse("targets:action", args=[Action.objects.first().pk])).status_code == 302
