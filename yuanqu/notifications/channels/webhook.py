"""JSON over HTTP POST, with a timeout; the base of the group robots (wecom.py, dingtalk.py).

Used as it is, it posts {"kind", "title", "body", "url"} to `url`. A robot answers HTTP 200 with
{"errcode": 0, …} when it accepts a message; a non-zero errcode is a refusal (not retried), an
HTTP 5xx, a timeout or a broken connection is retried (Channel.retries)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.core.exceptions import ImproperlyConfigured

from .base import Channel, DeliveryError, Message, Target


def clip(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` of UTF-8 (robots refuse longer messages), marked with "…"."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes - len("…".encode())].decode("utf-8", "ignore") + "…"


class WebhookChannel(Channel):
    label = "Webhook"

    def __init__(self, name, *, url, mention=False, **options):
        super().__init__(name, **options)
        if urllib.parse.urlsplit(url or "").scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"通知渠道“{name}”的 url 应为 http(s) 地址")
        self.url = url
        self.mention = mention  # @ the recipients by their mobile numbers, where the robot can

    def targets(self, message: Message) -> list[Target]:
        return [Target(self.label)]  # the group, whoever the recipients are; the URL holds the key: not shown

    def mobiles(self, message: Message) -> list[str]:
        if not self.mention:
            return []
        return [user.phone for user in message.recipients if getattr(user, "phone", "")]

    # --- hooks of the robots -----------------------------------------------------------------

    def payload(self, message: Message) -> dict:
        return {"kind": message.kind, "title": message.title, "body": message.body, "url": message.url}

    def request_url(self) -> str:
        return self.url

    # --- sending -----------------------------------------------------------------------------

    def send(self, target: Target, message: Message) -> None:
        request = urllib.request.Request(
            self.request_url(), method="POST",
            data=json.dumps(self.payload(message), ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read(65536)
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"HTTP {exc.code} {exc.reason}", retry=exc.code >= 500 or exc.code == 429) from None
        except urllib.error.URLError as exc:
            raise DeliveryError(f"连接失败：{exc.reason}") from None
        except OSError as exc:  # a timeout while reading the answer, a reset connection
            raise DeliveryError(f"连接失败：{exc or type(exc).__name__}") from None
        self.check(answer)

    def check(self, answer: bytes) -> None:
        try:
            reply = json.loads(answer or b"{}")
        except ValueError:
            return  # a plain webhook may answer anything with HTTP 200
        code = reply.get("errcode", 0) if isinstance(reply, dict) else 0
        if code:
            raise DeliveryError(f"对方拒收：errcode={code}，errmsg={reply.get('errmsg', '')}", retry=False)
