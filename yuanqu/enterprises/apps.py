from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "yuanqu.enterprises"
    verbose_name = "企业与统计"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
