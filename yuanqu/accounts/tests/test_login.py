"""Logging in: throttled after repeated failures (django-axes), passwords checked where they are set,
and sessions that end when idle or when the browser closes."""
import datetime as dt
import logging

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from axes.models import AccessAttempt
from yuanqu.accounts.models import User
from yuanqu.core.security import SEEN

pytestmark = pytest.mark.django_db

PASSWORD = "yuanqu2023"  # the demo users' shared password
LOGIN = "/accounts/login/"


@pytest.fixture
def user():
    return User.objects.create_user(username="leader", password=PASSWORD, role=User.Role.LEADER)


def attempt(client, password, username="leader"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/"})


def test_the_right_password_logs_in(client, user):
    response = attempt(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("password_change")).status_code == 200


def test_repeated_failures_lock_the_user_name_even_for_the_right_password(client, user, caplog):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _ in range(limit - 1):
        page = attempt(client, "wrong-password")
        assert page.status_code == 200 and "用户名或密码不正确" in page.content.decode()
    with caplog.at_level(logging.WARNING, logger="axes"):
        page = attempt(client, "wrong-password")
    assert page.status_code == 429
    assert any("Locking out" in r.getMessage() or "locked out" in r.getMessage().lower() for r in caplog.records)

    page = attempt(client, PASSWORD)
    text = page.content.decode()
    assert page.status_code == 429
    assert "登录失败次数过多" in text and "30分钟" in text and "<form" in text  # the login page, in Chinese
    assert client.get(reverse("password_change")).status_code == 302  # not signed in
    row = AccessAttempt.objects.get(username="leader")
    assert row.failures_since_start >= limit and row.ip_address == "127.0.0.1"


def test_another_address_may_not_try_a_locked_user_name_either(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password")
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert attempt(other, PASSWORD).status_code == 429


def test_a_success_clears_earlier_failures(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    assert attempt(client, PASSWORD).status_code == 302


# --- passwords ---------------------------------------------------------------------------------

@pytest.mark.parametrize("password, message", [
    ("12345678", "全都是数字"),
    ("password", "太常见"),
    ("yq2023", "至少需要8个字符"),
])
def test_weak_passwords_are_refused_in_chinese(password, message):
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert any(message in m for m in info.value.messages), info.value.messages


def test_a_password_like_the_user_name_is_refused():
    person = User(username="zhangwei2024", display_name="张伟")
    with pytest.raises(ValidationError):
        validate_password("zhangwei2024", person)


def test_the_demo_password_is_a_valid_one():
    validate_password(PASSWORD, User(username="park"))


def test_changing_a_password_on_the_page_applies_the_rules(client, user):
    client.force_login(user)
    page = client.post(reverse("password_change"),
                       {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert page.status_code == 200 and "全都是数字" in page.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_changepassword_command_applies_the_rules(user, monkeypatch):
    answers = iter(["12345678", "12345678"] * 3)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises((CommandError, StopIteration)):
        call_command("changepassword", "leader")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- sessions ----------------------------------------------------------------------------------

def _session_row(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_session_ends_when_the_browser_closes_and_after_two_idle_hours(client, user):
    attempt(client, PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert settings.SESSION_COOKIE_AGE == 2 * 3600
    left = _session_row(client).expire_date - timezone.now()
    assert dt.timedelta(hours=1, minutes=59) < left <= dt.timedelta(hours=2)

    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))  # two hours of nothing
    page = client.get(reverse("password_change"))
    assert page.status_code == 302 and page["Location"].startswith(LOGIN)


def test_using_the_session_keeps_it_alive(client, user):
    attempt(client, PASSWORD)
    session = client.session
    session[SEEN] = 0  # last refreshed long ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))  # nearly idle too long
    assert client.get(reverse("password_change")).status_code == 200
    left = _session_row(client).expire_date - timezone.now()
    assert left > dt.timedelta(hours=1, minutes=59)
