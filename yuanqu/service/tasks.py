"""Background tasks of enterprise service (django-tasks; run by `yuanqu worker` on its schedule)."""
from django.utils import timezone
from django_tasks import task

from . import services


@task()
def remind() -> dict:
    """The reminder ladder once, as of now (idempotent: a rung fires once per ticket)."""
    return services.fire_reminders(at=timezone.now()).to_json()
