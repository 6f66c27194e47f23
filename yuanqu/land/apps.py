from django.apps import AppConfig


class LandConfig(AppConfig):
    name = "yuanqu.land"
    verbose_name = "土地与厂房"
