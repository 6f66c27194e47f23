"""钉钉群机器人: {"msgtype": "text", "text": {"content": …}} (+ "at": {"atMobiles": […]}).

The robot's security settings: a keyword (自定义关键词) the content must contain — added in 【】
when missing — and/or signing (加签): timestamp (ms) and sign = urlencode(base64(HMAC-SHA256(
key=secret, msg=f"{timestamp}\\n{secret}"))) added to the URL of every attempt."""
import base64
import hashlib
import hmac
import time
import urllib.parse

from .base import Message
from .webhook import WebhookChannel, clip

MAX_BYTES = 20000


def sign(timestamp: str, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


class DingTalkRobot(WebhookChannel):
    label = "钉钉群机器人"

    def __init__(self, name, *, secret="", keyword="", **options):
        super().__init__(name, **options)
        self.secret = secret
        self.keyword = keyword

    def payload(self, message: Message) -> dict:
        content = message.text()
        if self.keyword and self.keyword not in content:
            content = f"【{self.keyword}】{content}"
        mobiles = self.mobiles(message)
        if mobiles:  # DingTalk @s only the numbers the content names
            content += "\n" + " ".join(f"@{m}" for m in mobiles)
        payload = {"msgtype": "text", "text": {"content": clip(content, MAX_BYTES)}}
        if mobiles:
            payload["at"] = {"atMobiles": mobiles, "isAtAll": False}
        return payload

    def request_url(self) -> str:
        if not self.secret:
            return self.url
        timestamp = str(round(time.time() * 1000))
        joiner = "&" if urllib.parse.urlsplit(self.url).query else "?"
        return f"{self.url}{joiner}timestamp={timestamp}&sign={sign(timestamp, self.secret)}"
