"""Targets (actual, progress, 双过半 from the figure engine's targets.* figures) and 攻坚行动 with tasks."""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.urls import reverse

from yuanqu.core import options
from yuanqu.core.access import may_edit, visible
from yuanqu.core.forms import PageForm
from yuanqu.core.lists import YES_NO, Choice, Column, ListPage, Search, choices_of, flag
from yuanqu.core.pages import EditPage, field_rows, get_visible, in_county, page_period, page_region, today
from yuanqu.figures import format as fmt
from yuanqu.figures.engine import Session, figure
from yuanqu.figures.targets import target_scope

from yuanqu.projects.models import Project

from .models import Action, Target, Task
from .selectors import is_overdue, overdue_q

TABS = (("目标", "targets:list"), ("攻坚行动", "targets:actions"), ("行动任务", "targets:tasks"))


def target_figure(target, period):
    return figure(f"targets.{target.code}", target_scope(target), period)


def set_actuals(target, fig) -> None:
    """The figure's actual, progress, time progress and 双过半 as attributes of the target row."""
    detail = fig.detail[0] if fig.detail else {}
    target.figure = fig
    target.actual = fig.display()
    target.goal = (fmt.money(target.value) if target.unit == "万元"
                   else detail.get("target_as_set") or f"{target.value.normalize():f}{target.unit}")
    target.progress = detail.get("progress")
    target.time_progress = detail.get("time_progress")
    target.double_half = detail.get("double_half", "—" if target.is_annual else "不适用（非年度目标）")
    target.status_tags = ([("已完成", "good")] if detail.get("reached") else []) + (
        [("滞后时间进度", "bad")] if detail.get("ahead") is not None and detail["ahead"] < 0
        and not detail.get("reached") else []) + [(a, "bad") for a in fig.anomalies]


class TargetList(ListPage):
    model = Target
    title = "目标与行动"
    region_path = "region"
    detail_url = "targets:detail"
    uses_period = True
    select_related = ("region", "park", "chain")
    tabs = TABS
    intro = "实际值与完成进度由指标引擎按目标范围计算；年度目标对照时间进度（N/12）判断“双过半”。"
    columns = [
        Column("name", link=True),
        Column("scope_kind"),
        Column("year"),
        Column("goal", "目标值", sort=False),
        Column("actual", "实际值（{period}）", sort=False),
        Column("progress", "完成进度", kind="pct", places=2, sort="python"),
        Column("time_progress", "时间进度", kind="pct", places=2, sort=False),
        Column("double_half", "双过半", sort=False),
        Column("status_tags", "状态", kind="tags", sort=False),
    ]
    filters = [
        Choice("year", "目标年份", options=lambda page: [
            (y, f"{y}年") for y in sorted(set(in_county(visible(Target.objects.all(), page.request.user), page.region,
                                                       "region").values_list("year", flat=True)))]),
        Choice("scope", "范围", options=choices_of(Target.ScopeKind), lookup="scope_kind"),
        Choice("annual", "年度目标", options=YES_NO, apply=flag("is_annual")),
        Search(("name", "indicator", "code"), placeholder="目标名称、指标"),
    ]

    def decorate(self, rows):
        with Session().active():
            for t in rows:
                set_actuals(t, target_figure(t, self.period))

    def row_css(self, row):
        return "alert" if any(tone == "bad" for _, tone in getattr(row, "status_tags", ())) else ""


target_list = TargetList.as_view()


@login_required
def target_detail(request, pk):
    region = page_region(request.user)
    period, periods = page_period(request, region)
    target = get_visible(request, Target.objects.select_related("region", "park", "chain"), pk=pk)
    fig = target_figure(target, period)
    set_actuals(target, fig)
    scope = target_scope(target)
    explain = reverse("cockpit:explain", args=[fig.key]) + "?" + urlencode({"period": str(period), "scope": scope.text})
    ctx = {
        "target": target, "fig": fig, "scope": scope, "period": period, "periods": periods, "explain": explain,
        "fields": field_rows(target, ["code", "scope_kind", "park", "chain", "indicator", "year", "value", "unit",
                                      "baseline_value", "baseline_year", "is_annual", "note"]),
    }
    return render(request, "targets/target.html", ctx)


class ActionList(ListPage):
    model = Action
    title = "目标与行动"
    region_path = "region"
    detail_url = "targets:action"
    select_related = ("lead_unit",)
    tabs = TABS
    columns = [
        Column("name", link=True),
        Column("leader_name"),
        Column("lead_unit", sort="lead_unit__code"),
        Column("start_date"),
        Column("end_date"),
        Column("status"),
        Column("task_count", "任务数", kind="int"),
        Column("done_count", "已完成", kind="int"),
        Column("overdue_count", "逾期任务", kind="int"),
    ]
    filters = [
        Choice("status", "状态", options=choices_of(Action.Status)),
        Choice("unit", "牵头单位", options=options.departments, lookup="lead_unit__code"),
        Search(("name", "leader_name", "goal"), placeholder="行动名称、牵头领导"),
    ]

    def annotate(self, qs):
        day = today()
        tasks = Q(tasks__in=visible(Task.objects.all(), self.request.user))
        overdue = Q(tasks__status=Task.Status.OVERDUE) | (~Q(tasks__status=Task.Status.DONE) & Q(tasks__deadline__lt=day))
        return qs.annotate(task_count=Count("tasks", filter=tasks),
                           done_count=Count("tasks", filter=tasks & Q(tasks__status=Task.Status.DONE)),
                           overdue_count=Count("tasks", filter=tasks & overdue))

    def row_css(self, row):
        return "overdue" if row.overdue_count else ""


action_list = ActionList.as_view()


@login_required
def action_detail(request, pk):
    user = request.user
    action = get_visible(request, Action.objects.select_related("lead_unit"), pk=pk)
    day = today()
    projects = Prefetch("projects", queryset=visible(Project.objects.all(), user))
    tasks = list(visible(action.tasks.select_related("owner_unit").prefetch_related(projects), user))
    for t in tasks:
        t.overdue = is_overdue(t, day)
    ctx = {"action": action, "tasks": tasks, "overdue": sum(1 for t in tasks if t.overdue), "today": day,
           "fields": field_rows(action, ["code", "leader_name", "lead_unit", "start_date", "end_date", "status",
                                         "goal"]),
           "may_edit": may_edit(user, action)}
    return render(request, "targets/action.html", ctx)


class TaskList(ListPage):
    model = Task
    title = "目标与行动"
    region_path = "action__region"
    detail_url = "targets:task_edit"
    select_related = ("action", "owner_unit")
    default_sort = "deadline"
    tabs = TABS
    intro = "逾期：状态为“逾期”，或未完成且已过完成时限（按今天判断）。"
    columns = [
        Column("title", link=True),
        Column("action", sort=("action__sort", "action__code")),
        Column("owner_unit", sort="owner_unit__code"),
        Column("leader_name"),
        Column("deadline"),
        Column("status"),
        Column("completed_date"),
        Column("overdue_tags", "逾期", kind="tags", sort=False),
        Column("progress_note"),
    ]
    filters = [
        Choice("action", "攻坚行动", options=lambda page: [
            (a.code, a.name) for a in in_county(visible(Action.objects.all(), page.request.user), page.region,
                                                "region")],
               lookup="action__code"),
        Choice("unit", "责任单位", options=options.departments, lookup="owner_unit__code"),
        Choice("status", "状态", options=choices_of(Task.Status)),
        Choice("overdue", "逾期", options=YES_NO,
               apply=lambda page, qs, value: qs.filter(overdue_q(today())) if value == "1"
               else qs.exclude(overdue_q(today()))),
        Search(("title", "leader_name", "progress_note"), placeholder="任务、责任领导"),
    ]

    def decorate(self, rows):
        day = today()
        for t in rows:
            t.overdue_tags = [("逾期", "bad")] if is_overdue(t, day) else []

    def row_css(self, row):
        return "overdue" if row.overdue_tags else ""


task_list = TaskList.as_view()


class TaskForm(PageForm):
    region_lookups = {"owner_unit": "region_id"}

    class Meta:
        model = Task
        fields = ["status", "completed_date", "progress_note", "deadline", "leader_name", "owner_unit"]

    def clean(self):
        data = super().clean()
        if data.get("status") == Task.Status.DONE and not data.get("completed_date"):
            self.add_error("completed_date", "状态为“已完成”时须填写完成日期")
        return data


class TaskEdit(EditPage):
    """A task: who owns it, its deadline and progress; editors update status and progress here."""

    model = Task
    form_class = TaskForm
    region_path = "action__region"
    title = "行动任务"
    detail_url = "targets:task_edit"
    template_name = "targets/task_edit.html"
    open_to_readers = True

    def back_url(self, obj) -> str:
        return reverse("targets:action", args=[obj.action_id])

    def extra_context(self, obj) -> dict:
        return {"overdue": is_overdue(obj, today()), "projects": visible(obj.projects.all(), self.request.user)}


task_edit = TaskEdit.as_view()
