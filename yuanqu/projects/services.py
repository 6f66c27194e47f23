"""Writes for projects. The stage history is the truth; the project's stage and dates are copies.

Every write of a stage change goes through here (admin, imports, UI), so that `Project.stage`
and its date fields always agree with `StageChange`.
"""
from __future__ import annotations

from django.db import transaction

from yuanqu.core import cumulative
from yuanqu.core.periods import year_error

from .models import Project, Stage, StageChange

# The first change to each stage sets the project's date field of that stage.
DATE_FIELDS = {
    Stage.SIGNED: "signed_date",
    Stage.STARTED: "started_date",
    Stage.COMPLETED: "completed_date",
    Stage.PRODUCTION: "production_date",
    Stage.TERMINATED: "terminated_date",
}


def sync_from_history(project: Project, *, save: bool = True) -> Project:
    """Set the project's current stage and stage dates from its history."""
    changes = list(project.stage_changes.order_by("date", "id").values_list("stage", "date"))
    if changes:
        project.stage = changes[-1][0]
    for stage, field in DATE_FIELDS.items():
        first = next((d for s, d in changes if s == stage), None)
        setattr(project, field, first)
    if save:
        project.save(update_fields=["stage", *DATE_FIELDS.values(), "updated_at"])
    return project


@transaction.atomic
def record_stage(project: Project, stage: str, date, *, amount=None, note: str = "", user=None) -> StageChange:
    """Record a stage change (a later 签约 carries only the increment in `amount`) and sync the project.

    The date must be in range and in order with the history (StageChange.clean): a ValidationError, nothing written.
    """
    change = StageChange(project=project, stage=stage, date=date, amount=amount, note=note, created_by=user)
    change.full_clean()
    change.save()
    sync_from_history(project)
    return change


@transaction.atomic
def record_progress(project: Project, year: int, month: int, completed_investment_cum, *, image_progress: str = "",
                    problems: str = "", user=None):
    """Enter (or correct) one month's dispatch of a project: 本年累计完成投资, 形象进度, 存在问题.

    The cumulative investment may not fall below the nearest earlier month's nor exceed the nearest
    later month's of the same year (core.cumulative: a Chinese message, nothing written). The write
    is recorded as a 页面填报 data batch.
    """
    from django.core.exceptions import ValidationError

    from yuanqu.core.models import DataBatch

    from .models import Progress

    if year_error(year):
        raise ValidationError({"year": year_error(year)})
    if not 1 <= int(month) <= 12:
        raise ValidationError({"month": f"月份应在1—12之间，实际为{month}"})
    field = "completed_investment_cum"
    before, after = cumulative.neighbours(Progress.objects.filter(project=project), key="project_id",
                                          fields=[field], year=year, month=month)
    for _, why in cumulative.problems({field: completed_investment_cum}, {field: ("本年累计完成投资", "万元")},
                                      year=year, month=month, before=before.get(project.pk), after=after.get(project.pk)):
        raise ValidationError({field: why})
    batch = DataBatch.objects.create(source=DataBatch.Source.FORM, kind="progress", period_year=year,
                                     period_month=month, user=user, row_count=1,
                                     note=f"{project.code} {project.name}")
    progress, _ = Progress.objects.update_or_create(
        project=project, year=year, month=month,
        defaults={"completed_investment_cum": completed_investment_cum, "image_progress": image_progress,
                  "problems": problems, "batch": batch, "written_by": user},
    )
    return progress
