"""Reads for targets and actions: what counts as an overdue task."""
from __future__ import annotations

from django.db.models import Q

from .models import Task


def overdue_q(day) -> Q:
    """Tasks marked 逾期, or not done with their deadline before `day`."""
    return Q(status=Task.Status.OVERDUE) | (~Q(status=Task.Status.DONE) & Q(deadline__lt=day))


def is_overdue(task, day) -> bool:
    return task.status == Task.Status.OVERDUE or (
        task.status != Task.Status.DONE and task.deadline is not None and task.deadline < day)
