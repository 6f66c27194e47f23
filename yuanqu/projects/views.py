"""Project pages: list and board by stage, the project with plan against progress, stage history and
problems, and the forms to record a stage change (services.record_stage) and a month's progress."""
from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from yuanqu.core import options
from yuanqu.core.access import may_edit, visible
from yuanqu.core.lists import Choice, Column, ListPage, Search, choices_of
from yuanqu.core.models import in_year_range
from yuanqu.core.pages import EditPage, RowAction, field_rows, get_visible, page_period, page_region
from yuanqu.figures import format as fmt

from . import selectors, services
from .forms import ProgressForm, ProjectEditForm, StageChangeForm
from .models import AnnualPlan, Progress, Project, Stage

BOARD_STAGES = [Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.BUILDING, Stage.COMPLETED, Stage.PRODUCTION]
GENERAL = "none"  # the key-level option meaning 一般项目


def key_options(page):
    return [(v or GENERAL, label) for v, label in Project.KeyLevel.choices]


def by_key_level(page, qs, value):
    return qs.filter(key_level="" if value == GENERAL else value)


class ProjectList(ListPage):
    model = Project
    title = "项目"
    region_path = "region"
    detail_url = "projects:detail"
    select_related = ("park", "segment__chain", "enterprise", "commissioner")
    default_sort = "code"
    tabs = (("项目列表", "projects:list"), ("按阶段看板", "projects:board"))
    columns = [
        Column("code"),
        Column("name", link=True),
        Column("park", sort=("park__sort", "park__code")),
        Column("segment", sort=("segment__chain__sort", "segment__sort")),
        Column("stage"),
        Column("key_level"),
        Column("total_investment"),
        Column("planned_start"),
        Column("started_date"),
        Column("source_region"),
        Column("leader_name"),
        Column("commissioner", sort=("commissioner__display_name", "commissioner__username")),
    ]
    filters = [
        Choice("stage", "当前阶段", options=choices_of(Stage)),
        Choice("park", "园区", options=options.parks_with_outside, apply=options.by_park()),
        Choice("key", "重点级别", options=key_options, apply=by_key_level),
        Choice("chain", "产业链", options=options.chains, lookup="segment__chain__code"),
        Choice("kind", "项目类别", options=choices_of(Project.Kind)),
        Search(("name", "code", "investor", "enterprise__name"), placeholder="项目名称、编号、投资方"),
    ]

    def row_css(self, row):
        return "muted" if row.stage == Stage.TERMINATED else ""


project_list = ProjectList.as_view()


class ProjectBoard(ProjectList):
    """The same filtered projects as cards in one column per stage (洽谈 … 投产)."""

    title = "项目看板"
    results_template = "projects/_board.html"
    filters = [f for f in ProjectList.filters if f.param != "stage"]

    def get(self, request, *args, **kwargs):
        rows = list(self.filtered().order_by("-total_investment", "code"))
        columns = [{"stage": s.value, "label": s.label,
                    "cards": [{"p": p, "investment": fmt.money(p.total_investment)} for p in rows if p.stage == s]}
                   for s in BOARD_STAGES]
        ctx = self.context()
        ctx.update(columns=columns, others=sum(1 for p in rows if p.stage not in BOARD_STAGES),
                   export_url=reverse("projects:list") + self.query(export="xlsx", page=None))
        return self.respond(ctx)


project_board = ProjectBoard.as_view()

PROFILE = ["code", "kind", "key_level", "total_investment", "park", "segment", "enterprise", "investor",
           "source_region", "leader_name", "responsible_unit", "commissioner", "planned_start",
           "planned_completion", "planned_production", "signed_date", "started_date", "completed_date",
           "production_date", "terminated_date", "is_force_majeure", "content"]


def _project(request, pk):
    return get_visible(request, ProjectAction.queryset, pk=pk)


def _quarter_targets(plan) -> list[dict]:
    if plan is None:
        return []
    return [{"quarter": q, "value": fmt.money(Decimal(str(v)))} for q, v in sorted((plan.quarter_targets or {}).items())]


def _detail(request, project, stage_form=None, progress_form=None, status=200):
    region = page_region(request.user)
    period, periods = page_period(request, region)
    user = request.user
    # Years out of range (stored before they were validated) are not offered: the page stays readable.
    years = sorted(set(visible(Progress.objects.filter(in_year_range(), project=project), user)
                       .values_list("year", flat=True))
                   | set(visible(AnnualPlan.objects.filter(in_year_range(), project=project), user)
                         .values_list("year", flat=True)),
                   reverse=True)
    wanted = request.GET.get("year", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else (
        period.year if period.year in years or not years else years[0])
    history = list(visible(project.stage_changes.select_related("created_by"), user).order_by("date", "id"))
    plan = visible(AnnualPlan.objects.filter(project=project, year=year), user).first()
    progress = list(visible(Progress.objects.filter(project=project, year=year), user).order_by("month"))
    latest = progress[-1] if progress else None
    ctx = {
        "project": project, "period": period, "periods": periods, "year": year, "years": years,
        "profile": field_rows(project, PROFILE), "history": history, "plan": plan,
        "quarters": _quarter_targets(plan),
        "rows": selectors.progress_rows(project, plan, progress, history, year),
        "key": selectors.key_status(project, period),
        "problems": visible(Progress.objects.filter(project=project).exclude(problems=""), user)
        .order_by("-year", "-month"),
        "tickets": visible(project.tickets.select_related("category", "department"), user).order_by("-received_date"),
        "leads": visible(project.leads.all(), user),
        "parcels": visible(project.parcels.select_related("park"), user),
        "may_edit": may_edit(user, project),
        "stage_form": stage_form or StageChangeForm(user=user),
        "progress_form": progress_form or ProgressForm(user=user, initial={
            "year": period.year, "month": period.month,
            "completed_investment_cum": latest.completed_investment_cum if latest else None}),
    }
    return render(request, "projects/detail.html", ctx, status=status)


@login_required
def project_detail(request, pk):
    return _detail(request, _project(request, pk))


class ProjectAction(RowAction):
    queryset = Project.objects.select_related("park", "segment__chain", "enterprise", "commissioner",
                                              "responsible_unit", "region")
    context_name = "project"
    detail_url = "projects:detail"


class RecordStage(ProjectAction):
    """A stage change, written by services.record_stage (the history is the truth)."""

    form_class = StageChangeForm
    fragment = "projects/_stage_form.html"

    def save(self, project, data):
        services.record_stage(project, data["stage"], data["date"], amount=data.get("amount"),
                              note=data.get("note", ""), user=self.request.user)
        return f"已记录：{data['date']:%Y-%m-%d} {Stage(data['stage']).label}"

    def full_page(self, project, form):
        return _detail(self.request, project, stage_form=form, status=400)


class RecordProgress(ProjectAction):
    """A month's progress, written by services.record_progress."""

    form_class = ProgressForm
    fragment = "projects/_progress_form.html"

    def save(self, project, data):
        services.record_progress(project, data["year"], data["month"], data["completed_investment_cum"],
                                 image_progress=data.get("image_progress", ""), problems=data.get("problems", ""),
                                 user=self.request.user)
        return f"已保存{data['year']}年1—{data['month']}月进度"

    def success_url(self, project):
        return f"{super().success_url(project)}?year={self.request.POST.get('year', '')}"

    def full_page(self, project, form):
        return _detail(self.request, project, progress_form=form, status=400)


stage_create = RecordStage.as_view()
progress_create = RecordProgress.as_view()


class ProjectEdit(EditPage):
    model = Project
    form_class = ProjectEditForm
    title = "修改项目信息"
    detail_url = "projects:detail"


project_edit = ProjectEdit.as_view()
