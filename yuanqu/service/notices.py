"""Who hears of a ticket's moves and reminders, and the notification that tells them (notify())."""
from __future__ import annotations

from django.urls import reverse

from yuanqu.accounts.models import User
from yuanqu.notifications.services import notify

from .models import Ticket, TicketRoute, UnitHead

KINDS = {
    "ticket.raised": "新诉求", "ticket.assigned": "诉求交办", "ticket.position": "承办单位表态",
    "ticket.returned": "诉求退回", "ticket.resolved": "诉求办结", "ticket.reopened": "诉求重办",
    "ticket.remind": "诉求提醒", "ticket.escalate": "诉求督办", "ticket.stalled": "长期未办结",
}


def _users(**lookup) -> list[User]:
    return list(User.objects.filter(is_active=True, **lookup).order_by("username"))


def department_users(department) -> list[User]:
    return _users(department=department, role=User.Role.DEPARTMENT) if department else []


def head_of(department) -> list[User]:
    """The department's head (承办单位负责人), else its users."""
    head = UnitHead.objects.filter(department=department).select_related("head").first() if department else None
    return [head.head] if head and head.head.is_active else department_users(department)


def lead_route(ticket: Ticket) -> TicketRoute | None:
    return ticket.routes.live().filter(role=TicketRoute.Role.LEAD).select_related("department", "decided_by").first()


def dispatchers(ticket: Ticket) -> list[User]:
    """Whoever routed the ticket last, else the park staff of its region (of its park, or of none)."""
    route = ticket.routes.filter(assigned_by__isnull=False).select_related("assigned_by").order_by("-id").first()
    if route and route.assigned_by.is_active:
        return [route.assigned_by]
    park = getattr(ticket.enterprise, "park_id", None) or getattr(ticket.project, "park_id", None)
    staff = _users(role=User.Role.PARK_STAFF, region=ticket.region_id)
    return [u for u in staff if u.park_id in (None, park)]


def handlers(ticket: Ticket) -> list[User]:
    """承办人: who accepted for the lead department, else its users, else the dispatcher."""
    route = lead_route(ticket)
    if route and route.decided_by and route.decided_by.is_active and route.position == route.Position.ACCEPTED:
        return [route.decided_by]
    return department_users(route.department if route else None) or dispatchers(ticket)


def heads(ticket: Ticket) -> list[User]:
    route = lead_route(ticket)
    return (head_of(route.department) if route else []) or dispatchers(ticket)


def leaders(ticket: Ticket) -> list[User]:
    return _users(role=User.Role.LEADER, region=ticket.region_id)


def enterprise_side(ticket: Ticket) -> list[User]:
    """The enterprise's own users and the ticket's commissioner: those who confirm 销号."""
    users = _users(enterprise=ticket.enterprise, role=User.Role.ENTERPRISE) if ticket.enterprise_id else []
    return users + ([ticket.commissioner] if ticket.commissioner_id else [])


def names(users) -> str:
    return "、".join(str(u) for u in users)


def announce(ticket: Ticket, recipients, *, kind: str, title: str, body: str = "") -> None:
    """Notify `recipients` of the ticket (in-app and the default channels), linking to its page."""
    subject = ticket.enterprise or ticket.project
    lines = [f"诉求：{ticket.code} {ticket.title}", *([f"对象：{subject}"] if subject else []), *([body] if body else [])]
    notify(recipients=recipients, title=title, body="\n".join(lines), kind=kind,
           link=reverse("service:detail", args=[ticket.pk]))
