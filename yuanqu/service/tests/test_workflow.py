"""The ticket workflow through its services, end to end: 受理 → 交办 (lead and assisting departments,
each stating its position) → 办理 → 办结 → 销号, with 退回, reassignment and 不满意 reopening; every move
dated on the real day (never in the future, never before the previous move) and attributed."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yuanqu.notifications.models import Notification
from yuanqu.projects.factories import ProgressFactory, ProjectFactory
from yuanqu.service import services
from yuanqu.service.models import Ticket, TicketEvent, TicketRoute, TicketStatus

from .conftest import day

P, S, A = TicketRoute.Position, TicketStatus, TicketEvent.Action
pytestmark = pytest.mark.django_db


def history(ticket):
    return [(e.action, e.status, e.date, e.user) for e in ticket.events.order_by("at", "id")]


def route_of(ticket, department):
    return ticket.routes.current().get(department=department)


def test_lead_and_assisting_one_refuses_with_a_reason_one_transfers(world, raise_):
    w = world
    ticket = raise_(on=day("2023-09-20"))
    assert (ticket.code, ticket.status, ticket.region) == ("SQ51990100001", S.RECEIVED, w.region)
    services.route_ticket(ticket=ticket, lead=w.land, assisting=[w.build], user=w.dispatcher, on=day("2023-09-21"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department, ticket.assigned_date) == (S.ASSIGNED, w.land, day("2023-09-21"))
    assert ticket.deadline == day("2023-10-07")  # 6 working days: 22, 25, 26, 27, 28 Sep and the 调休 Saturday 7 Oct

    services.answer_route(route=route_of(ticket, w.build), position=P.REFUSED, user=w.build_clerk,
                          on=day("2023-09-22"), reason="不属于本单位职责")
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED  # the lead has not spoken yet
    services.answer_route(route=route_of(ticket, w.land), position=P.TRANSFERRED, user=w.land_clerk,
                          on=day("2023-09-22"), reason="园区内配套用地由管委会统筹", transfer_to=w.park_office)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (S.ASSIGNED, w.park_office)
    new_lead = route_of(ticket, w.park_office)
    assert (new_lead.role, new_lead.position, new_lead.transferred_from.department) == ("lead", P.PENDING, w.land)
    services.answer_route(route=new_lead, position=P.ACCEPTED, user=w.park_clerk, on=day("2023-09-25"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (S.HANDLING, w.park_office)

    routes = {(r.department, r.role): (r.position, r.reason, r.decided_by, r.current) for r in ticket.routes.all()}
    assert routes == {
        (w.land, "lead"): (P.TRANSFERRED, "园区内配套用地由管委会统筹", w.land_clerk, False),
        (w.build, "assist"): (P.REFUSED, "不属于本单位职责", w.build_clerk, True),
        (w.park_office, "lead"): (P.ACCEPTED, "", w.park_clerk, True),
    }
    services.resolve_ticket(ticket=ticket, user=w.park_clerk, resolution="已调整园区配套用地规划", on=day("2023-10-09"))
    services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=Ticket.Satisfaction.SATISFIED,
                            confirmed=True, on=day("2023-10-10"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_date, ticket.satisfaction) == (S.CLOSED, day("2023-10-09"), 3)
    assert (ticket.confirmation, ticket.confirmed_by) == (Ticket.Confirmation.ENTERPRISE, w.firm_user)
    assert history(ticket) == [
        (A.RAISE, S.RECEIVED, day("2023-09-20"), w.commissioner),
        (A.ASSIGN, S.ASSIGNED, day("2023-09-21"), w.dispatcher),
        (A.REFUSE, S.ASSIGNED, day("2023-09-22"), w.build_clerk),
        (A.TRANSFER, S.ASSIGNED, day("2023-09-22"), w.land_clerk),
        (A.ACCEPT, S.HANDLING, day("2023-09-25"), w.park_clerk),
        (A.RESOLVE, S.RESOLVED, day("2023-10-09"), w.park_clerk),
        (A.CLOSE, S.CLOSED, day("2023-10-10"), w.firm_user),
    ]
    refusal = ticket.events.get(action=A.REFUSE)
    assert refusal.department == w.build and "不属于本单位职责" in refusal.note


def test_a_refusal_or_transfer_needs_its_reason_and_target(world, raise_):
    w = world
    ticket = raise_()
    services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher, on=day("2023-09-21"))
    route = route_of(ticket, w.land)
    with pytest.raises(ValidationError, match="拒收须说明理由"):
        services.answer_route(route=route, position=P.REFUSED, user=w.land_clerk, on=day("2023-09-22"))
    with pytest.raises(ValidationError, match="转办须选择接办单位"):
        services.answer_route(route=route, position=P.TRANSFERRED, user=w.land_clerk, reason="x", on=day("2023-09-22"))
    with pytest.raises(ValidationError, match="已在承办单位之中"):
        services.answer_route(route=route, position=P.TRANSFERRED, user=w.land_clerk, reason="x",
                              transfer_to=w.land, on=day("2023-09-22"))
    services.answer_route(route=route, position=P.ACCEPTED, user=w.land_clerk, on=day("2023-09-22"))
    with pytest.raises(ValidationError, match="不能重复表态"):
        services.answer_route(route=route, position=P.REFUSED, user=w.land_clerk, reason="x", on=day("2023-09-22"))
    assert ticket.events.count() == 3


def test_every_unit_refusing_returns_the_ticket_for_rerouting(world, raise_):
    w = world
    ticket = raise_()
    services.route_ticket(ticket=ticket, lead=w.land, assisting=[w.build], user=w.dispatcher, on=day("2023-09-21"))
    for dept, clerk in ((w.build, w.build_clerk), (w.land, w.land_clerk)):
        services.answer_route(route=route_of(ticket, dept), position=P.REFUSED, user=clerk, reason="非本单位职责",
                              on=day("2023-09-22"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (S.RECEIVED, None)  # 退回: waiting for a new 交办
    assert not ticket.routes.current().exists()
    last = ticket.events.order_by("-at", "-id").first()
    assert (last.action, last.status, last.user) == (A.RETURN, S.RECEIVED, None) and "均已拒收" in last.note
    assert Notification.objects.filter(recipient=w.dispatcher, kind="ticket.returned").exists()

    services.route_ticket(ticket=ticket, lead=w.park_office, user=w.dispatcher, on=day("2023-09-25"))  # reassigned
    services.answer_route(route=route_of(ticket, w.park_office), position=P.ACCEPTED, user=w.park_clerk,
                          on=day("2023-09-25"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (S.HANDLING, w.park_office)
    assert ticket.assigned_date == day("2023-09-21")  # the ladder counts from the first 交办
    assert ticket.routes.filter(current=False).count() == 2


def test_the_dispatcher_returns_and_reassigns(world, raise_):
    w = world
    ticket = raise_()
    services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher, on=day("2023-09-21"))
    services.answer_route(route=route_of(ticket, w.land), position=P.ACCEPTED, user=w.land_clerk, on=day("2023-09-22"))
    with pytest.raises(ValidationError, match="退回须说明理由"):
        services.return_ticket(ticket=ticket, user=w.dispatcher, reason=" ", on=day("2023-09-25"))
    services.return_ticket(ticket=ticket, user=w.dispatcher, reason="企业补充材料后重新交办", on=day("2023-09-25"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (S.RECEIVED, None)
    assert Notification.objects.filter(recipient=w.land_clerk, kind="ticket.returned").exists()
    with pytest.raises(ValidationError, match="只有“交办”或“办理”的诉求才能退回"):
        services.return_ticket(ticket=ticket, user=w.dispatcher, reason="再退", on=day("2023-09-25"))
    # reassigned: the lead changes, an assisting unit is added, the old routing stays in the history
    services.route_ticket(ticket=ticket, lead=w.build, assisting=[w.park_office], user=w.dispatcher,
                          on=day("2023-09-26"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (S.ASSIGNED, w.build)
    assert {(r.department, r.role) for r in ticket.routes.current()} == {(w.build, "lead"), (w.park_office, "assist")}
    # reassigned again while waiting: the lead that had not spoken is replaced, the assisting unit stays
    services.route_ticket(ticket=ticket, lead=w.land, assisting=[w.park_office], user=w.dispatcher,
                          on=day("2023-09-26"))
    current = {(r.department, r.role): r.assigned_on for r in ticket.routes.current()}
    assert current == {(w.land, "lead"): day("2023-09-26"), (w.park_office, "assist"): day("2023-09-26")}
    assert [e.action for e in ticket.events.order_by("at", "id")] == [
        A.RAISE, A.ASSIGN, A.ACCEPT, A.RETURN, A.ASSIGN, A.ASSIGN]
    assert Notification.objects.filter(recipient=w.build_clerk, kind="ticket.assigned").count() == 1


def test_resolving_needs_a_result_and_an_accepting_lead(world, raise_):
    w = world
    ticket = raise_()
    services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher, on=day("2023-09-21"))
    with pytest.raises(ValidationError, match="牵头单位尚未接收"):
        services.resolve_ticket(ticket=ticket, user=w.land_clerk, resolution="已办", on=day("2023-09-22"))
    services.answer_route(route=route_of(ticket, w.land), position=P.ACCEPTED, user=w.land_clerk, on=day("2023-09-22"))
    with pytest.raises(ValidationError, match="办结须填写办理结果"):
        services.resolve_ticket(ticket=ticket, user=w.land_clerk, resolution="  ", on=day("2023-09-25"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_date) == (S.HANDLING, None)


def resolved(world, raise_):
    w = world
    ticket = raise_()
    services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher, on=day("2023-09-21"))
    services.answer_route(route=route_of(ticket, w.land), position=P.ACCEPTED, user=w.land_clerk, on=day("2023-09-22"))
    services.resolve_ticket(ticket=ticket, user=w.land_clerk, resolution="用地指标已下达", on=day("2023-10-09"))
    return ticket


def test_closing_needs_the_enterprise_confirmation(world, raise_):
    w = world
    ticket = resolved(world, raise_)
    with pytest.raises(ValidationError, match="销号须经企业确认办理结果"):
        services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=3, confirmed=False, on=day("2023-10-10"))
    for someone in (w.dispatcher, w.land_clerk, w.leader):  # nobody else closes it
        with pytest.raises(ValidationError, match="销号须由企业确认，或由该企业的工作专员代企业确认"):
            services.confirm_ticket(ticket=ticket, user=someone, satisfaction=3, confirmed=True, on=day("2023-10-10"))
    with pytest.raises(ValidationError, match="请选择企业满意度"):
        services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=None, confirmed=True,
                                on=day("2023-10-10"))
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED and ticket.events.count() == 4
    # the commissioner on the firm's behalf, recorded as such
    services.confirm_ticket(ticket=ticket, user=w.commissioner, satisfaction=2, confirmed=True, on=day("2023-10-11"),
                            note="电话确认")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction, ticket.confirmation, ticket.confirmed_by) == (
        S.CLOSED, 2, Ticket.Confirmation.COMMISSIONER, w.commissioner)
    close = ticket.events.get(action=A.CLOSE)
    assert close.satisfaction == 2 and close.note == "工作专员代企业确认，基本满意。电话确认"
    with pytest.raises(ValidationError, match="只有“办结”的诉求才能销号"):
        services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=3, confirmed=True, on=day("2023-10-11"))


def test_unsatisfied_reopens_the_ticket(world, raise_):
    w = world
    ticket = resolved(world, raise_)
    with pytest.raises(ValidationError, match="不满意须说明原因"):
        services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=1, confirmed=True, on=day("2023-10-10"))
    services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=1, confirmed=True, on=day("2023-10-10"),
                            note="指标面积不足")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_date, ticket.satisfaction) == (S.HANDLING, None, None)
    reopen = ticket.events.get(action=A.REOPEN)
    assert (reopen.satisfaction, reopen.status, reopen.user) == (1, S.HANDLING, w.firm_user)
    assert "不满意，重新办理。指标面积不足" in reopen.note
    assert Notification.objects.filter(recipient=w.land_clerk, kind="ticket.reopened").exists()
    services.resolve_ticket(ticket=ticket, user=w.land_clerk, resolution="补足用地指标", on=day("2023-10-16"))
    services.confirm_ticket(ticket=ticket, user=w.firm_user, satisfaction=3, confirmed=True, on=day("2023-10-17"))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_date, ticket.resolution, ticket.satisfaction) == (
        S.CLOSED, day("2023-10-16"), "补足用地指标", 3)
    assert [e.satisfaction for e in ticket.events.ratings().order_by("at")] == [1, 3]


def test_dates_never_in_the_future_nor_before_the_previous_move(world, raise_):
    w = world
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="晚于今天"):
        raise_(on=tomorrow)
    ticket = raise_(on=day("2023-09-20"))
    with pytest.raises(ValidationError, match="晚于今天"):
        services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher, on=tomorrow)
    with pytest.raises(ValidationError, match="早于上一步“受理”（2023-09-20）"):
        services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher, on=day("2023-09-19"))
    assert ticket.events.count() == 1 and not ticket.routes.exists()
    services.route_ticket(ticket=ticket, lead=w.land, user=w.dispatcher)  # no date: today
    event = ticket.events.get(action=A.ASSIGN)
    assert event.date == timezone.localdate() and event.recorded_at >= event.at - dt.timedelta(seconds=5)
    past = ticket.events.get(action=A.RAISE)
    assert past.date == day("2023-09-20") and past.recorded_at.date() >= timezone.localdate() - dt.timedelta(days=1)


def test_an_enterprise_raises_for_itself_only(world):
    w = world
    ticket = services.raise_ticket(title="用工招聘", category=w.category, enterprise=w.firm, user=w.firm_user,
                                   source=Ticket.Source.ENTERPRISE, on=day("2023-09-20"))
    assert (ticket.raised_by, ticket.commissioner) == (w.firm_user, w.commissioner)
    with pytest.raises(ValidationError, match="企业用户只能为本企业提出诉求"):
        services.raise_ticket(title="用工招聘", category=w.category, enterprise=w.other_firm, user=w.firm_user,
                              source=Ticket.Source.ENTERPRISE, on=day("2023-09-20"))
    with pytest.raises(ValidationError, match="请填写诉求标题"):
        services.raise_ticket(title=" ", category=w.category, enterprise=w.firm, user=w.firm_user,
                              source=Ticket.Source.ENTERPRISE)
    with pytest.raises(ValidationError, match="128"):
        services.raise_ticket(title="长" * 129, category=w.category, enterprise=w.firm, user=w.firm_user,
                              source=Ticket.Source.ENTERPRISE)
    assert Notification.objects.filter(recipient=w.dispatcher, kind="ticket.raised").count() == 1


def test_a_progress_problem_becomes_a_ticket(world):
    w = world
    project = ProjectFactory(park=w.park, enterprise=w.firm, name="扩建项目")
    progress = ProgressFactory(project=project, problems="施工用电报装未批复，影响设备调试")
    ticket = services.raise_ticket(title="施工用电报装", category=w.category, user=w.dispatcher,
                                   source=Ticket.Source.DISPATCH, progress=progress, on=day("2023-09-05"))
    assert (ticket.project, ticket.enterprise, ticket.progress) == (project, w.firm, progress)
    assert ticket.description == "施工用电报装未批复，影响设备调试" and list(progress.tickets.all()) == [ticket]


def test_departments_of_another_county_are_refused(world, raise_):
    from yuanqu.org.factories import DepartmentFactory

    elsewhere = DepartmentFactory(code="X-1", name="外县局")
    ticket = raise_()
    with pytest.raises(ValidationError, match="不是试验县的单位"):
        services.route_ticket(ticket=ticket, lead=elsewhere, user=world.dispatcher, on=day("2023-09-21"))
    with pytest.raises(ValidationError, match="不能同时作为协办单位"):
        services.route_ticket(ticket=ticket, lead=world.land, assisting=[world.land], user=world.dispatcher,
                              on=day("2023-09-21"))
