import datetime as dt
from decimal import Decimal

import pytest

from yuanqu.core.tests.helpers import sample_world
from yuanqu.projects import services
from yuanqu.projects.models import Stage, StageChange

pytestmark = pytest.mark.django_db


def test_record_stage_keeps_the_project_in_step_with_its_history():
    project = sample_world().project
    StageChange.objects.filter(project=project).delete()
    services.record_stage(project, Stage.NEGOTIATING, dt.date(2023, 1, 5))
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 2, 1), amount=Decimal("5000"))
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 5, 1), amount=Decimal("800"), note="增资")
    services.record_stage(project, Stage.STARTED, dt.date(2023, 6, 10))
    project.refresh_from_db()
    assert project.stage == Stage.STARTED
    assert project.signed_date == dt.date(2023, 2, 1)  # the first signing, not the increment
    assert project.started_date == dt.date(2023, 6, 10)
    assert project.completed_date is None


def test_sync_after_a_change_is_removed():
    project = sample_world().project
    StageChange.objects.filter(project=project).delete()
    services.record_stage(project, Stage.SIGNED, dt.date(2023, 2, 1), amount=Decimal("100"))
    started = services.record_stage(project, Stage.STARTED, dt.date(2023, 3, 1))
    started.delete()
    services.sync_from_history(project)
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED and project.started_date is None
