"""Notification channels, configured by name in settings.YUANQU_NOTIFICATION_CHANNELS:

    "wecom": {"BACKEND": "yuanqu.notifications.channels.wecom.WeComRobot", "url": "https://…", "timeout": 5}

Options other than BACKEND go to the channel's constructor (base.Channel lists the shared ones).
"""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import Channel, Message


def configured(name: str) -> Channel:
    try:
        options = dict(settings.YUANQU_NOTIFICATION_CHANNELS[name])
    except KeyError:
        raise ImproperlyConfigured(f"通知渠道“{name}”未在 YUANQU_NOTIFICATION_CHANNELS 中配置") from None
    try:
        backend = import_string(options.pop("BACKEND"))
    except (KeyError, ImportError) as exc:
        raise ImproperlyConfigured(f"通知渠道“{name}”的 BACKEND 无效：{exc}") from None
    return backend(name, **options)


def default_names() -> list[str]:
    return list(getattr(settings, "YUANQU_NOTIFICATION_DEFAULT_CHANNELS", []))


__all__ = ["Channel", "Message", "configured", "default_names"]
