"""企业微信群机器人: {"msgtype": "markdown", "markdown": {"content": …}} (default) or
{"msgtype": "text", "text": {"content": …, "mentioned_mobile_list": […]}}; content at most
4096 (markdown) or 2048 (text) bytes."""
from django.core.exceptions import ImproperlyConfigured

from .base import Message
from .webhook import WebhookChannel, clip

LIMITS = {"markdown": 4096, "text": 2048}


class WeComRobot(WebhookChannel):
    label = "企业微信群机器人"

    def __init__(self, name, *, msgtype="markdown", **options):
        super().__init__(name, **options)
        if msgtype not in LIMITS:
            raise ImproperlyConfigured(f"通知渠道“{name}”的 msgtype 应为 markdown 或 text")
        self.msgtype = msgtype

    def payload(self, message: Message) -> dict:
        if self.msgtype == "markdown":
            lines = [f"**{message.title}**", message.body, message.url and f"[查看详情]({message.url})"]
            return {"msgtype": "markdown",
                    "markdown": {"content": clip("\n".join(line for line in lines if line), LIMITS["markdown"])}}
        text = {"content": clip(message.text(), LIMITS["text"])}
        mobiles = self.mobiles(message)
        if mobiles:
            text["mentioned_mobile_list"] = mobiles
        return {"msgtype": "text", "text": text}
