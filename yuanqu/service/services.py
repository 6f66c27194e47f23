"""Writes for enterprise service: moving a ticket (诉求) along 受理 → 交办 → 办理 → 办结 → 销号.

Every move is a TicketEvent with the user, the time and the opinion; the ticket's status, unit,
resolution date and result follow it. One step at a time: a ticket is never moved backwards or
past a step, so the history always tells how it was handled (DOMAIN §11).
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Ticket, TicketEvent, TicketStatus

ORDER = [TicketStatus.RECEIVED, TicketStatus.ASSIGNED, TicketStatus.HANDLING, TicketStatus.RESOLVED,
         TicketStatus.CLOSED]
OPEN = (TicketStatus.RECEIVED, TicketStatus.ASSIGNED, TicketStatus.HANDLING)


def next_status(status: str) -> str | None:
    """The step after `status`, or None once 销号."""
    i = ORDER.index(TicketStatus(status))
    return ORDER[i + 1].value if i + 1 < len(ORDER) else None


@transaction.atomic
def move_ticket(ticket: Ticket, status: str, *, user=None, note: str = "", department=None, resolution: str = "",
                satisfaction: int | None = None, at=None) -> TicketEvent:
    """Move the ticket to `status` (the next step only) and record the event.

    交办 needs a handling unit (given, or the ticket's, or the category's default); 办结 needs the result
    (resolution or note) and sets the resolution date; 销号 may record the firm's satisfaction.
    """
    ticket = Ticket.objects.select_for_update().select_related("category").get(pk=ticket.pk)
    expected = next_status(ticket.status)
    if expected is None:
        raise ValidationError("该诉求已销号，不能再变更状态")
    if status != expected:
        raise ValidationError(f"诉求当前为“{TicketStatus(ticket.status).label}”，下一步应为"
                              f"“{TicketStatus(expected).label}”，不能改为“{TicketStatus(status).label}”")
    at = at or timezone.now()
    if status == TicketStatus.ASSIGNED:
        unit = department or ticket.department or ticket.category.default_department
        if unit is None:
            raise ValidationError({"department": "交办须指定承办单位"})
        ticket.department = unit
        note = note or f"交办{unit}"
    if status == TicketStatus.RESOLVED:
        result = (resolution or note).strip()
        if not result:
            raise ValidationError({"resolution": "办结须填写办理结果"})
        ticket.resolution = result
        ticket.resolved_date = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    if status == TicketStatus.CLOSED and satisfaction:
        ticket.satisfaction = satisfaction
    ticket.status = status
    ticket.save()
    return TicketEvent.objects.create(ticket=ticket, status=status, at=at, user=user,
                                      department=ticket.department, note=note)


def overdue_q(day):
    """Open tickets past their deadline on `day` (逾期未办结)."""
    from django.db.models import Q

    return Q(status__in=OPEN, deadline__lt=day)


def late_closed_q():
    """Tickets resolved after their deadline (超期办结)."""
    from django.db.models import F, Q

    return Q(resolved_date__isnull=False, deadline__isnull=False, resolved_date__gt=F("deadline"))
