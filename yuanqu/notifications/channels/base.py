"""The base of every channel: who to send to (`targets`), how (`send`), and the shared part —
bounded retries, a Delivery record per target, failures logged and recorded, never raised."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.utils import timezone

from yuanqu.notifications.models import Delivery

log = logging.getLogger("yuanqu.notifications")


@dataclass(frozen=True)
class Message:
    title: str
    body: str = ""
    url: str = ""  # absolute when settings.YUANQU_SITE_URL is set
    kind: str = "notice"
    recipients: tuple = ()  # users

    def text(self) -> str:
        """Title, body and link on their own lines (plain-text channels)."""
        return "\n".join(part for part in (self.title, self.body, self.url) if part)


@dataclass(frozen=True)
class Target:
    address: str  # what the Delivery record shows: an e-mail address, a robot's name (never a secret)
    recipient: object = None


class DeliveryError(Exception):
    """A send that failed; `retry=False` when trying again cannot help (the robot refused the message)."""

    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


class Channel:
    label = "通知渠道"

    def __init__(self, name: str, *, timeout: float = 5, retries: int = 2, retry_delay: float = 1):
        self.name = name
        self.timeout = timeout  # seconds, per attempt
        self.retries = max(0, int(retries))  # attempts after the first
        self.retry_delay = retry_delay  # seconds before the 2nd attempt; doubled each time after

    # --- the hooks ---------------------------------------------------------------------------

    def targets(self, message: Message) -> list[Target]:
        raise NotImplementedError

    def send(self, target: Target, message: Message) -> None:
        """Send once; raise (DeliveryError or any error) on failure."""
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------------------

    def deliver(self, message: Message) -> list[Delivery]:
        """Send to every target, each recorded as a Delivery; never raises for a failed send."""
        try:
            targets = self.targets(message)
        except Exception as exc:  # a broken channel must not break the caller
            return [self.record_failure(message, describe(exc))]
        return [self.deliver_one(target, message) for target in targets]

    def deliver_one(self, target: Target, message: Message) -> Delivery:
        delivery = Delivery.objects.create(channel=self.name, kind=message.kind, title=message.title[:200],
                                           recipient=target.recipient, target=target.address[:254])
        for attempt in range(1, self.retries + 2):
            delivery.attempts = attempt
            try:
                self.send(target, message)
            except Exception as exc:
                delivery.error = describe(exc)
                log.warning("通知渠道 %s 发送到 %s 失败（第%d次）：%s", self.name, target.address, attempt,
                            delivery.error)
                if attempt > self.retries or not getattr(exc, "retry", True):
                    break
                time.sleep(self.retry_delay * 2 ** (attempt - 1))
            else:
                delivery.status, delivery.error = Delivery.Status.SENT, ""
                break
        if delivery.status != Delivery.Status.SENT:
            delivery.status = Delivery.Status.FAILED
            log.error("通知渠道 %s 发送到 %s 失败，已放弃：%s", self.name, target.address, delivery.error)
        delivery.finished_at = timezone.now()
        delivery.save(update_fields=["attempts", "status", "error", "finished_at"])
        return delivery

    def record_failure(self, message: Message, error: str) -> Delivery:
        log.error("通知渠道 %s 无法发送：%s", self.name, error)
        return Delivery.objects.create(channel=self.name, kind=message.kind, title=message.title[:200],
                                       status=Delivery.Status.FAILED, error=error, finished_at=timezone.now())


def describe(exc: Exception) -> str:
    return str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
