"""notify(): in-app notifications for each recipient, then the channels after the transaction commits."""
import pytest
from django.core import mail
from django.db import transaction

from yuanqu.notifications.models import Delivery, Notification
from yuanqu.notifications.services import notify

from .conftest import EMAIL, FAST

pytestmark = pytest.mark.django_db

ARGS = {"title": "诉求SQ001已交办5个工作日", "body": "企业：示例企业1\n请尽快办理。", "link": "/service/1/",
        "kind": "ticket.remind"}


def test_in_app_notifications_for_each_active_recipient(people, django_capture_on_commit_callbacks):
    zhang, li, wang, gone = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notes = notify(recipients=[zhang, li, zhang, wang, gone, None], channels=(), **ARGS)
    assert [n.recipient for n in notes] == [zhang, li, wang]  # once each; the inactive user left out
    assert callbacks == [] and not Delivery.objects.exists()
    stored = Notification.objects.get(recipient=zhang)
    assert (stored.title, stored.body, stored.link, stored.kind) == (ARGS["title"], ARGS["body"], ARGS["link"],
                                                                     ARGS["kind"])
    assert stored.read_at is None and stored.created_at is not None
    assert Notification.objects.for_recipient(li).unread().count() == 1


def test_email_through_djangos_backend(people, channels, django_capture_on_commit_callbacks):
    channels(email={"BACKEND": EMAIL, **FAST})
    zhang, li, wang, _ = people
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[zhang, li, wang], channels=["email"], **ARGS)
    assert [m.to for m in mail.outbox] == [["zhang@example.cn"], ["li@example.cn"]]  # wang has no address
    first = mail.outbox[0]
    assert first.subject == "【园区调度平台】诉求SQ001已交办5个工作日"
    assert first.body == "企业：示例企业1\n请尽快办理。\n\n查看：https://yq.example.cn/service/1/"
    sent = Delivery.objects.order_by("pk")
    assert [(d.channel, d.target, d.recipient, d.status, d.attempts) for d in sent] == [
        ("email", "zhang@example.cn", zhang, "sent", 1), ("email", "li@example.cn", li, "sent", 1)]
    assert all(d.finished_at and d.kind == "ticket.remind" for d in sent)


def test_nothing_leaves_before_the_transaction_commits(people, channels, django_capture_on_commit_callbacks):
    channels(email={"BACKEND": EMAIL, **FAST})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(recipients=people[:1], channels=["email"], **ARGS)
                raise RuntimeError("the change that notified is rolled back")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists() and not Delivery.objects.exists()


def test_default_channels_come_from_settings(people, channels, settings, django_capture_on_commit_callbacks):
    channels(email={"BACKEND": EMAIL, **FAST})
    settings.YUANQU_NOTIFICATION_DEFAULT_CHANNELS = ["email"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=people[:1], **ARGS)
    assert len(mail.outbox) == 1


def test_a_channel_not_configured_is_recorded_not_raised(people, channels, django_capture_on_commit_callbacks):
    channels()
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify(recipients=people[:1], channels=["fax"], **ARGS)
    assert len(notes) == 1
    failed = Delivery.objects.get()
    assert (failed.channel, failed.status) == ("fax", "failed")
    assert "通知渠道“fax”未在 YUANQU_NOTIFICATION_CHANNELS 中配置" in failed.error


def test_a_failing_email_server_is_recorded_after_bounded_retries(people, channels, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    channels(email={"BACKEND": EMAIL, **FAST})

    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP 服务器拒绝连接")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=people[:1], channels=["email"], **ARGS)
    failed = Delivery.objects.get()
    assert (failed.status, failed.attempts) == ("failed", FAST["retries"] + 1)
    assert failed.error == "ConnectionRefusedError: SMTP 服务器拒绝连接"
