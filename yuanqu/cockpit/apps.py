from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "yuanqu.cockpit"
    verbose_name = "驾驶舱"
