"""Enterprise service figures (DOMAIN §11 工作专员, §14 诉求; docs/figures.md "Service").

Counts of connected firms and closed tickets are SQL aggregates; the rates, the medians and the
breakdowns by category, department and park come from one read of the window's tickets and one of
the enterprise's evaluations, accumulated by ticketstats.TicketStats (the same rule for the totals
and for every row of a breakdown, so the rows add up to the totals).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q

from yuanqu.core.access import visible
from yuanqu.service.models import Assignment, Ticket, TicketEvent, TicketStatus

from .base import Figure, RowRef
from .engine import register
from .rules import rule
from .sql import Statement, prepared
from .ticketstats import BASIC, SATISFIED, UNSATISFIED, TicketStats
from . import selectors as sel

DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)
OUTSIDE_PARK = "园区外"
NO_LEAD = "未确定牵头单位"
WORKDAY_NOTE = "工作日按国务院办公厅公布的节假日安排计（法定节假日不计，调休上班日计入）"
# the columns read for each ticket or evaluation: the group it falls in (category, lead department, park)
GROUP_COLUMNS = {"category_name": "category__name", "category_sort": "category__sort",
                 "category_code": "category__code", "department_name": "department__name",
                 "department_short": "department__short_name", "department_code": "department__code",
                 "enterprise_park": "enterprise__park__name", "enterprise_park_sort": "enterprise__park__sort",
                 "project_park": "project__park__name", "project_park_sort": "project__park__sort",
                 "project_pk": "project_id"}


def connected_assignments(scope, period):
    """Commissioner assignments to an enterprise overlapping the window."""
    return sel.assignments(scope).filter(enterprise__isnull=False, start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.start))


def closed_tickets(scope, period):
    return sel.tickets(scope).closed_between(period.start, period.end).filter(status__in=DONE)


def received_tickets(scope, period):
    return sel.tickets(scope).filter(received_date__gte=period.start, received_date__lte=period.end)


def window_tickets(scope, period):
    """Tickets received in W, or resolved in W (办结 or 销号)."""
    return sel.tickets(scope).filter(
        Q(received_date__gte=period.start, received_date__lte=period.end)
        | Q(resolved_date__gte=period.start, resolved_date__lte=period.end, status__in=DONE))


def ratings(scope, period):
    """The enterprise's evaluations dated in W (each 销号 with its rating, each 不满意 that reopened)."""
    return visible(TicketEvent.objects.ratings().dated_between(period.start, period.end)
                   .filter(ticket__in=sel.tickets(scope).values("pk")))


@prepared
def service_statements(scope, period) -> dict[str, Statement]:
    closed = closed_tickets(scope, period)
    on_ticket = {name: F(path) for name, path in GROUP_COLUMNS.items()}
    return {
        "connected": Statement.aggregate(connected_assignments(scope, period),
                                         n=Count("enterprise", distinct=True)),
        "closed": Statement.aggregate(closed, n=Count("pk"), categories=Count("category", distinct=True)),
        "by_category": Statement.of(closed.values("category__name").annotate(n=Count("pk"))
                                    .order_by("category__sort", "category__code")),
        "tickets": Statement.of(window_tickets(scope, period).values(
            "received_date", "resolved_date", "deadline", "status", **on_ticket)),
        "ratings": Statement.of(ratings(scope, period).values(
            "satisfaction", **{name: F(f"ticket__{path}") for name, path in GROUP_COLUMNS.items()})),
    }


def _park(r) -> str | None:
    """A ticket's park: its project's, else its enterprise's."""
    return r["project_park"] if r["project_pk"] else r["enterprise_park"]


def _park_order(r) -> tuple:
    sort = r["project_park_sort"] if r["project_pk"] else r["enterprise_park_sort"]
    return (_park(r) is None, sort or 0, _park(r) or "")


def _department(r) -> str | None:
    return r["department_short"] or r["department_name"]


@dataclass(frozen=True)
class Breakdown:
    word: str  # 类别, 牵头单位, 园区
    unit: str
    column: str  # the detail row's key naming the group
    group: Callable[[dict], str]
    sort: Callable[[dict], tuple]

    @property
    def label(self) -> str:
        return f"诉求办理情况（按{self.word}）"


BREAKDOWNS = {
    "service.by_category": Breakdown("类别", "类", "category", lambda r: r["category_name"],
                                     lambda r: (r["category_sort"], r["category_code"])),
    "service.by_department": Breakdown("牵头单位", "个", "department", lambda r: _department(r) or NO_LEAD,
                                       lambda r: (r["department_code"] is None, r["department_code"] or "")),
    "service.by_park": Breakdown("园区", "个", "park", lambda r: _park(r) or OUTSIDE_PARK, _park_order),
}


def accumulate(tickets, evaluations, period, group=None) -> dict:
    """group(row) → TicketStats over the rows (one group, None, when `group` is None), with each group's
    sort key."""
    days = rule("ticket_on_time_workdays")
    stats, order = defaultdict(lambda: TicketStats(days)), {}
    for r in tickets:
        key = group(r) if group else None
        stats[key].add_ticket(received=r["received_date"], resolved=r["resolved_date"], deadline=r["deadline"],
                              done=r["status"] in DONE, confirmed=r["status"] == TicketStatus.CLOSED,
                              start=period.start, end=period.end)
        order.setdefault(key, r)
    for r in evaluations:
        key = group(r) if group else None
        stats[key].add_rating(r["satisfaction"])
        order.setdefault(key, r)
    return {"stats": dict(stats), "first": order}


@register("service.enterprises_connected", "service.tickets_closed", "service.ticket_categories",
          "service.tickets_received", "service.resolution_rate", "service.on_time_rate",
          "service.median_days_to_close", "service.median_workdays_to_close", "service.satisfaction",
          *BREAKDOWNS)
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
    tickets, evaluations = run["tickets"].dicts(), run["ratings"].dicts()
    total = accumulate(tickets, evaluations, period)["stats"].get(None) or TicketStats(rule("ticket_on_time_workdays"))
    yield from totals(scope, period, total, window, rows)
    for key, part in BREAKDOWNS.items():
        acc = accumulate(tickets, evaluations, period, part.group)
        keys = sorted(acc["stats"], key=lambda k: part.sort(acc["first"][k]))
        detail = [{part.column: k, **acc["stats"][k].row()} for k in keys]
        yield Figure(key=key, label=part.label, value=len(detail), unit=part.unit, detail=detail,
                     rows=[RowRef.lazy(Ticket, lambda: window_tickets(scope, period)),
                           RowRef.lazy(TicketEvent, lambda: ratings(scope, period))],
                     formula=f"{window}受理或办结的诉求及企业评价按{part.word}分组：受理、办结率、按期办结率、"
                             "满意率、办结用时中位数（工作日）；各行的条数之和等于本范围合计",
                     note=str(total.unknown) if total.unknown else "")


def totals(scope, period, total: TicketStats, window: str, rows):
    """The rates and medians of the scope's tickets (each a separate figure: DOMAIN §14)."""
    workdays = rule("ticket_on_time_workdays")
    received_rows = [RowRef.lazy(Ticket, lambda: received_tickets(scope, period))]
    yield Figure(key="service.tickets_received", label="受理企业诉求条数", value=total.received, unit="条",
                 rows=received_rows, formula=f"受理日期在{window}内的企业诉求条数")
    yield Figure(key="service.resolution_rate", label="诉求办结率", value=total.resolution_rate, unit="%",
                 numerator=total.resolved, denominator=total.received, places=1, rows=received_rows,
                 formula=f"{window}受理的诉求中，截至{period.end:%Y-%m-%d}已办结（含销号）的条数 ÷ 受理条数 × 100")
    unknown = str(total.unknown) if total.unknown else ""
    yield Figure(key="service.on_time_rate", label="诉求按期办结率", value=total.on_time_rate, unit="%",
                 numerator=total.on_time_count, denominator=total.closed, places=1, rows=rows,
                 formula=f"按期办结条数 ÷ 办结条数 × 100；有办理时限的以时限为准，无时限的以受理后{workdays}个工作日为准",
                 note=unknown or WORKDAY_NOTE)
    yield Figure(key="service.median_days_to_close", label="诉求办结用时中位数", value=total.median_days, unit="天",
                 places=1, rows=rows, formula="各办结诉求（办结日期 − 受理日期）天数的中位数（自然日）")
    yield Figure(key="service.median_workdays_to_close", label="诉求办结用时中位数（工作日）",
                 value=total.median_workdays, unit="个工作日", places=1, rows=rows,
                 formula="各办结诉求自受理次日至办结日的工作日数的中位数", note=unknown or WORKDAY_NOTE)
    yield Figure(key="service.satisfaction", label="企业满意率", value=total.satisfaction_rate, unit="%",
                 numerator=total.good, denominator=total.rated, places=1,
                 rows=[RowRef.lazy(TicketEvent, lambda: ratings(scope, period))],
                 detail=[{"level": label, "count": total.levels[level]}
                         for level, label in ((SATISFIED, "满意"), (BASIC, "基本满意"), (UNSATISFIED, "不满意"))],
                 formula=f"（满意 + 基本满意）÷ 企业评价次数 × 100；评价为{window}内企业确认销号时的评价，"
                         "及评为“不满意”而退回重办的",
                 note=f"{total.awaiting}条办结诉求尚待企业确认评价，不计入" if total.awaiting else "")


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
