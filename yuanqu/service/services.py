"""Writes for enterprise service: a ticket (诉求) along 受理 → 交办 → 办理 → 办结 → 销号, with 退回.

受理 `raise_ticket`; 交办 `route_ticket` to a lead department (牵头) and assisting ones (协办), again after a
退回 or to reassign; each department states its position with `answer_route` (接收, 拒收 with a reason,
转办 to another department), and the ticket's status follows: the lead accepted → 办理, every route
refused → back to 受理 (退回) for re-routing; `return_ticket` is the dispatcher's 退回; 办结
`resolve_ticket` needs the result; `confirm_ticket` is the enterprise's confirmation (or its
commissioner's on its behalf) with a rating: 不满意 reopens the ticket (办理), otherwise 销号.
`fire_reminders` runs the reminder ladder (ladder.py) once.

Every move is a TicketEvent dated on the real day it happened (given, or today): never in the future,
never before the previous move. Bad input raises ValidationError with a Chinese message and writes
nothing. `announce=False` records without notifying anyone (the demo county's history).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yuanqu.figures.rules import rule
from yuanqu.org.models import Region
from yuanqu.workdays.calendar import UnknownYear, add_workdays

from . import ladder, notices
from .models import OPEN_STATUSES, Reminder, Ticket, TicketEvent, TicketRoute, TicketStatus

A = TicketEvent.Action
P = TicketRoute.Position
ORDER = [TicketStatus.RECEIVED, TicketStatus.ASSIGNED, TicketStatus.HANDLING, TicketStatus.RESOLVED,
         TicketStatus.CLOSED]
OPEN = OPEN_STATUSES
NOON = dt.time(12, 0)


# --- dates and events -------------------------------------------------------------------------

def _last_event(ticket: Ticket) -> TicketEvent | None:
    return ticket.events.order_by("-at", "-id").first()


def move_date(ticket: Ticket | None, on: dt.date | None) -> dt.date:
    """The date of a move: today when not given; never after today, never before the previous move."""
    today = timezone.localdate()
    on = on or today
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise ValidationError({"date": f"办理日期应为日期，收到“{on}”"})
    if on > today:
        raise ValidationError({"date": f"办理日期{on:%Y-%m-%d}晚于今天（{today:%Y-%m-%d}），不能登记未来的日期"})
    last = _last_event(ticket) if ticket is not None and ticket.pk else None
    if last is not None and on < last.date:
        raise ValidationError({"date": f"办理日期{on:%Y-%m-%d}早于上一步“{last.get_action_display()}”"
                                       f"（{last.date:%Y-%m-%d}），不能倒填到上一步之前"})
    return on


def _record(ticket: Ticket, action: str, *, on: dt.date, user, department=None, note: str = "",
            satisfaction: int | None = None) -> TicketEvent:
    """The event of a move, at noon of a past day or now today (never before the previous event)."""
    now = timezone.now()
    at = now if on == timezone.localdate(now) else timezone.make_aware(dt.datetime.combine(on, NOON))
    last = _last_event(ticket)
    if last is not None and at < last.at:
        at = last.at
    return TicketEvent.objects.create(ticket=ticket, action=action, status=ticket.status, date=on, at=at,
                                      recorded_at=now, user=user, department=department, note=note,
                                      satisfaction=satisfaction)


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related(
        "category", "region", "enterprise", "project", "department", "commissioner").get(pk=ticket.pk)


def _expect(ticket: Ticket, *statuses: str, doing: str) -> None:
    if ticket.status not in statuses:
        wanted = "或".join(f"“{TicketStatus(s).label}”" for s in statuses)
        raise ValidationError(f"诉求{ticket.code}当前为“{ticket.get_status_display()}”，只有{wanted}的诉求才能{doing}")


def _required(text: str, field_name: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field_name: message})
    return text


# --- 受理 -------------------------------------------------------------------------------------

def next_code(region) -> str:
    """SQ + the region's code + a 5-digit sequence (the demo's numbering too)."""
    prefix = f"SQ{region.code}"
    numbers = [int(m.group(1)) for code in Ticket.objects.filter(code__startswith=prefix).values_list("code", flat=True)
               if (m := re.fullmatch(rf"{prefix}(\d+)", code))]
    return f"{prefix}{max(numbers, default=0) + 1:05d}"


@transaction.atomic
def raise_ticket(*, title: str, category, user, source: str, on: dt.date | None = None, description: str = "",
                 enterprise=None, project=None, commissioner=None, progress=None, announce: bool = True) -> Ticket:
    """受理: a new ticket about an enterprise or a project (from a progress problem: its project), in their county."""
    if progress is not None:
        project = progress.project
        enterprise = enterprise or project.enterprise
        description = description or progress.problems
    title = _required(title, "title", "请填写诉求标题")
    if enterprise is None and project is None:
        raise ValidationError({"enterprise": "诉求须关联企业或项目"})
    if getattr(user, "role", "") == "enterprise" and (enterprise is None or enterprise.pk != user.enterprise_id):
        raise ValidationError({"enterprise": "企业用户只能为本企业提出诉求"})
    if enterprise is not None and project is not None and enterprise.region_id != project.region_id:
        raise ValidationError({"project": f"项目“{project}”与企业“{enterprise}”不在同一县"})
    on = move_date(None, on)
    ticket = Ticket(title=title, description=description, category=category, source=source,
                    region=(project or enterprise).region, enterprise=enterprise, project=project, progress=progress,
                    raised_by=user, received_date=on, status=TicketStatus.RECEIVED,
                    commissioner=commissioner or getattr(enterprise, "commissioner", None)
                    or getattr(project, "commissioner", None)
                    or (user if getattr(user, "role", "") == "commissioner" else None))
    ticket.full_clean(exclude=["code"])
    Region.objects.select_for_update().get(pk=ticket.region_id)  # one code at a time per county
    ticket.code = next_code(ticket.region)
    ticket.save()
    _record(ticket, A.RAISE, on=on, user=user, note="受理企业诉求")
    if announce:
        notices.announce(ticket, notices.dispatchers(ticket), kind="ticket.raised", title=f"新诉求待交办：{title}")
    return ticket


# --- 交办, positions, 退回 ----------------------------------------------------------------------

def deadline_for(category, assigned: dt.date) -> dt.date | None:
    """The day the category's working days (or the rule's) after 交办 end; None in a year not yet known."""
    days = category.deadline_workdays or rule("ticket_deadline_workdays")
    try:
        return add_workdays(assigned, days)
    except UnknownYear:
        return None


def _check_departments(ticket: Ticket, lead, assisting) -> list:
    if lead is None:
        raise ValidationError({"lead": "交办须指定牵头单位"})
    assisting = [d for d in dict.fromkeys(assisting or ()) if d is not None]
    if lead in assisting:
        raise ValidationError({"assisting": f"{lead}已是牵头单位，不能同时作为协办单位"})
    for dept in (lead, *assisting):
        if dept.region_id != ticket.region_id:
            raise ValidationError({"lead": f"{dept}不是{ticket.region}的单位"})
    return assisting


def _retire(routes) -> None:
    TicketRoute.objects.filter(pk__in=[r.pk for r in routes]).update(current=False)


def _settle(ticket: Ticket) -> bool:
    """The ticket's status from its routes (the lead accepted → 办理, else 交办); False when none stands."""
    live = list(ticket.routes.live().select_related("department"))
    if not live:
        return False
    lead = next((r for r in live if r.role == TicketRoute.Role.LEAD), None)
    ticket.status = TicketStatus.HANDLING if lead and lead.position == P.ACCEPTED else TicketStatus.ASSIGNED
    ticket.department = lead.department if lead else None  # the lead refused: a new one is to be named
    ticket.save()
    return True


def _withdraw(ticket: Ticket) -> list:
    """退回 to 受理: the present routing retired, no lead; returns the departments that were standing."""
    standing = [r.department for r in ticket.routes.live().select_related("department")]
    _retire(ticket.routes.current())
    ticket.status, ticket.department = TicketStatus.RECEIVED, None
    ticket.save()
    return standing


@transaction.atomic
def route_ticket(*, ticket: Ticket, lead, assisting=(), user, on: dt.date | None = None, note: str = "",
                 announce: bool = True) -> list[TicketRoute]:
    """交办 (or reassign): `lead` leads, `assisting` assist; a standing route of the same unit and role stays."""
    ticket = _locked(ticket)
    _expect(ticket, TicketStatus.RECEIVED, TicketStatus.ASSIGNED, doing="交办")
    assisting = _check_departments(ticket, lead, assisting)
    on = move_date(ticket, on)
    wanted = {(lead.pk, TicketRoute.Role.LEAD), *((d.pk, TicketRoute.Role.ASSIST) for d in assisting)}
    current = list(ticket.routes.current())
    kept = {(r.department_id, r.role) for r in current if (r.department_id, r.role) in wanted and r.position != P.REFUSED}
    _retire([r for r in current if (r.department_id, r.role) not in kept])
    new = [TicketRoute(ticket=ticket, department=d, role=role, assigned_on=on, assigned_by=user)
           for d, role in [(lead, TicketRoute.Role.LEAD), *((d, TicketRoute.Role.ASSIST) for d in assisting)]
           if (d.pk, role) not in kept]
    TicketRoute.objects.bulk_create(new)
    if ticket.assigned_date is None:
        ticket.assigned_date = on
        ticket.deadline = ticket.deadline or deadline_for(ticket.category, on)
    _settle(ticket)
    text = f"牵头：{lead}" + (f"；协办：{'、'.join(map(str, assisting))}" if assisting else "")
    _record(ticket, A.ASSIGN, on=on, user=user, department=lead, note=f"{text}{'；' + note if note else ''}")
    if announce:
        for route in new:
            notices.announce(ticket, notices.department_users(route.department), kind="ticket.assigned",
                             title=f"新交办诉求（{route.get_role_display()}）：{ticket.title}",
                             body=f"办理时限：{ticket.deadline:%Y-%m-%d}" if ticket.deadline else "")
    return new


@transaction.atomic
def answer_route(*, route: TicketRoute, position: str, user, on: dt.date | None = None, reason: str = "",
                 transfer_to=None, announce: bool = True) -> TicketRoute:
    """A department's position on its route: 接收, 拒收 (with a reason) or 转办 to another department."""
    ticket = _locked(route.ticket)
    route = TicketRoute.objects.select_for_update(of=("self",)).select_related("department").get(pk=route.pk)
    if not route.current or route.position != P.PENDING:
        raise ValidationError(f"{route.department}已就此诉求表态（{route.get_position_display()}），不能重复表态")
    if position not in (P.ACCEPTED, P.REFUSED, P.TRANSFERRED):
        raise ValidationError({"position": f"表态应为接收、拒收或转办，收到“{position}”"})
    if position != P.ACCEPTED:
        reason = _required(reason, "reason", f"{P(position).label}须说明理由")
    if position == P.TRANSFERRED:
        if transfer_to is None:
            raise ValidationError({"transfer_to": "转办须选择接办单位"})
        if transfer_to.region_id != ticket.region_id:
            raise ValidationError({"transfer_to": f"{transfer_to}不是{ticket.region}的单位"})
        if ticket.routes.current().filter(department=transfer_to).exists():
            raise ValidationError({"transfer_to": f"{transfer_to}已在承办单位之中，不能转办给它"})
    on = move_date(ticket, on)
    route.position, route.reason, route.decided_on, route.decided_by = position, reason, on, user
    route.current = position != P.TRANSFERRED
    route.save()
    if position == P.TRANSFERRED:
        TicketRoute.objects.create(ticket=ticket, department=transfer_to, role=route.role, assigned_on=on,
                                   assigned_by=user, transferred_from=route)
    action = {P.ACCEPTED: A.ACCEPT, P.REFUSED: A.REFUSE, P.TRANSFERRED: A.TRANSFER}[position]
    note = {P.ACCEPTED: f"{route.department}接收（{route.get_role_display()}）",
            P.REFUSED: f"{route.department}拒收：{reason}",
            P.TRANSFERRED: f"{route.department}转办{transfer_to}：{reason}"}[position]
    standing = _settle(ticket)
    _record(ticket, action, on=on, user=user, department=route.department, note=note)
    if announce and position != P.ACCEPTED:
        notices.announce(ticket, notices.dispatchers(ticket), kind="ticket.position", title=f"诉求{ticket.code}：{note}")
    if not standing:  # every unit refused: back to 受理 for a new 交办
        _withdraw(ticket)
        _record(ticket, A.RETURN, on=on, user=None, note="各承办单位均已拒收，退回待重新交办")
        if announce:
            notices.announce(ticket, notices.dispatchers(ticket), kind="ticket.returned",
                             title=f"诉求已退回待重新交办：{ticket.title}", body="各承办单位均已拒收")
    if announce and position == P.TRANSFERRED:
        notices.announce(ticket, notices.department_users(transfer_to), kind="ticket.assigned",
                         title=f"转办诉求（{route.get_role_display()}）：{ticket.title}", body=f"由{route.department}转来")
    return route


@transaction.atomic
def return_ticket(*, ticket: Ticket, user, reason: str, on: dt.date | None = None, announce: bool = True) -> Ticket:
    """退回 by the dispatcher: the routing is withdrawn and the ticket waits in 受理 for a new 交办."""
    ticket = _locked(ticket)
    _expect(ticket, TicketStatus.ASSIGNED, TicketStatus.HANDLING, doing="退回")
    reason = _required(reason, "reason", "退回须说明理由")
    on = move_date(ticket, on)
    routed = _withdraw(ticket)
    _record(ticket, A.RETURN, on=on, user=user, note=f"退回：{reason}")
    if announce:
        for dept in routed:
            notices.announce(ticket, notices.department_users(dept), kind="ticket.returned",
                             title=f"诉求已退回：{ticket.title}", body=f"理由：{reason}")
    return ticket


# --- 办结, 销号 -------------------------------------------------------------------------------

@transaction.atomic
def resolve_ticket(*, ticket: Ticket, user, resolution: str, on: dt.date | None = None,
                   announce: bool = True) -> Ticket:
    """办结: the lead department's result, dated; the enterprise is asked to confirm it."""
    ticket = _locked(ticket)
    if ticket.status == TicketStatus.ASSIGNED:
        raise ValidationError("牵头单位尚未接收，诉求不能办结")
    _expect(ticket, TicketStatus.HANDLING, doing="办结")
    resolution = _required(resolution, "resolution", "办结须填写办理结果")
    on = move_date(ticket, on)
    ticket.status, ticket.resolution, ticket.resolved_date = TicketStatus.RESOLVED, resolution, on
    ticket.save()
    _record(ticket, A.RESOLVE, on=on, user=user, department=ticket.department, note=resolution)
    if announce:
        notices.announce(ticket, notices.enterprise_side(ticket), kind="ticket.resolved",
                         title=f"诉求已办结，请确认并评价：{ticket.title}", body=f"办理结果：{resolution}")
    return ticket


@transaction.atomic
def confirm_ticket(*, ticket: Ticket, user, satisfaction: int | None, confirmed: bool, on: dt.date | None = None,
                   note: str = "", announce: bool = True) -> Ticket:
    """The enterprise's word on a 办结 ticket (or its commissioner's on its behalf): 销号 with the rating,
    or, 不满意, the ticket reopened (办理)."""
    from .permissions import confirmation_by

    ticket = _locked(ticket)
    _expect(ticket, TicketStatus.RESOLVED, doing="销号")
    how = confirmation_by(user, ticket)
    if how is None:
        raise ValidationError("销号须由企业确认，或由该企业的工作专员代企业确认")
    if not confirmed:
        raise ValidationError({"confirmed": "销号须经企业确认办理结果"})
    if satisfaction not in Ticket.Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择企业满意度（满意、基本满意或不满意）"})
    on = move_date(ticket, on)
    who = Ticket.Confirmation(how).label
    if satisfaction == Ticket.Satisfaction.UNSATISFIED:
        note = _required(note, "note", "不满意须说明原因，以便承办单位重新办理")
        ticket.status, ticket.resolved_date = TicketStatus.HANDLING, None
        ticket.save()
        _record(ticket, A.REOPEN, on=on, user=user, department=ticket.department, satisfaction=satisfaction,
                note=f"{who}：不满意，重新办理。{note}")
        if announce:
            notices.announce(ticket, notices.handlers(ticket), kind="ticket.reopened",
                             title=f"企业不满意，诉求重新办理：{ticket.title}", body=f"原因：{note}")
        return ticket
    ticket.status, ticket.satisfaction = TicketStatus.CLOSED, satisfaction
    ticket.confirmation, ticket.confirmed_by = how, user
    ticket.save()
    label = Ticket.Satisfaction(satisfaction).label
    _record(ticket, A.CLOSE, on=on, user=user, department=ticket.department, satisfaction=satisfaction,
            note=f"{who}，{label}" + (f"。{note}" if note else ""))
    return ticket


# --- the reminder ladder ----------------------------------------------------------------------

@dataclass
class Fired:
    """A rung that fired (or, in a dry run, would fire)."""
    ticket: Ticket
    due: ladder.Due
    recipients: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"ticket": self.ticket.code, "title": self.ticket.title, "rung": self.due.rung,
                "label": Reminder.Rung(self.due.rung).label, "due_date": self.due.due_date.isoformat(),
                "workdays": self.due.workdays, "recipients": [str(u) for u in self.recipients]}


@dataclass
class LadderRun:
    at: dt.datetime
    dry_run: bool
    fired: list[Fired] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # tickets whose days cannot be counted (year unknown)

    def to_json(self) -> dict:
        return {"at": self.at.isoformat(), "dry_run": self.dry_run, "fired": [f.to_json() for f in self.fired],
                "skipped": self.skipped}


def fire_reminders(*, at: dt.datetime, dry_run: bool = False) -> LadderRun:
    """Run the ladder once as of `at`: every rung due and not yet fired fires once (one Reminder each)."""
    day = timezone.localdate(at)
    run = LadderRun(at=at, dry_run=dry_run)
    tickets = (Ticket.objects.not_resolved().filter(assigned_date__isnull=False, assigned_date__lte=day)
               .select_related("region", "enterprise", "project", "category").prefetch_related("reminders")
               .order_by("assigned_date", "code"))
    for ticket in tickets:
        try:
            due = ladder.due(ticket, day, fired={r.rung for r in ticket.reminders.all()})
        except UnknownYear as exc:
            run.skipped.append(f"{ticket.code}：{exc}")
            continue
        for item in due:
            recipients = ladder.recipients(ticket, item.rung)
            if dry_run or _fire(ticket, item, recipients, at):
                run.fired.append(Fired(ticket, item, recipients))
    return run


def _fire(ticket: Ticket, item: ladder.Due, recipients, at: dt.datetime) -> bool:
    """Record the rung and notify; False when another run fired it first (the (ticket, rung) constraint)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(ticket=ticket, rung=item.rung, due_date=item.due_date, workdays=item.workdays,
                                    fired_at=at, recipients=notices.names(recipients))
            if item.rung == Reminder.Rung.STALLED:
                Ticket.objects.filter(pk=ticket.pk).update(stalled=True)
            kind, title, body = ladder.message(ticket, item)
            notices.announce(ticket, recipients, kind=kind, title=title, body=body)
    except IntegrityError:
        return False
    return True


def overdue_q(day):
    """Open tickets past their deadline on `day` (逾期未办结)."""
    return Q(status__in=OPEN, deadline__lt=day)


def late_closed_q():
    """Tickets resolved after their deadline (超期办结)."""
    from django.db.models import F

    return Q(resolved_date__isnull=False, deadline__isnull=False, resolved_date__gt=F("deadline"))
