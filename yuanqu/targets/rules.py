"""Targets, published indicators and 攻坚行动: read by every government role of the county and kept by
administrators; a task is also updated by its responsible unit (a department, or park staff for
their park's unit)."""
from django.db.models import Q

from yuanqu.core.access import Reference, register

from .models import Action, PublishedIndicator, Target, Task


@register(Target)
class TargetRule(Reference):
    pass


@register(PublishedIndicator)
class PublishedIndicatorRule(Reference):
    pass


@register(Action)
class ActionRule(Reference):
    pass


@register(Task)
class TaskRule(Reference):
    region = ("action__region",)

    def write_department(self, user):
        return Q(owner_unit_id=user.department_id)

    def write_park_staff(self, user):
        return Q(owner_unit__park_id=user.park_id) if user.park_id else Q(pk__in=[])
