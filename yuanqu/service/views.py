"""Ticket (诉求) pages: the list with status, category, unit and overdue filters; a ticket with its
routes, event history and reminders, and the forms of the steps the user may take (actions.py);
the page that raises a ticket (受理), also from a problem of a project's monthly progress."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from yuanqu.core import options
from yuanqu.core.access import visible
from yuanqu.core.lists import Choice, Column, ListPage, Search, choices_of
from yuanqu.core.pages import done, field_rows, figure_cards, get_visible, today
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope
from yuanqu.projects.models import Progress

from . import permissions, services
from .actions import TICKET_STEPS, TICKETS, AnswerStep
from .forms import TicketCreateForm
from .models import Ticket, TicketCategory, TicketRoute, TicketStatus

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
    template_name = "service/list.html"
    select_related = ("category", "enterprise", "project", "department", "commissioner")
    default_sort = "-received_date"
    intro = ("逾期未办结：未办结且已过办理时限（按今天判断）；超期办结：办结日期晚于办理时限；"
             "长期未办结：交办后满规定工作日仍未办结（提醒阶梯标记）。")
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
                [("超期办结", "warn")] if late else []) + ([("长期未办结", "bad")] if t.stalled else [])

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

FIELDS = ["code", "category", "source", "enterprise", "project", "department", "commissioner", "raised_by",
          "received_date", "assigned_date", "deadline", "status", "resolved_date", "resolution", "satisfaction",
          "confirmation", "confirmed_by", "description"]


def _ticket(request, pk):
    return get_visible(request, TICKETS, pk=pk)


def offered_steps(ticket, user, failed=None) -> list[dict]:
    """The forms of the steps `user` may take on the ticket now; `failed`: a posted one, with its errors."""
    steps = [cls.step(ticket, user) for cls in TICKET_STEPS if cls.offered(user, ticket)]
    steps += [AnswerStep.step(r, user) for r in ticket.routes.current().select_related("department", "ticket")
              if AnswerStep.offered(user, r)]
    return [failed if failed and s["id"] == failed["id"] else s for s in steps]


def detail_page(request, ticket, failed=None, status=200):
    user = request.user
    routes = sorted(visible(ticket.routes.select_related("department", "decided_by", "assigned_by",
                                                         "transferred_from__department"), user),
                    key=lambda r: (r.role != TicketRoute.Role.LEAD, r.pk))  # the lead first
    ctx = {
        "ticket": ticket, "fields": field_rows(ticket, FIELDS), "overdue": is_overdue(ticket, today()),
        "events": visible(ticket.events.select_related("user", "department"), user).order_by("at", "id"),
        "routes": [r for r in routes if r.current], "old_routes": [r for r in routes if not r.current],
        "reminders": visible(ticket.reminders.all(), user).order_by("due_date", "id"),
        "forms": offered_steps(ticket, user, failed), "steps": [s.label for s in services.ORDER],
        "done_steps": services.ORDER.index(TicketStatus(ticket.status)),
    }
    return render(request, "service/detail.html", ctx, status=status)


@login_required
def ticket_detail(request, pk):
    return detail_page(request, _ticket(request, pk))


class TicketCreate(LoginRequiredMixin, View):
    """受理: a new ticket (park staff, commissioners, an enterprise for itself); ?progress=ID turns a
    problem of a project's monthly progress into a ticket (转为诉求)."""

    def progress(self):
        pk = self.request.GET.get("progress") or self.request.POST.get("progress")
        if not pk or not str(pk).isdigit():
            return None
        return get_visible(self.request, Progress.objects.select_related("project__enterprise", "project__region"),
                           "project__region", pk=pk)

    def render(self, form, progress, status=200):
        title = f"转为诉求：{progress.project}" if progress else "提出诉求"
        back = reverse("projects:detail", args=[progress.project_id]) if progress else reverse("service:list")
        return render(self.request, "service/create.html",
                      {"form": form, "title": title, "back": back, "progress": progress}, status=status)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_raise(request.user):
            raise PermissionDenied("您的角色不能提出诉求")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        progress = self.progress()
        return self.render(TicketCreateForm(user=request.user, progress=progress), progress)

    def post(self, request):
        progress = self.progress()
        form = TicketCreateForm(request.POST, user=request.user, progress=progress)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.raise_ticket(
                    title=data["title"], category=data["category"], description=data["description"],
                    enterprise=data.get("enterprise"), project=data.get("project"), progress=progress,
                    source=data["source"], user=request.user, on=data["date"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return done(request, reverse("service:detail", args=[ticket.pk]), f"已受理诉求{ticket.code}")
        return self.render(form, progress, status=400)


ticket_create = TicketCreate.as_view()
