from django.apps import AppConfig


class FactorsConfig(AppConfig):
    name = "yuanqu.factors"
    verbose_name = "要素保障"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
