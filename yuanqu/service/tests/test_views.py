"""Ticket pages on the demo county: the list (filters, export), a ticket's page with its routes, history
and the forms of the steps each user may take, and the whole workflow walked through the pages by the
people who take each step (park staff, a department, the enterprise itself)."""
import pytest
from django.urls import reverse
from django.utils import timezone

from yuanqu.accounts.models import User
from yuanqu.core.tests.pages import HTMX, export, first_cells, login, staff, staff_of  # noqa: F401 (fixture)
from yuanqu.org.models import Department
from yuanqu.projects.models import Progress
from yuanqu.service.models import Ticket, TicketEvent, TicketRoute, TicketStatus

pytestmark = pytest.mark.django_db

LIST = reverse("service:list")
CREATE = reverse("service:create")


def tickets(demo_county):
    return Ticket.objects.filter(region=demo_county)


def url(name, obj):
    return reverse(f"service:{name}", args=[obj.pk])


def dept(code_key):
    return Department.objects.get(code=f"990999-{code_key}")


def test_list_and_filters(staff, demo_county):
    response = staff.get(LIST)
    page = response.content.decode()
    assert "诉求编号" in page and "协调解决企业问题条数" in page and "提出诉求" in page
    assert response.context["paginator"].count == tickets(demo_county).count()
    today = timezone.localdate()
    open_overdue = tickets(demo_county).filter(status__in=["received", "assigned", "handling"], deadline__lt=today)
    for params, expected in [
        ({"status": "handling"}, tickets(demo_county).filter(status="handling")),
        ({"category": "policy"}, tickets(demo_county).filter(category__code="policy")),
        ({"department": "990999-gwh"}, tickets(demo_county).filter(department__code="990999-gwh")),
        ({"overdue": "open"}, open_overdue),
    ]:
        assert staff.get(LIST, params).context["paginator"].count == expected.count() > 0, params
    overdue = staff.get(LIST, {"overdue": "open"})
    assert all(r["css"] == "overdue" for r in overdue.context["rows"]) and "逾期未办结" in overdue.content.decode()


def test_sort_by_received_date(staff, demo_county):
    first = tickets(demo_county).order_by("received_date", "pk").first()
    assert first_cells(staff.get(LIST, {"sort": "received_date"}))[0] == first.code


def test_export(staff, demo_county):
    headers, rows, count = export(staff, LIST, {"status": "closed"})
    assert headers[:3] == ["诉求编号", "诉求标题", "诉求类别"] and "牵头单位" in headers and "逾期" in headers
    assert len(rows) == count == tickets(demo_county).filter(status="closed").count()


def test_detail_shows_routes_and_history(staff, demo_county):
    ticket = tickets(demo_county).filter(routes__position=TicketRoute.Position.REFUSED,
                                         status=TicketStatus.CLOSED).first()
    refusal = ticket.routes.get(position=TicketRoute.Position.REFUSED)
    page = staff.get(url("detail", ticket)).content.decode()
    assert ticket.title in page and "承办单位" in page and "办理记录" in page and "受理企业诉求" in page
    assert f"理由：{refusal.reason}" in page and "拒收" in page and "已销号，流程结束" in page
    assert "<form" not in page.split("办理记录")[1]  # nothing left to do on a closed ticket


def test_the_workflow_through_the_pages(client, demo_county):
    """The enterprise raises, park staff routes (lead and assisting), the lead accepts and resolves, the
    assisting unit refuses with a reason, and the enterprise confirms."""
    enterprise_user = User.objects.get(username="enterprise")
    login(client, "enterprise")
    form = client.get(CREATE).context["form"]
    assert list(form.fields["enterprise"].queryset) == [enterprise_user.enterprise]
    response = client.post(CREATE, {"title": "新增生产线用电增容", "category": Ticket.objects.first().category_id,
                                    "description": "需增容800千伏安", "enterprise": enterprise_user.enterprise_id})
    assert response.status_code == 302, response.content.decode()[:800]
    ticket = Ticket.objects.get(title="新增生产线用电增容")
    assert (ticket.source, ticket.raised_by, ticket.status) == ("enterprise", enterprise_user, "received")
    assert client.post(url("route", ticket), {"lead": dept("jxj").pk}).status_code == 403  # not the enterprise's step

    park = enterprise_user.enterprise.park
    staff_of(client, park)  # park staff of the firm's park: they dispatch its tickets
    page = client.get(url("detail", ticket)).content.decode()
    assert 'id="route-' in page and "确认销号" not in page
    response = client.post(url("route", ticket), {"lead": dept("jxj").pk, "assisting": [dept("power").pk],
                                                  "note": "请供电公司协办"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department) == (TicketStatus.ASSIGNED, dept("jxj"))

    login(client, "dept")  # 县经信局: answers its own route only
    lead = ticket.routes.get(department=dept("jxj"))
    assist = ticket.routes.get(department=dept("power"))
    page = client.get(url("detail", ticket)).content.decode()
    assert f'id="answer-{lead.pk}"' in page and f'id="answer-{assist.pk}"' not in page
    assert client.post(url("answer", assist), {"position": "refused", "reason": "x"}).status_code == 403
    assert client.post(url("answer", lead), {"position": "accepted"}, **HTMX).status_code == 204
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.HANDLING

    staff_of(client, park)  # on the power company's behalf, which has no user here
    response = client.post(url("answer", assist), {"position": "refused", "reason": "非供电公司产权线路"})
    assert response.status_code == 302

    login(client, "dept")
    response = client.post(url("resolve", ticket), {"resolution": ""})
    assert response.status_code == 400 and "办结须填写办理结果" in response.content.decode()
    assert client.post(url("resolve", ticket), {"resolution": "已协调增容，10月投运"}).status_code == 302

    staff_of(client, park)
    assert client.post(url("confirm", ticket), {"confirmed": "on", "satisfaction": "3"}).status_code == 403
    login(client, "enterprise")
    response = client.post(url("confirm", ticket), {"satisfaction": "3"}, **HTMX)
    assert response.status_code == 200 and "销号须经企业确认办理结果" in response.content.decode()
    assert client.post(url("confirm", ticket), {"confirmed": "on", "satisfaction": "3"}).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction, ticket.confirmation) == ("closed", 3, "enterprise")
    users = [e.user.username for e in ticket.events.order_by("at", "id")]
    assert users == ["enterprise", "park", "dept", "park", "dept", "enterprise"]
    page = client.get(url("detail", ticket)).content.decode()
    assert "非供电公司产权线路" in page and "企业确认，满意" in page


def test_a_step_form_comes_back_with_the_service_message(client, demo_county):
    ticket = tickets(demo_county).filter(status=TicketStatus.RECEIVED, enterprise__park__isnull=False).first()
    staff = staff_of(client, ticket.enterprise.park)
    future = f"{timezone.localdate() + timezone.timedelta(days=3):%Y-%m-%d}"
    response = staff.post(url("route", ticket), {"lead": dept("jxj").pk, "date": future}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "不能登记未来的日期" in page and f'id="route-{ticket.pk}"' in page and "<html" not in page
    response = staff.post(url("route", ticket), {"date": "2023-12-01"})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RECEIVED and not ticket.routes.exists()


def test_a_commissioner_confirms_on_the_firms_behalf(client, demo_county):
    ticket = tickets(demo_county).filter(status=TicketStatus.RESOLVED, commissioner__isnull=False).first()
    login(client, ticket.commissioner.username)
    page = client.get(url("detail", ticket)).content.decode()
    assert "确认销号" in page
    response = client.post(url("confirm", ticket), {"confirmed": "on", "satisfaction": "1"})
    assert response.status_code == 400 and "不满意须说明原因" in response.content.decode()
    response = client.post(url("confirm", ticket), {"confirmed": "on", "satisfaction": "1", "note": "仍未解决"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.HANDLING and ticket.resolved_date is None
    assert ticket.events.filter(action=TicketEvent.Action.REOPEN, note__contains="工作专员代企业确认").exists()


def test_the_enterprise_raises_for_itself_only(client, demo_county):
    other = tickets(demo_county).exclude(enterprise=None).exclude(
        enterprise=User.objects.get(username="enterprise").enterprise).first().enterprise
    login(client, "enterprise")
    response = client.post(CREATE, {"title": "代别家提诉求", "category": Ticket.objects.first().category_id,
                                    "enterprise": other.pk})
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert not Ticket.objects.filter(title="代别家提诉求").exists()


def test_leaders_and_departments_do_not_raise_or_route(client, demo_county):
    ticket = tickets(demo_county).filter(status=TicketStatus.RECEIVED).first()
    # the leader reads the ticket and may not route it (403); the department does not even read a
    # ticket not routed to it (404)
    for username, refused in (("leader", 403), ("dept", 404)):
        login(client, username)
        assert client.get(CREATE).status_code == 403
        assert client.post(url("route", ticket), {"lead": dept("jxj").pk}).status_code == refused
        assert "提出诉求" not in client.get(LIST).content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RECEIVED and not ticket.routes.exists()


def test_a_progress_problem_becomes_a_ticket_from_the_project_page(staff, demo_county):
    progress = Progress.objects.filter(project__region=demo_county).exclude(problems="").filter(
        tickets__isnull=True).select_related("project").first()
    page = staff.get(reverse("projects:detail", args=[progress.project_id])).content.decode()
    link = f"{CREATE}?progress={progress.pk}"
    assert link in page and "转为诉求" in page
    form = staff.get(link).context["form"]
    assert form.initial["description"] == progress.problems and "enterprise" not in form.fields
    response = staff.post(link, {"title": "项目用电报装", "category": Ticket.objects.first().category_id,
                                 "description": progress.problems, "source": "dispatch"})
    assert response.status_code == 302
    ticket = Ticket.objects.get(progress=progress)
    assert (ticket.project, ticket.source, ticket.title) == (progress.project, "dispatch", "项目用电报装")
    page = staff.get(reverse("projects:detail", args=[progress.project_id])).content.decode()
    assert f"已转为诉求{ticket.code}" in page


def test_anonymous_goes_to_login(client, demo_county):
    ticket = tickets(demo_county).first()
    assert client.get(url("detail", ticket)).status_code == 302
    assert client.get(CREATE).status_code == 302
    assert client.post(url("route", ticket), {}).status_code == 302
