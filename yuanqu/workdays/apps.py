from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "yuanqu.workdays"
    verbose_name = "工作日"

    def ready(self):
        from . import signals  # noqa: F401  (the table's changes empty the calendar's cache)
