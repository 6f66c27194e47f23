"""Who may do what to a ticket (诉求) beyond reading it (reading: rules.py, the scoping layer): the
detail page shows a form only to those its action accepts, and the action views answer 403 to anyone else.

Dispatchers (园区工作人员, 系统管理员) raise, route (交办), reroute and return (退回) tickets; a department's
users state its position on a route and resolve (办结) the tickets they lead — dispatchers may do both
on their behalf; 销号 is confirmed by the enterprise itself or by the commissioner on its behalf.
"""
from __future__ import annotations

from .models import Ticket, TicketRoute

DISPATCHER_ROLES = {"park_staff", "admin"}
RAISER_ROLES = DISPATCHER_ROLES | {"commissioner", "enterprise"}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_dispatcher(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in DISPATCHER_ROLES)


def may_raise(user) -> bool:
    """Raise a ticket: dispatchers, commissioners, and an enterprise's own users (for that enterprise only)."""
    if not _active(user):
        return False
    if user.role == "enterprise":
        return user.enterprise_id is not None
    return user.is_superuser or user.role in RAISER_ROLES


def may_answer(user, route: TicketRoute) -> bool:
    """State a department's position on its route: its own users, or a dispatcher on its behalf."""
    return _active(user) and (is_dispatcher(user) or (user.role == "department"
                                                      and user.department_id == route.department_id))


def may_resolve(user, ticket: Ticket) -> bool:
    return _active(user) and (is_dispatcher(user) or (user.role == "department" and ticket.department_id is not None
                                                      and user.department_id == ticket.department_id))


def is_commissioner_of(user, ticket: Ticket) -> bool:
    """The ticket's commissioner, or the one serving its enterprise or project."""
    if not _active(user) or user.role != "commissioner":
        return False
    serving = {ticket.commissioner_id, getattr(ticket.enterprise, "commissioner_id", None),
               getattr(ticket.project, "commissioner_id", None)}
    return user.pk in serving


def confirmation_by(user, ticket: Ticket) -> str | None:
    """How `user` may confirm 销号: as the enterprise, as its commissioner on its behalf, or not at all."""
    if _active(user) and user.role == "enterprise" and ticket.enterprise_id is not None \
            and user.enterprise_id == ticket.enterprise_id:
        return Ticket.Confirmation.ENTERPRISE
    if is_commissioner_of(user, ticket):
        return Ticket.Confirmation.COMMISSIONER
    return None
