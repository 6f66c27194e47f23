from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "yuanqu.org"
    verbose_name = "组织与园区"

    def ready(self):
        from yuanqu.core.access import register_county_finder

        from . import rules  # noqa: F401
        from .selectors import county_for

        register_county_finder(county_for)
