from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "yuanqu.service"
    verbose_name = "企业服务"
