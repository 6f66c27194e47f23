"""Writes for projects. The stage history is the truth; the project's stage and dates are copies.

Every write of a stage change goes through here (admin, imports, UI), so that `Project.stage`
and its date fields always agree with `StageChange`.
"""
from __future__ import annotations

from django.db import transaction

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
    """Record a stage change (a later 签约 carries only the increment in `amount`) and sync the project."""
    change = StageChange.objects.create(project=project, stage=stage, date=date, amount=amount,
                                        note=note, created_by=user)
    sync_from_history(project)
    return change
