from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "yuanqu.targets"
    verbose_name = "目标与行动"
