"""The background worker (`yuanqu worker`): django-tasks' database queue, run in this process, and a
scheduler that enqueues each task of settings.YUANQU_SCHEDULE every so many minutes.

A scheduled task is not enqueued again while a run of it is waiting or running, so a slow run, a
second worker or a restart never piles runs up; the tasks themselves are idempotent (the reminder
ladder records each rung once). Core knows the tasks by their dotted paths only.
"""
from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.apps import TasksAppConfig

log = logging.getLogger("yuanqu.worker")


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks' database backend, its admin named in Chinese."""

    verbose_name = "后台任务"

    def ready(self):
        super().ready()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult._meta.verbose_name = DBTaskResult._meta.verbose_name_plural = "后台任务记录"


def schedule() -> dict[str, float]:
    """Task path → minutes between runs."""
    return {path: float(minutes) for path, minutes in getattr(settings, "YUANQU_SCHEDULE", {}).items()}


def enqueue(path: str) -> bool:
    """Enqueue the task at `path` unless a run of it is waiting or running; True when enqueued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    if DBTaskResult.objects.filter(task_path=path, status__in=waiting).exists():
        return False
    import_string(path).enqueue()
    return True


class Scheduler(threading.Thread):
    """Enqueues every scheduled task at once, then each again when its minutes have passed."""

    def __init__(self, tasks: dict[str, float], *, tick: float = 5.0):
        super().__init__(name="yuanqu-scheduler", daemon=True)
        self.tasks, self.tick = tasks, tick
        self.stopping = threading.Event()

    def run(self) -> None:
        next_run = {path: 0.0 for path in self.tasks}
        while not self.stopping.is_set():
            now = time.monotonic()
            for path, minutes in self.tasks.items():
                if now >= next_run[path]:
                    try:
                        if enqueue(path):
                            log.info("已加入队列：%s", path)
                    except Exception:  # a database hiccup: try again next time, keep the worker alive
                        log.exception("定时任务 %s 未能加入队列", path)
                    finally:
                        close_old_connections()
                    next_run[path] = now + minutes * 60
            self.stopping.wait(self.tick)

    def stop(self) -> None:
        self.stopping.set()


def queue_worker(*, batch: bool, interval: float = 1.0):
    """django-tasks-db's worker for the default queue (batch: run what is ready, then return)."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=["default"], interval=interval, batch=batch, backend_name="default",
                  startup_delay=False, max_tasks=None, worker_id=get_random_string(32), excluded_queue_names=[])
