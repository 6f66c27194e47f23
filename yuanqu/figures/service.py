"""Enterprise service figures (DOMAIN §11 工作专员, 诉求; docs/figures.md "Service").

Counts and shares are SQL aggregates; the on-time test (working days) and the median are order
statistics over the closed tickets' dates, read once.
"""
from __future__ import annotations

import statistics
from decimal import Decimal

from django.db.models import Count, F, Q

from yuanqu.service.models import Assignment, Ticket, TicketStatus
from yuanqu.workdays.calendar import UnknownYear, add_workdays

from .base import Figure, RowRef, ratio
from .engine import register
from .rules import rule
from .sql import Statement, prepared
from . import selectors as sel

DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def connected_assignments(scope, period):
    """Commissioner assignments to an enterprise overlapping the window."""
    return sel.assignments(scope).filter(enterprise__isnull=False, start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start))


def closed_tickets(scope, period):
    return sel.tickets(scope).closed_between(period.start, period.end).filter(status__in=DONE)


def on_time(received, resolved, deadline, workdays: int) -> bool:
    """Closed by its deadline; without one, within `workdays` working days of receipt."""
    return resolved <= (deadline or add_workdays(received, workdays))


@prepared
def service_statements(scope, period) -> dict[str, Statement]:
    closed = closed_tickets(scope, period)
    return {
        "connected": Statement.aggregate(connected_assignments(scope, period),
                                         n=Count("enterprise", distinct=True)),
        "closed": Statement.aggregate(
            closed, n=Count("pk"), categories=Count("category", distinct=True), rated=Count("satisfaction"),
            satisfied=Count("pk", filter=Q(satisfaction=Ticket.Satisfaction.SATISFIED)),
            basic=Count("pk", filter=Q(satisfaction=Ticket.Satisfaction.BASIC))),
        "by_category": Statement.of(closed.values("category__name").annotate(n=Count("pk"))
                                    .order_by("category__sort", "category__code")),
        "dates": Statement.of(closed.values("received_date", "resolved_date", "deadline")),
    }


@register("service.enterprises_connected", "service.tickets_closed", "service.ticket_categories",
          "service.on_time_rate", "service.median_days_to_close", "service.satisfaction")
def service_figures(scope, period):
    window = f"{period.year}年1月1日至{period.end:%Y-%m-%d}"
    run = service_statements(scope, period)
    yield Figure(
        key="service.enterprises_connected", label="工作专员精准对接企业数", unit="家",
        value=run["connected"].one()["n"],
        rows=[RowRef.lazy(Assignment, lambda: connected_assignments(scope, period))],
        formula=f"与{window}有交集的专员包联记录所涉企业（去重）",
    )
    agg = run["closed"].one()
    by_category = [{"category": r["category__name"], "count": r["n"]} for r in run["by_category"].dicts()]
    rows = [RowRef.lazy(Ticket, lambda: closed_tickets(scope, period))]
    yield Figure(key="service.tickets_closed", label="协调解决企业问题条数", value=agg["n"], unit="条",
                 detail=by_category, rows=rows, note=f"涉及{agg['categories']}类问题",
                 formula=f"办结日期在{window}内、状态为办结或销号的企业诉求条数")
    yield Figure(key="service.ticket_categories", label="已解决问题涉及类别数", value=agg["categories"], unit="类",
                 detail=by_category, rows=rows, formula="上述已办结诉求的问题类别数（去重）")
    workdays = rule("ticket_on_time_workdays")
    dates = run["dates"].tuples()
    try:
        punctual = sum(1 for received, resolved, deadline in dates if on_time(received, resolved, deadline, workdays))
        rate, note = ratio(punctual, agg["n"]), "工作日按国务院办公厅公布的节假日安排计（法定节假日不计，调休上班日计入）"
    except UnknownYear as exc:  # a year not yet published: no rate rather than a guessed one
        punctual, rate, note = None, None, str(exc)
    yield Figure(key="service.on_time_rate", label="诉求按期办结率", value=rate, unit="%",
                 numerator=punctual, denominator=agg["n"], places=1, rows=rows,
                 formula=f"按期办结条数 ÷ 办结条数 × 100；有办理时限的以时限为准，无时限的以受理后{workdays}个工作日为准",
                 note=note)
    days = [(resolved - received).days for received, resolved, _ in dates]
    yield Figure(key="service.median_days_to_close", label="诉求办结用时中位数",
                 value=Decimal(str(statistics.median(days))) if days else None, unit="天", places=1, rows=rows,
                 formula="各办结诉求（办结日期 − 受理日期）天数的中位数（自然日）")
    good = agg["satisfied"] + agg["basic"]
    yield Figure(key="service.satisfaction", label="企业满意率", value=ratio(good, agg["rated"]), unit="%",
                 numerator=good, denominator=agg["rated"], places=1, rows=rows,
                 detail=[{"level": "满意", "count": agg["satisfied"]}, {"level": "基本满意", "count": agg["basic"]},
                         {"level": "不满意", "count": agg["rated"] - good}],
                 formula="（满意 + 基本满意）÷ 已评价的办结诉求 × 100",
                 note=f"{agg['n'] - agg['rated']}条办结诉求未评价，不计入" if agg["n"] - agg["rated"] else "")


def overdue_open_tickets(scope, period):
    """Tickets received by the period's end, not resolved by then, whose deadline had passed."""
    end = period.end
    return (sel.tickets(scope).filter(received_date__lte=end, deadline__lt=end)
            .filter(Q(resolved_date__isnull=True) | Q(resolved_date__gt=end)))


@prepared
def overdue_statement(scope, period) -> Statement:
    return Statement.of(overdue_open_tickets(scope, period).values(
        "code", "title", "deadline", category_name=F("category__name"), enterprise_name=F("enterprise__name"),
        department_name=F("department__name"), department_short=F("department__short_name"),
    ).order_by("deadline", "code"))


@register("service.overdue_open")
def overdue_figures(scope, period):
    rows = overdue_statement(scope, period).dicts()
    detail = [{
        "code": t["code"], "title": t["title"], "category": t["category_name"],
        "enterprise": t["enterprise_name"] or "", "department": t["department_short"] or t["department_name"] or "",
        "deadline": t["deadline"], "days_overdue": (period.end - t["deadline"]).days,
    } for t in rows]
    yield Figure(key="service.overdue_open", label="超期未办结诉求条数", value=len(detail), unit="条",
                 detail=detail, rows=[RowRef.lazy(Ticket, lambda: overdue_open_tickets(scope, period))],
                 formula=f"截至{period.end:%Y-%m-%d}已受理、办理时限已过仍未办结的企业诉求条数")
