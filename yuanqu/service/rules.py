"""Who sees and changes enterprise service rows: tickets go to the department they are assigned to
and the commissioner who holds them; commissioners keep their own visits; an enterprise user sees
its own tickets. County readers read them all; park staff change those of their park's firms and projects."""
from django.db.models import Q
from django.utils import timezone

from yuanqu.core.access import Follows, Reference, Rule, everything, nothing, register

from .models import Assignment, Reminder, Ticket, TicketCategory, TicketEvent, TicketRoute, UnitHead, Visit

SUBJECT_REGION = ("enterprise__region", "project__region")
SUBJECT_PARK = ("enterprise__park", "project__park")


def assigned(user, path: str = "assignments") -> Q:
    """Rows (firms, projects) that `user` serves now: a current 包联 at `path`, none ended before today."""
    today = timezone.localdate()
    return Q(**{f"{path}__commissioner": user}) & (
        Q(**{f"{path}__end_date__isnull": True}) | Q(**{f"{path}__end_date__gte": today}))


@register(Assignment)
class AssignmentRule(Rule):
    region = SUBJECT_REGION
    park = SUBJECT_PARK

    def read_commissioner(self, user):
        return Q(commissioner=user)

    def read_enterprise(self, user):
        return Q(enterprise_id=user.enterprise_id)


@register(Visit)
class VisitRule(Rule):
    region = SUBJECT_REGION
    park = SUBJECT_PARK

    def read_commissioner(self, user):
        return Q(commissioner=user)

    write_commissioner = read_commissioner


@register(TicketCategory)
class TicketCategoryRule(Rule):
    region = ()  # the installation's list (superusers keep it)
    read_department = read_commissioner = read_enterprise = everything
    write_admin = write_park_staff = nothing


@register(Ticket)
class TicketRule(Rule):
    park = SUBJECT_PARK

    def read_department(self, user):
        """Tickets the department leads or is routed to (牵头 or 协办, whatever its position)."""
        routed = TicketRoute.objects.filter(department_id=user.department_id).values("ticket_id")
        return Q(department_id=user.department_id) | Q(pk__in=routed)

    def read_commissioner(self, user):
        return Q(commissioner=user)

    def read_enterprise(self, user):
        return Q(enterprise_id=user.enterprise_id)

    write_department = read_department
    write_commissioner = read_commissioner


@register(TicketEvent)
class TicketEventRule(Follows):
    parent = "ticket"
    region = ("ticket__region",)


@register(TicketRoute)
class TicketRouteRule(Follows):
    parent = "ticket"
    region = ("ticket__region",)


@register(Reminder)
class ReminderRule(Follows):
    """Read with its ticket; written by the reminder ladder alone (superusers keep them in the admin)."""

    parent = "ticket"
    region = ("ticket__region",)
    write_admin = write_park_staff = write_department = write_commissioner = write_enterprise = nothing


@register(UnitHead)
class UnitHeadRule(Reference):
    """Who heads a department (the reminder ladder's second rung): the county's government roles read it."""
    region = ("department__region",)
