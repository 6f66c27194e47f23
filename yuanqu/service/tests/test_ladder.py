"""The reminder ladder with a frozen clock across the 2023 National Day holiday (29 Sep – 6 Oct off,
Saturday 7 and Sunday 8 Oct worked): each rung fires on its working day, once; `yuanqu remind` run
twice at the same moment fires nothing the second time; a webhook reaches a stub robot."""
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from yuanqu.notifications.models import Delivery, Notification
from yuanqu.notifications.tests.stub import StubRobot
from yuanqu.service import services
from yuanqu.service.models import Reminder, TicketRoute

from .conftest import day

pytestmark = pytest.mark.django_db
WEBHOOK = "yuanqu.notifications.channels.webhook.WebhookChannel"


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def accepted(world, raise_, assigned=day("2023-09-22")):
    """A ticket routed to the land office on `assigned` and accepted by its clerk the same day."""
    ticket = raise_(on=assigned - dt.timedelta(days=1), announce=False)
    services.route_ticket(ticket=ticket, lead=world.land, user=world.dispatcher, on=assigned, announce=False)
    route = ticket.routes.get(department=world.land)
    services.answer_route(route=route, position=TicketRoute.Position.ACCEPTED, user=world.land_clerk, on=assigned,
                          announce=False)
    ticket.refresh_from_db()
    return ticket


def run_daily(first: dt.date, last: dt.date) -> dict[str, list[dt.date]]:
    """The ladder at 09:00 and again at 17:00 every calendar day: rung → the days it fired."""
    fired: dict[str, list[dt.date]] = {}
    day_ = first
    while day_ <= last:
        for hour in (9, 17):
            for item in services.fire_reminders(at=at(f"{day_}T{hour:02d}:00")).fired:
                fired.setdefault(item.due.rung, []).append(day_)
        day_ += dt.timedelta(days=1)
    return fired


def test_each_rung_fires_once_on_its_working_day_across_national_day(world, raise_):
    ticket = accepted(world, raise_)  # Friday 22 Sep 2023; the category's deadline is 6 working days
    assert ticket.deadline == day("2023-10-08")  # the 调休 Sunday
    fired = run_daily(day("2023-09-22"), day("2023-11-20"))
    assert fired == {
        "handler": [day("2023-10-07")],  # day 5: 25, 26, 27, 28 Sep, then the 调休 Saturday 7 Oct
        "deadline": [day("2023-10-08")],  # day 6, the deadline itself
        "head": [day("2023-10-12")],  # day 10
        "leader": [day("2023-10-19")],  # day 15: 督办
        "stalled": [day("2023-11-09")],  # day 30
    }
    assert day("2023-10-07").weekday() == 5 and day("2023-10-08").weekday() == 6
    rows = {r.rung: (r.due_date, r.workdays) for r in Reminder.objects.filter(ticket=ticket)}
    assert rows == {"handler": (day("2023-10-07"), 5), "deadline": (day("2023-10-08"), 6),
                    "head": (day("2023-10-12"), 10), "leader": (day("2023-10-19"), 15),
                    "stalled": (day("2023-11-09"), 30)}
    ticket.refresh_from_db()
    assert ticket.stalled


def test_who_each_rung_tells(world, raise_):
    w = world
    ticket = accepted(world, raise_)
    run = services.fire_reminders(at=at("2023-11-09T09:00"))
    told = {item.due.rung: item.recipients for item in run.fired}
    assert told == {"handler": [w.land_clerk], "deadline": [w.land_clerk], "head": [w.land_head],
                    "leader": [w.leader], "stalled": [w.leader, w.dispatcher]}
    kinds = {(n.recipient.username, n.kind) for n in Notification.objects.filter(link=f"/service/{ticket.pk}/")}
    assert kinds == {("land_clerk", "ticket.remind"), ("land_head", "ticket.remind"), ("leader", "ticket.escalate"),
                     ("leader", "ticket.stalled"), ("dispatcher", "ticket.stalled")}
    escalation = Notification.objects.get(kind="ticket.escalate")
    assert escalation.title == f"督办：诉求{ticket.code}交办15个工作日未办结"
    assert "2023-09-22交办" in escalation.body and "牵头单位：县自然资源局" in escalation.body


def test_a_resolved_ticket_is_not_reminded(world, raise_):
    ticket = accepted(world, raise_)
    services.resolve_ticket(ticket=ticket, user=world.land_clerk, resolution="已办结", on=day("2023-09-28"),
                            announce=False)
    assert services.fire_reminders(at=at("2023-11-30T09:00")).fired == []
    assert not Reminder.objects.exists()


def test_nothing_fires_during_the_holiday_and_a_dry_run_writes_nothing(world, raise_):
    accepted(world, raise_, assigned=day("2023-09-25"))  # day 5 is the 调休 Sunday 8 Oct
    assert run_daily(day("2023-09-25"), day("2023-10-07")) == {}
    dry = services.fire_reminders(at=at("2023-10-08T09:00"), dry_run=True)
    assert [i.due.rung for i in dry.fired] == ["handler"] and not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_remind_twice_at_the_same_moment_fires_nothing_the_second_time(world, raise_, capsys):
    ticket = accepted(world, raise_)
    call_command("remind", "--at", "2023-10-19 09:00", "--json")
    first = json.loads(capsys.readouterr().out)
    assert [(f["ticket"], f["rung"], f["due_date"]) for f in first["fired"]] == [
        (ticket.code, "handler", "2023-10-07"), (ticket.code, "deadline", "2023-10-08"),
        (ticket.code, "head", "2023-10-12"), (ticket.code, "leader", "2023-10-19")]
    assert first["fired"][0]["recipients"] == ["自然资源局经办人"] and first["dry_run"] is False
    call_command("remind", "--at", "2023-10-19 09:00", "--json")
    assert json.loads(capsys.readouterr().out)["fired"] == []
    call_command("remind", "--at", "2023-10-19 09:00")
    assert "没有到期未发的提醒" in capsys.readouterr().out
    assert Reminder.objects.count() == 4


def test_remind_prints_what_fired(world, raise_, capsys):
    ticket = accepted(world, raise_)
    call_command("remind", "--at", "2023-10-07 09:00", "--dry-run")
    out = capsys.readouterr().out
    assert f"将发出 2023-10-07 {ticket.code} 提醒承办人（交办后第5个工作日）→ 自然资源局经办人" in out
    assert "共将发出1条提醒" in out and not Reminder.objects.exists()


def test_remind_refuses_a_bad_moment():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="应写作"):
        call_command("remind", "--at", "2023-10-07")


def test_a_year_not_yet_published_is_said_not_guessed(world, raise_, capsys):
    from yuanqu.service.models import Ticket

    ticket = accepted(world, raise_)
    Ticket.objects.filter(pk=ticket.pk).update(assigned_date=day("2026-12-24"), deadline=None)  # 2026: the last known
    run = services.fire_reminders(at=at("2026-12-31T09:00"))
    assert [i.due.rung for i in run.fired] == ["handler"] and run.skipped == []  # day 10 lies in 2027
    Ticket.objects.filter(pk=ticket.pk).update(assigned_date=day("2031-03-03"), deadline=None)
    run = services.fire_reminders(at=at("2031-03-20T09:00"))
    assert run.fired == [] and run.skipped == [f"{ticket.code}：2031年的节假日安排尚未公布（国务院办公厅通知），"
                                               "无法计算工作日；请管理员在“节假日安排”中补充"]


def test_a_reminder_reaches_a_webhook(world, raise_, settings, django_capture_on_commit_callbacks):
    ticket = accepted(world, raise_)
    with StubRobot() as robot:
        settings.YUANQU_NOTIFICATION_CHANNELS = {"robot": {"BACKEND": WEBHOOK, "url": robot.url, "timeout": 2,
                                                           "retries": 0}}
        settings.YUANQU_NOTIFICATION_DEFAULT_CHANNELS = ["robot"]
        settings.YUANQU_SITE_URL = "https://yq.example.cn"
        with django_capture_on_commit_callbacks(execute=True):
            services.fire_reminders(at=at("2023-10-07T09:00"))
    [got] = robot.received
    assert got.json == {"kind": "ticket.remind", "title": f"诉求{ticket.code}交办5个工作日未办结",
                        "body": f"诉求：{ticket.code} 厂区扩建用地报批\n对象：试验机械有限公司\n"
                                "牵头单位：县自然资源局。2023-09-22交办，已5个工作日未办结；办理时限2023-10-08，请抓紧办理",
                        "url": f"https://yq.example.cn/service/{ticket.pk}/"}
    assert Delivery.objects.get(channel="robot").status == Delivery.Status.SENT


def test_remind_on_the_demo_county_twice_at_the_same_moment(demo_county, capsys):
    from yuanqu.service.models import Ticket

    call_command("remind", "--at", "2023-12-29 09:00", "--json")
    first = json.loads(capsys.readouterr().out)["fired"]
    waiting = Ticket.objects.filter(region=demo_county, status__in=("assigned", "handling", "received"),
                                    assigned_date__isnull=False)
    assert first and {f["ticket"] for f in first} <= set(waiting.values_list("code", flat=True))
    assert Reminder.objects.filter(ticket__region=demo_county).count() == len(first)
    call_command("remind", "--at", "2023-12-29 09:00", "--json")
    assert json.loads(capsys.readouterr().out)["fired"] == []
