from django.apps import AppConfig


class LandConfig(AppConfig):
    name = "yuanqu.land"
    verbose_name = "土地与厂房"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
