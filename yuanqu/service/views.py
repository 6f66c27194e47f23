"""Ticket (诉求) pages: the list with status, category, unit and overdue filters; a ticket with its
event history and the form that moves it one step (services.move_ticket, recorded with the user)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from yuanqu.core import options
from yuanqu.core.access import may_edit, visible
from yuanqu.core.lists import Choice, Column, ListPage, Search, choices_of
from yuanqu.core.pages import RowAction, field_rows, figure_cards, get_visible, today
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope

from . import services
from .forms import TicketMoveForm
from .models import Ticket, TicketCategory, TicketStatus

OVERDUE = [("open", "逾期未办结"), ("late", "超期办结")]


def categories(page):
    return [(c.code, c.name) for c in visible(TicketCategory.objects.all(), page.request.user)]


def by_overdue(page, qs, value):
    return qs.filter(services.overdue_q(today()) if value == "open" else services.late_closed_q())


def is_overdue(ticket, day) -> bool:
    return ticket.status in services.OPEN and ticket.deadline is not None and ticket.deadline < day


class TicketList(ListPage):
    model = Ticket
    title = "企业诉求"
    region_path = "region"
    detail_url = "service:detail"
    select_related = ("category", "enterprise", "project", "department", "commissioner")
    default_sort = "-received_date"
    intro = "逾期未办结：未办结且已过办理时限（按今天判断）；超期办结：办结日期晚于办理时限。"
    columns = [
        Column("code", link=True),
        Column("title", link=True),
        Column("category", sort=("category__sort", "category__code")),
        Column("subject", "企业/项目", sort=("enterprise__name", "project__name")),
        Column("department", sort="department__code"),
        Column("received_date"),
        Column("deadline"),
        Column("status"),
        Column("overdue_tags", "逾期", kind="tags", sort=False),
        Column("resolved_date"),
        Column("satisfaction"),
        Column("commissioner", sort=("commissioner__display_name", "commissioner__username")),
    ]
    filters = [
        Choice("status", "状态", options=choices_of(TicketStatus)),
        Choice("category", "诉求类别", options=categories, lookup="category__code"),
        Choice("department", "承办单位", options=options.departments, lookup="department__code"),
        Choice("overdue", "逾期", options=OVERDUE, apply=by_overdue),
        Choice("source", "来源", options=choices_of(Ticket.Source)),
        Search(("code", "title", "enterprise__name", "project__name"), placeholder="编号、标题、企业"),
    ]

    def decorate(self, rows):
        day = today()
        for t in rows:
            t.subject = t.enterprise or t.project or "—"
            late = t.resolved_date and t.deadline and t.resolved_date > t.deadline
            t.overdue_tags = ([("逾期未办结", "bad")] if is_overdue(t, day) else []) + (
                [("超期办结", "warn")] if late else [])

    def row_css(self, row):
        return "overdue" if is_overdue(row, today()) else ""

    def summary(self):
        if self.region is None:
            return []
        scope = Scope.county(self.region)
        figs = compute(scope, self.period, keys=["service."])
        cards = figure_cards(figs, ["service.tickets_closed", "service.on_time_rate",
                                    "service.median_days_to_close", "service.satisfaction"], scope, self.period)
        for c in cards:
            c["sub"] = self.period.full_label
        return cards


ticket_list = TicketList.as_view()

FIELDS = ["code", "category", "source", "enterprise", "project", "department", "commissioner", "received_date",
          "deadline", "status", "resolved_date", "resolution", "satisfaction", "description"]


TICKETS = Ticket.objects.select_related("category__default_department", "enterprise", "project", "department",
                                        "commissioner")


def _ticket(request, pk):
    return get_visible(request, TICKETS, pk=pk)


def move_form(ticket, user):
    step = services.next_status(ticket.status)
    if step is None:
        return None
    return TicketMoveForm(ticket=ticket, user=user, initial={"status": step})


def _detail(request, ticket, form=None, status=200):
    user = request.user
    step = services.next_status(ticket.status)
    ctx = {
        "ticket": ticket, "fields": field_rows(ticket, FIELDS), "overdue": is_overdue(ticket, today()),
        "events": visible(ticket.events.select_related("user", "department"), user).order_by("at", "id"),
        "may_edit": may_edit(user, ticket), "next": TicketStatus(step).label if step else "",
        "form": form or move_form(ticket, user), "steps": [s.label for s in services.ORDER],
        "done_steps": services.ORDER.index(TicketStatus(ticket.status)),
    }
    return render(request, "service/detail.html", ctx, status=status)


@login_required
def ticket_detail(request, pk):
    return _detail(request, _ticket(request, pk))


class MoveTicket(RowAction):
    """One step along 受理 → 交办 → 办理 → 办结 → 销号, written by services.move_ticket with the user."""

    queryset = TICKETS
    context_name = "ticket"
    fragment = "service/_move_form.html"
    detail_url = "service:detail"

    def get_form(self, ticket, data):
        return TicketMoveForm(data, ticket=ticket, user=self.request.user)

    def save(self, ticket, data):
        services.move_ticket(ticket, data["status"], user=self.request.user, note=data.get("note", ""),
                             department=data.get("department"), resolution=data.get("resolution", ""),
                             satisfaction=data.get("satisfaction"))
        return f"诉求{ticket.code}已{TicketStatus(data['status']).label}"

    def fragment_context(self, form):
        step = form.data.get("status")
        return {"next": TicketStatus(step).label if step in TicketStatus.values else ""}

    def full_page(self, ticket, form):
        return _detail(self.request, ticket, form=form, status=400)


ticket_move = MoveTicket.as_view()
