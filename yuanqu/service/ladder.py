"""The reminder ladder (提醒阶梯): which rungs are due for a ticket not yet 办结, to whom, saying what.

Counted in working days (yuanqu.workdays) from the ticket's first 交办; the days are settings
(YUANQU_RULES["ticket_reminder_workdays"]; default: the handler at day 5, the department head at 10,
督办 to the county leaders at 15, flagged stalled at 30), and the handler is reminded on the deadline
day itself. A rung is due from its day on, so a run after a pause catches up; it fires once per
ticket (services.fire_reminders records a Reminder per (ticket, rung)).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yuanqu.figures.rules import rule
from yuanqu.workdays.calendar import UnknownYear, add_workdays, workdays_between

from . import notices
from .models import Reminder, Ticket

R = Reminder.Rung
WHO = {R.HANDLER: notices.handlers, R.DEADLINE: notices.handlers, R.HEAD: notices.heads,
       R.LEADER: notices.leaders, R.STALLED: lambda t: notices.leaders(t) + notices.dispatchers(t)}


@dataclass(frozen=True)
class Due:
    rung: str
    due_date: dt.date
    workdays: int  # working days after 交办 on the due date


def rungs() -> list[tuple[str, int]]:
    """(rung, working days after 交办) from the settings, in order of their day."""
    days = rule("ticket_reminder_workdays")
    return sorted(((R(name).value, int(n)) for name, n in days.items()), key=lambda item: item[1])


def due(ticket: Ticket, day: dt.date, fired: set[str] = frozenset()) -> list[Due]:
    """Rungs due on `day` (their day reached) and not in `fired`; UnknownYear when a day cannot be counted."""
    out = []
    for rung, n in rungs():
        try:
            when = add_workdays(ticket.assigned_date, n)
        except UnknownYear as exc:
            if exc.year > day.year:  # the rung's day lies in a year after `day`: not due yet
                break
            raise
        if when > day:
            break
        if rung not in fired:
            out.append(Due(rung, when, n))
    if ticket.deadline and ticket.deadline <= day and R.DEADLINE not in fired:
        out.append(Due(R.DEADLINE.value, ticket.deadline, workdays_between(ticket.assigned_date, ticket.deadline)))
    return sorted(out, key=lambda d: (d.due_date, d.workdays))


def recipients(ticket: Ticket, rung: str) -> list:
    return WHO[R(rung)](ticket)


def message(ticket: Ticket, item: Due) -> tuple[str, str, str]:
    """(kind, title, body) of the notification a rung sends."""
    since = f"{ticket.assigned_date:%Y-%m-%d}交办，已{item.workdays}个工作日未办结"
    deadline = f"；办理时限{ticket.deadline:%Y-%m-%d}" if ticket.deadline else ""
    unit = f"牵头单位：{ticket.department}。" if ticket.department_id else "尚无牵头单位，请重新交办。"
    rung = R(item.rung)
    if rung == R.DEADLINE:
        return "ticket.remind", f"诉求今日到期：{ticket.title}", f"{unit}办理时限{ticket.deadline:%Y-%m-%d}，请抓紧办结"
    if rung == R.LEADER:
        return "ticket.escalate", f"督办：诉求{ticket.code}交办{item.workdays}个工作日未办结", f"{unit}{since}{deadline}"
    if rung == R.STALLED:
        return "ticket.stalled", f"长期未办结：诉求{ticket.code}已{item.workdays}个工作日", f"{unit}{since}{deadline}"
    who = "请督促承办人办理" if rung == R.HEAD else "请抓紧办理"
    return "ticket.remind", f"诉求{ticket.code}交办{item.workdays}个工作日未办结", f"{unit}{since}{deadline}，{who}"
