from django.apps import AppConfig


class FactorsConfig(AppConfig):
    name = "yuanqu.factors"
    verbose_name = "要素保障"
