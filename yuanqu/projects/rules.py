"""Who sees and changes projects: county readers read them all and park staff change their park's;
a department reads the projects it is responsible for and those its tickets and tasks concern; a
commissioner reads and records (stages, progress) the projects they serve. Enterprise users: none."""
from django.db.models import Q

from yuanqu.core.access import Follows, Reference, Rule, nothing, register, visible
from yuanqu.service.rules import assigned

from .models import AnnualPlan, Designation, Lead, Progress, Project, StageChange


def projects(q: Q) -> Q:
    """Projects matching `q` across to-many relations, each once."""
    return Q(pk__in=Project.objects.filter(q).values("pk"))


@register(Project)
class ProjectRule(Rule):
    park = ("park",)

    def read_department(self, user):
        unit = user.department_id
        return projects(Q(responsible_unit=unit) | Q(tickets__department=unit) | Q(tasks__owner_unit=unit))

    def read_commissioner(self, user):
        return projects(Q(commissioner=user) | assigned(user))

    write_commissioner = read_commissioner


class OfProject(Follows):
    parent = "project"
    region = ("project__region",)


@register(StageChange)
class StageChangeRule(OfProject):
    pass


@register(AnnualPlan)
class AnnualPlanRule(OfProject):
    pass


@register(Progress)
class ProgressRule(OfProject):
    pass


@register(Lead)
class LeadRule(Rule):
    """Leads are the county's investment attraction: county readers; others those of projects they read."""

    def read_department(self, user):
        return Q(project__in=visible(Project.objects.all(), user).values("pk"))

    read_commissioner = read_department
    write_park_staff = nothing


@register(Designation)
class DesignationRule(Reference):
    """Designations made by others (the city's 骏马项目, 红榜): the county's government roles read them,
    as published; administrators record them."""
