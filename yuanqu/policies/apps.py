from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "yuanqu.policies"
    verbose_name = "惠企政策"
