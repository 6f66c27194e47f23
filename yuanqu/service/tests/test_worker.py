"""The background worker: `yuanqu worker --once` enqueues the scheduled reminder ladder on django-tasks'
database queue and runs it; a scheduled task is not enqueued twice while a run of it waits."""
import pytest
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from yuanqu.core import worker
from yuanqu.service.models import Reminder, TicketRoute
from yuanqu.service import services

from .conftest import day

pytestmark = pytest.mark.django_db
REMIND = "yuanqu.service.tasks.remind"


def test_the_schedule_names_the_reminder_ladder(settings):
    assert worker.schedule() == {REMIND: 15.0}
    settings.YUANQU_SCHEDULE = {REMIND: 5}
    assert worker.schedule() == {REMIND: 5.0}


def test_a_waiting_run_is_not_enqueued_again():
    assert worker.enqueue(REMIND) is True
    assert worker.enqueue(REMIND) is False
    assert DBTaskResult.objects.filter(task_path=REMIND, status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens connections, as in production
def test_worker_once_runs_the_ladder(world, raise_):
    ticket = raise_(on=day("2023-09-20"), announce=False)
    services.route_ticket(ticket=ticket, lead=world.land, user=world.dispatcher, on=day("2023-09-21"), announce=False)
    services.answer_route(route=ticket.routes.get(), position=TicketRoute.Position.ACCEPTED, user=world.land_clerk,
                          on=day("2023-09-21"), announce=False)
    call_command("worker", "--once")
    [run] = DBTaskResult.objects.filter(task_path=REMIND)
    assert run.status == TaskResultStatus.SUCCESSFUL, run.traceback
    assert {f["rung"] for f in run.return_value["fired"]} == {"handler", "deadline", "head", "leader", "stalled"}
    assert Reminder.objects.filter(ticket=ticket).count() == 5
    call_command("worker", "--once")  # again: a new run, nothing left to fire
    latest = DBTaskResult.objects.filter(task_path=REMIND).order_by("-enqueued_at").first()
    assert latest.status == TaskResultStatus.SUCCESSFUL and latest.return_value["fired"] == []
