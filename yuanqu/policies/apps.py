from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "yuanqu.policies"
    verbose_name = "惠企政策"

    def ready(self):
        from . import rules  # noqa: F401  (this app's scoping rules, yuanqu.core.access)
