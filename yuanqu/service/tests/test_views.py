"""Ticket pages on the demo county: filters (status, category, unit, overdue), export, and moving a
ticket along 受理 → 交办 → 办理 → 办结 → 销号 with every step logged (services.move_ticket)."""
import pytest
from django.urls import reverse
from django.utils import timezone

from yuanqu.core.tests.pages import HTMX, export, first_cells, login, staff, staff_of  # noqa: F401 (fixture)
from yuanqu.service.models import Ticket, TicketEvent, TicketStatus
from yuanqu.service.services import move_ticket

pytestmark = pytest.mark.django_db

LIST = reverse("service:list")



def tickets(demo_county):
    return Ticket.objects.filter(region=demo_county)


def test_list_and_filters(staff, demo_county):
    response = staff.get(LIST)
    page = response.content.decode()
    assert "诉求编号" in page and "协调解决企业问题条数" in page
    assert response.context["paginator"].count == tickets(demo_county).count()
    today = timezone.localdate()
    open_overdue = tickets(demo_county).filter(status__in=["received", "assigned", "handling"], deadline__lt=today)
    for params, expected in [
        ({"status": "handling"}, tickets(demo_county).filter(status="handling")),
        ({"category": "demo-policy"}, tickets(demo_county).filter(category__code="demo-policy")),
        ({"department": "990999-sfj"}, tickets(demo_county).filter(department__code="990999-sfj")),
        ({"overdue": "open"}, open_overdue),
    ]:
        assert staff.get(LIST, params).context["paginator"].count == expected.count(), params
    overdue = staff.get(LIST, {"overdue": "open"})
    assert all(r["css"] == "overdue" for r in overdue.context["rows"]) and "逾期未办结" in overdue.content.decode()


def test_sort_by_received_date(staff, demo_county):
    first = tickets(demo_county).order_by("received_date", "pk").first()
    assert first_cells(staff.get(LIST, {"sort": "received_date"}))[0] == first.code


def test_export(staff, demo_county):
    headers, rows, count = export(staff, LIST, {"status": "closed"})
    assert headers[:3] == ["诉求编号", "诉求标题", "诉求类别"] and "逾期" in headers
    assert len(rows) == count == tickets(demo_county).filter(status="closed").count()


def test_detail_shows_the_event_history(client, demo_county):
    ticket = tickets(demo_county).filter(status="handling").filter(enterprise__park__isnull=False).first()
    staff = staff_of(client, ticket.enterprise.park)  # park staff move the tickets of their park
    page = staff.get(reverse("service:detail", args=[ticket.pk])).content.decode()
    assert ticket.title in page and "办理记录" in page and "受理企业诉求" in page and "办理：办结" in page


def test_moving_a_ticket_through_every_step_is_logged_with_the_user(client, demo_county):
    from yuanqu.accounts.models import User

    ticket = tickets(demo_county).filter(status="received").filter(enterprise__park__isnull=False).first()
    staff = staff_of(client, ticket.enterprise.park)  # park staff move the tickets of their park
    url = reverse("service:move", args=[ticket.pk])
    park = User.objects.get(username="park")
    steps = [({"status": "assigned", "note": "请尽快办理"}, "交办"),
             ({"status": "handling", "note": "已联系企业"}, "办理"),
             ({"status": "resolved", "resolution": "已协调解决"}, "办结"),
             ({"status": "closed", "satisfaction": "3", "note": "企业确认"}, "销号")]
    for data, label in steps:
        response = staff.post(url, data)
        assert response.status_code == 302, response.content.decode()[:500]
        ticket.refresh_from_db()
        assert ticket.status == data["status"]
        event = TicketEvent.objects.filter(ticket=ticket).order_by("-at", "-id").first()
        assert event.status == data["status"] and event.user == park
    assert ticket.resolved_date == timezone.localdate() and ticket.resolution == "已协调解决"
    assert ticket.satisfaction == 3 and ticket.department is not None
    page = staff.get(reverse("service:detail", args=[ticket.pk])).content.decode()
    assert "已联系企业" in page and "已销号" in page and "刘晓燕" in page


def test_a_step_cannot_be_skipped(client, demo_county):
    ticket = tickets(demo_county).filter(status="received").filter(enterprise__park__isnull=False).first()
    staff = staff_of(client, ticket.enterprise.park)  # park staff move the tickets of their park
    events = ticket.events.count()
    response = staff.post(reverse("service:move", args=[ticket.pk]), {"status": "resolved", "resolution": "x"},
                          **HTMX)
    assert response.status_code == 200
    assert "下一步应为“交办”" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "received" and ticket.events.count() == events


def test_resolving_needs_a_result(client, demo_county):
    ticket = tickets(demo_county).filter(status="handling").filter(enterprise__park__isnull=False).first()
    staff = staff_of(client, ticket.enterprise.park)  # park staff move the tickets of their park
    response = staff.post(reverse("service:move", args=[ticket.pk]), {"status": "resolved"})
    assert response.status_code == 400 and "办结须填写办理结果" in response.content.decode()


def test_htmx_move_redirects(client, demo_county):
    ticket = tickets(demo_county).filter(status="assigned").filter(enterprise__park__isnull=False).first()
    staff = staff_of(client, ticket.enterprise.park)  # park staff move the tickets of their park
    response = staff.post(reverse("service:move", args=[ticket.pk]), {"status": "handling"}, **HTMX)
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("service:detail", args=[ticket.pk])


def test_closed_tickets_stay_closed(demo_county):
    ticket = tickets(demo_county).filter(status="closed").first()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="已销号"):
        move_ticket(ticket, TicketStatus.CLOSED)


def test_leaders_cannot_move(client, demo_county):
    ticket = tickets(demo_county).filter(status="received").first()
    login(client, "leader")
    assert client.post(reverse("service:move", args=[ticket.pk]), {"status": "assigned"}).status_code == 403


def test_anonymous_goes_to_login(client, demo_county):
    ticket = tickets(demo_county).first()
    assert client.get(reverse("service:detail", args=[ticket.pk])).status_code == 302
