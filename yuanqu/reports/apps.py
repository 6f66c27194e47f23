from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "yuanqu.reports"
    verbose_name = "材料生成与核对"
