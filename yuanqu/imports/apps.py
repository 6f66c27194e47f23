from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "yuanqu.imports"
    verbose_name = "数据导入"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
