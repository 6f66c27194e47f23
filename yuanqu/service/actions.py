"""The steps posted from a ticket's page, one small class each, written by one service each.

A step knows its form, who may post it (permissions.py) and when the page shows it; the page and the
htmx fragment render it with service/_step_form.html. Bad input comes back on the form with the
service's Chinese message, and nothing is written.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yuanqu.core.access import may_edit
from yuanqu.core.pages import RowAction

from . import forms, permissions, services
from .models import Ticket, TicketRoute, TicketStatus

TICKETS = Ticket.objects.select_related("category__default_department", "enterprise", "project", "department",
                                        "commissioner", "region")
S = TicketStatus


class TicketStep(RowAction):
    queryset = TICKETS
    context_name = "obj"
    fragment = "service/_step_form.html"
    detail_url = "service:detail"
    url_name = ""
    button = ""
    intro = ""
    statuses: tuple = ()  # the ticket statuses in which the page offers the step
    form_class = None

    # --- what the page needs to offer the step ---------------------------------------------

    @classmethod
    def ticket_of(cls, obj) -> Ticket:
        return obj

    @classmethod
    def allowed(cls, user, obj) -> bool:
        return may_edit(user, cls.ticket_of(obj)) and permissions.is_dispatcher(user)

    @classmethod
    def offered(cls, user, obj) -> bool:
        return cls.ticket_of(obj).status in cls.statuses and cls.allowed(user, obj)

    @classmethod
    def heading(cls, obj) -> str:
        return cls.button

    @classmethod
    def make_form(cls, obj, user, data=None):
        return cls.form_class(data, ticket=cls.ticket_of(obj), user=user)

    @classmethod
    def step(cls, obj, user, form=None) -> dict:
        return {"id": f"{cls.url_name.split(':')[-1]}-{obj.pk}", "url": reverse(cls.url_name, args=[obj.pk]),
                "heading": cls.heading(obj), "button": cls.button, "intro": cls.intro,
                "form": form or cls.make_form(obj, user)}

    # --- the posted form -------------------------------------------------------------------

    def permit(self, obj) -> None:
        if not self.allowed(self.request.user, obj):
            raise PermissionDenied("您不能办理此诉求的这一步")
        self.obj = obj

    def get_form(self, obj, data):
        return self.make_form(obj, self.request.user, data)

    def fragment_context(self, form) -> dict:
        return {"step": self.step(self.obj, self.request.user, form)}

    def success_url(self, obj) -> str:
        return reverse("service:detail", args=[self.ticket_of(obj).pk])

    def full_page(self, obj, form):
        from .views import detail_page

        return detail_page(self.request, self.ticket_of(obj), failed=self.step(obj, self.request.user, form),
                           status=400)


class RouteStep(TicketStep):
    url_name, button, statuses, form_class = "service:route", "交办", (S.RECEIVED, S.ASSIGNED), forms.RouteForm
    intro = "指定牵头单位和协办单位；再次交办即重新指定（已接收的单位保留）"

    @classmethod
    def heading(cls, ticket):
        return "重新交办" if ticket.status == S.ASSIGNED else "交办"

    def save(self, ticket, data):
        services.route_ticket(ticket=ticket, lead=data["lead"], assisting=list(data["assisting"]),
                              user=self.request.user, on=data["date"], note=data["note"])
        return f"诉求{ticket.code}已交办{data['lead']}"


class ReturnStep(TicketStep):
    url_name, button, statuses, form_class = "service:return", "退回", (S.ASSIGNED, S.HANDLING), forms.ReturnForm
    intro = "撤回本次交办，诉求回到“受理”，待重新交办"

    def save(self, ticket, data):
        services.return_ticket(ticket=ticket, user=self.request.user, reason=data["reason"], on=data["date"])
        return f"诉求{ticket.code}已退回"


class ResolveStep(TicketStep):
    url_name, button, statuses, form_class = "service:resolve", "办结", (S.HANDLING,), forms.ResolveForm

    @classmethod
    def allowed(cls, user, ticket):
        return may_edit(user, ticket) and permissions.may_resolve(user, ticket)

    def save(self, ticket, data):
        services.resolve_ticket(ticket=ticket, user=self.request.user, resolution=data["resolution"], on=data["date"])
        return f"诉求{ticket.code}已办结，待企业确认"


class ConfirmStep(TicketStep):
    """The enterprise's confirmation (its own user, or its commissioner on its behalf): not an editor's step."""

    url_name, button, statuses, form_class = "service:confirm", "确认销号", (S.RESOLVED,), forms.ConfirmForm
    intro = "企业确认办理结果并评价；不满意的，诉求退回承办单位重新办理"

    @classmethod
    def allowed(cls, user, ticket):
        return permissions.confirmation_by(user, ticket) is not None

    def save(self, ticket, data):
        ticket = services.confirm_ticket(ticket=ticket, user=self.request.user, satisfaction=data["satisfaction"],
                                         confirmed=data["confirmed"], note=data["note"], on=data["date"])
        return f"诉求{ticket.code}已销号" if ticket.status == S.CLOSED else f"企业不满意，诉求{ticket.code}已重新办理"


class AnswerStep(TicketStep):
    """A department's position on its route (接收 / 拒收 / 转办)."""

    queryset = TicketRoute.objects.select_related("department", "ticket__category", "ticket__region",
                                                  "ticket__enterprise", "ticket__project")
    region_path = "ticket__region"
    url_name, button, form_class = "service:answer", "提交表态", forms.AnswerForm

    @classmethod
    def ticket_of(cls, route):
        return route.ticket

    @classmethod
    def allowed(cls, user, route):
        return may_edit(user, route.ticket) and permissions.may_answer(user, route)

    @classmethod
    def offered(cls, user, route):
        return route.current and route.position == TicketRoute.Position.PENDING and cls.allowed(user, route)

    @classmethod
    def heading(cls, route):
        return f"{route.department}表态（{route.get_role_display()}）"

    def save(self, route, data):
        services.answer_route(route=route, position=data["position"], user=self.request.user, on=data["date"],
                              reason=data["reason"], transfer_to=data["transfer_to"])
        return f"{route.department}已表态：{TicketRoute.Position(data['position']).label}"


TICKET_STEPS = (RouteStep, ReturnStep, ResolveStep, ConfirmStep)

route = RouteStep.as_view()
return_ticket = ReturnStep.as_view()
resolve = ResolveStep.as_view()
confirm = ConfirmStep.as_view()
answer = AnswerStep.as_view()
