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


def test_progress_is_checked_against_the_nearest_stored_months():
    """A cumulative value never falls (core.cumulative): against the nearest earlier and later month
    stored in the year, a gap between them included; refused in Chinese, nothing written."""
    from django.core.exceptions import ValidationError

    from yuanqu.projects.factories import ProgressFactory, ProjectFactory
    from yuanqu.projects.models import Progress

    project = ProjectFactory()
    ProgressFactory(project=project, year=2023, month=3, completed_investment_cum=Decimal("300"))
    ProgressFactory(project=project, year=2023, month=9, completed_investment_cum=Decimal("900"))
    ProgressFactory(project=project, year=2022, month=12, completed_investment_cum=Decimal("5000"))  # another year
    with pytest.raises(ValidationError) as below:
        services.record_progress(project, 2023, 6, Decimal("299"))
    assert "低于库中2023年1-3月的累计值300" in str(below.value) and "累计值不能回落" in str(below.value)
    with pytest.raises(ValidationError) as above:
        services.record_progress(project, 2023, 8, Decimal("901"))
    assert "高于库中下月（2023年1-9月）的累计值900" in str(above.value)
    assert Progress.objects.filter(project=project).count() == 3
    services.record_progress(project, 2023, 6, Decimal("300"))
    assert Progress.objects.get(project=project, year=2023, month=6).completed_investment_cum == Decimal("300")
