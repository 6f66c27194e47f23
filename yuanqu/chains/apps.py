from django.apps import AppConfig


class ChainsConfig(AppConfig):
    name = "yuanqu.chains"
    verbose_name = "产业链"
