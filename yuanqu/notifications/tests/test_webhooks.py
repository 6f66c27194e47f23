"""The group robots against a stub server on 127.0.0.1: the exact JSON each receives, 钉钉's signature,
and failures (refusal, HTTP 500, a slow robot, nobody listening) recorded without raising."""
import base64
import hashlib
import hmac
import socket
import time
import urllib.parse

import pytest

from yuanqu.notifications.channels import configured
from yuanqu.notifications.channels.dingtalk import sign
from yuanqu.notifications.channels.webhook import clip
from yuanqu.notifications.models import Delivery
from yuanqu.notifications.services import notify

from .conftest import DINGTALK, FAST, WEBHOOK, WECOM
from .stub import StubRobot

pytestmark = pytest.mark.django_db

ARGS = {"title": "诉求SQ001已交办5个工作日", "body": "企业：示例企业1", "link": "/service/1/",
        "kind": "ticket.remind"}
LINK = "https://yq.example.cn/service/1/"


@pytest.fixture
def send(people, channels, django_capture_on_commit_callbacks):
    """send(robot_options) → the Delivery rows: notify two people through the channel "robot"."""
    def run(options, recipients=None):
        channels(robot={**FAST, **options})
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=people[:2] if recipients is None else recipients, channels=["robot"], **ARGS)
        return list(Delivery.objects.filter(channel="robot").order_by("pk"))
    return run


def test_wecom_markdown(send):
    with StubRobot() as robot:
        [delivery] = send({"BACKEND": WECOM, "url": robot.url})
    [got] = robot.received
    assert got.json == {"msgtype": "markdown", "markdown": {
        "content": f"**诉求SQ001已交办5个工作日**\n企业：示例企业1\n[查看详情]({LINK})"}}
    assert got.headers["content-type"] == "application/json; charset=utf-8"
    assert got.query == {"access_token": "stub-token"}
    assert (delivery.status, delivery.target, delivery.recipient, delivery.attempts) == ("sent", "企业微信群机器人",
                                                                                        None, 1)


def test_wecom_text_mentions_the_recipients_by_mobile(send):
    with StubRobot() as robot:
        send({"BACKEND": WECOM, "url": robot.url, "msgtype": "text", "mention": True})
    assert robot.received[0].json == {"msgtype": "text", "text": {
        "content": f"诉求SQ001已交办5个工作日\n企业：示例企业1\n{LINK}",
        "mentioned_mobile_list": ["13800000001", "13800000002"]}}


def test_dingtalk_text_with_keyword_and_signature(send):
    secret = "SEC-stub-secret"
    before = int(time.time() * 1000)
    with StubRobot() as robot:
        [delivery] = send({"BACKEND": DINGTALK, "url": robot.url, "secret": secret, "keyword": "园区调度"})
    [got] = robot.received
    assert got.json == {"msgtype": "text", "text": {
        "content": f"【园区调度】诉求SQ001已交办5个工作日\n企业：示例企业1\n{LINK}"}}
    assert set(got.query) == {"access_token", "timestamp", "sign"}
    timestamp = got.query["timestamp"]
    assert before <= int(timestamp) <= int(time.time() * 1000)
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert got.query["sign"] == expected.decode()  # parse_qsl has undone the URL encoding
    assert delivery.status == "sent"


def test_dingtalk_keyword_already_present_and_mentions(send):
    with StubRobot() as robot:
        send({"BACKEND": DINGTALK, "url": robot.url, "keyword": "工作日", "mention": True})
    got = robot.received[0]
    assert got.json == {"msgtype": "text", "text": {
        "content": f"诉求SQ001已交办5个工作日\n企业：示例企业1\n{LINK}\n@13800000001 @13800000002"},
        "at": {"atMobiles": ["13800000001", "13800000002"], "isAtAll": False}}
    assert got.query == {"access_token": "stub-token"}  # no secret: no signature


def test_the_signature_is_base64_then_url_encoded():
    digest = hmac.new(b"SEC-stub-secret", b"1700000000000\nSEC-stub-secret", hashlib.sha256).digest()
    signed = sign("1700000000000", "SEC-stub-secret")
    assert urllib.parse.unquote_plus(signed) == base64.b64encode(digest).decode()
    assert signed.endswith("%3D")  # 32 bytes of digest: base64 ends in "=", encoded


def test_plain_webhook(send):
    with StubRobot(reply={}) as robot:
        [delivery] = send({"BACKEND": WEBHOOK, "url": robot.url}, recipients=[])
    assert robot.received[0].json == {"kind": "ticket.remind", "title": ARGS["title"], "body": ARGS["body"],
                                      "url": LINK}
    assert delivery.status == "sent"


def test_a_refusal_is_recorded_and_not_retried(send):
    refusal = {"errcode": 310000, "errmsg": "keywords not in content"}
    with StubRobot(reply=refusal) as robot:
        [delivery] = send({"BACKEND": DINGTALK, "url": robot.url})
    assert len(robot.received) == 1
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.error == "对方拒收：errcode=310000，errmsg=keywords not in content"


def test_a_server_error_is_retried_a_bounded_number_of_times(send):
    with StubRobot(status=500, reply={"error": "busy"}) as robot:
        [delivery] = send({"BACKEND": WECOM, "url": robot.url})
    assert len(robot.received) == FAST["retries"] + 1
    assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 3, "HTTP 500 Internal Server Error")


def test_a_slow_robot_times_out_and_is_recorded_as_failed(send):
    started = time.monotonic()
    with StubRobot(delay=10) as robot:
        [delivery] = send({"BACKEND": WECOM, "url": robot.url, "timeout": 0.3, "retries": 1})
    elapsed = time.monotonic() - started
    assert len(robot.received) == 2
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert "timed out" in delivery.error
    assert elapsed < 5  # two attempts of 0.3 s, not the robot's 10 s


def test_nobody_listening_is_recorded_as_failed(send):
    with socket.socket() as s:  # a port nobody listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    [delivery] = send({"BACKEND": WECOM, "url": f"http://127.0.0.1:{port}/send", "retries": 0})
    assert delivery.status == "failed" and delivery.error.startswith("连接失败：")


def test_a_webhook_needs_an_http_url(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.YUANQU_NOTIFICATION_CHANNELS = {"robot": {"BACKEND": WECOM, "url": "file:///etc/passwd"}}
    with pytest.raises(ImproperlyConfigured, match="http"):
        configured("robot")


def test_long_messages_are_clipped_to_the_robots_limit():
    text = "诉求" * 3000
    clipped = clip(text, 2048)
    assert len(clipped.encode("utf-8")) <= 2048 and clipped.endswith("…")
    assert clip("短消息", 2048) == "短消息"
