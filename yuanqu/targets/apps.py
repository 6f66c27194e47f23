from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "yuanqu.targets"
    verbose_name = "目标与行动"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
