"""Writes: notify (record in-app, send through channels after commit) and marking notifications read."""
from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import channels as channel_registry
from .channels.base import Message, describe
from .models import Delivery, Notification

log = logging.getLogger("yuanqu.notifications")


def notify(*, recipients, title: str, body: str = "", link: str = "", kind: str = "notice",
           channels=None) -> list[Notification]:
    """Record a notification for each active recipient and send it through `channels`.

    `channels`: names in settings.YUANQU_NOTIFICATION_CHANNELS; None: YUANQU_NOTIFICATION_DEFAULT_CHANNELS;
    () for in-app only. Sending waits for the current transaction to commit (at once outside one),
    so a rolled-back change notifies nobody outside; a failed send is logged and recorded (Delivery)
    and never raises here.
    """
    users = _unique_active(recipients)
    title = title[:200]
    now = timezone.now()
    notes = Notification.objects.bulk_create([
        Notification(recipient=user, kind=kind, title=title, body=body, link=link, created_at=now) for user in users])
    message = Message(title=title, body=body, url=absolute_url(link), kind=kind, recipients=tuple(users))
    names = channel_registry.default_names() if channels is None else list(channels)
    for name in names:
        transaction.on_commit(partial(send, name, message), robust=True)
    return notes


def send(name: str, message: Message) -> list[Delivery]:
    """Deliver `message` through the channel configured as `name` (recorded; never raises)."""
    try:
        channel = channel_registry.configured(name)
    except Exception as exc:  # misconfigured: recorded as a failed delivery, the caller goes on
        log.error("通知渠道 %s 配置有误：%s", name, exc)
        return [Delivery.objects.create(channel=name, kind=message.kind, title=message.title,
                                        status=Delivery.Status.FAILED, error=describe(exc),
                                        finished_at=timezone.now())]
    return channel.deliver(message)


def absolute_url(link: str) -> str:
    site = getattr(settings, "YUANQU_SITE_URL", "").rstrip("/")
    return f"{site}{link}" if site and link.startswith("/") else link


def _unique_active(recipients) -> list:
    seen, users = set(), []
    for user in recipients:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    return Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())
