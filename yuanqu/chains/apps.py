from django.apps import AppConfig


class ChainsConfig(AppConfig):
    name = "yuanqu.chains"
    verbose_name = "产业链"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
