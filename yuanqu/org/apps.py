from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "yuanqu.org"
    verbose_name = "组织与园区"
