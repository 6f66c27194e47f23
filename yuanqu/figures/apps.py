from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "yuanqu.figures"
    verbose_name = "指标引擎"
