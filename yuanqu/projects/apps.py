from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "yuanqu.projects"
    verbose_name = "项目与招商"
