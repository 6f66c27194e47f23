from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "yuanqu.system"
    verbose_name = "系统设置"
