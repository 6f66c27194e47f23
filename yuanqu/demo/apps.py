from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "yuanqu.demo"
    verbose_name = "示例县"
