from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yuanqu.core"
    verbose_name = "基础"

    def ready(self):
        from . import security  # noqa: F401  (registers its system check)
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
