from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "yuanqu.service"
    verbose_name = "企业服务"

    def ready(self):
        from yuanqu.notifications.models import KIND_LABELS

        from .notices import KINDS

        KIND_LABELS.update(KINDS)
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
