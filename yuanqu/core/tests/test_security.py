"""Hardening: production settings, response headers, error pages, the favicon, request-size bounds."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import reverse

from yuanqu.accounts.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEST_URLS = "yuanqu.core.tests.error_urls"


def run_yuanqu(tmp_path, *args, code=None, **env):
    """`python -m yuanqu ARGS` (or `python -c CODE`) with the environment of a fresh production install."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("YUANQU_", "DJANGO_", "DATABASE_URL"))}
    clean.update(DJANGO_SETTINGS_MODULE="yuanqu.settings", YUANQU_VAR_DIR=str(tmp_path), **env)
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "yuanqu", *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def real_key() -> str:
    return secrets.token_urlsafe(50)


# --- settings as production reads them ------------------------------------------------------------

def test_debug_is_off_unless_set(tmp_path):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.HTTPS)"
    assert run_yuanqu(tmp_path, code=code).stdout.split() == ["False", "True"]
    assert run_yuanqu(tmp_path, code=code, YUANQU_DEBUG="1").stdout.split() == ["True", "False"]
    assert run_yuanqu(tmp_path, code=code, YUANQU_HTTPS="0").stdout.split() == ["False", "False"]


def test_production_refuses_to_start_with_the_published_key(tmp_path):
    checked = run_yuanqu(tmp_path, "check")
    assert checked.returncode != 0 and "YUANQU_SECRET_KEY" in checked.stderr and "yuanqu.E001" in checked.stderr
    served = run_yuanqu(tmp_path, code="import yuanqu.wsgi")
    assert served.returncode != 0 and "ImproperlyConfigured" in served.stderr and "开发密钥" in served.stderr
    assert run_yuanqu(tmp_path, code="import yuanqu.wsgi", YUANQU_SECRET_KEY=real_key()).returncode == 0
    assert run_yuanqu(tmp_path, "check", YUANQU_DEBUG="1").returncode == 0  # the demo


def test_check_deploy_with_production_settings_gives_no_warnings(tmp_path):
    result = run_yuanqu(tmp_path, "check", "--deploy", "--fail-level", "WARNING", YUANQU_SECRET_KEY=real_key())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_follow_yuanqu_https(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)")
    on = run_yuanqu(tmp_path, code=code, YUANQU_SECRET_KEY=real_key()).stdout.split()
    off = run_yuanqu(tmp_path, code=code, YUANQU_SECRET_KEY=real_key(), YUANQU_HTTPS="0").stdout.split()
    assert on == ["True", "True", "True", "31536000"] and off == ["False", "False", "False", "0"]


# --- headers ----------------------------------------------------------------------------------

def test_pages_carry_the_security_headers(client):
    page = client.get(reverse("login"))
    policy = page["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in policy and directives["frame-ancestors"] == "'none'"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"


def test_pages_for_a_signed_in_user_are_not_stored(client):
    client.force_login(User.objects.create_user(username="leader", role=User.Role.LEADER))
    assert "no-store" in client.get(reverse("password_change"))["Cache-Control"]


@override_settings(ROOT_URLCONF=TEST_URLS)
def test_downloads_are_not_stored(client):
    assert "no-store" in client.get("/test-attachment/")["Cache-Control"]


def test_exports_and_figure_pages_are_not_stored(client, demo_county):
    client.force_login(User.objects.get(username="park"))
    export = client.get(reverse("enterprises:list") + "?export=xlsx")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    assert "no-store" in export["Cache-Control"]
    figure = client.get(reverse("cockpit:explain", args=["park.output_ytd"]) + "?period=2023-08")
    assert figure.status_code == 200 and "no-store" in figure["Cache-Control"]


INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_handler_or_style():
    found = []
    for path in sorted((ROOT / "yuanqu").rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for m in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {what}: {m.group(0)[:60]}")
    assert not found, "\n".join(found)


def test_the_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):
    from yuanqu.core.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"  # no proxy: the header is the client's word
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "10.1.2.3"  # the entry the proxy appended, not the one the client wrote


# --- error pages --------------------------------------------------------------------------------

def test_a_404_is_in_chinese_and_lists_no_urls(client):
    page = client.get("/no-such-page/")
    text = page.content.decode()
    assert page.status_code == 404 and "页面不存在" in text
    assert "URLconf" not in text and "admin/" not in text and "enterprises/" not in text


@override_settings(ROOT_URLCONF=TEST_URLS)
def test_a_403_is_in_chinese(client):
    client.force_login(User.objects.create_user(username="leader", role=User.Role.LEADER))
    page = client.get("/test-forbidden/")
    assert page.status_code == 403 and "无权访问" in page.content.decode()


@override_settings(ROOT_URLCONF=TEST_URLS)
def test_a_500_is_in_chinese_without_traceback_or_settings(client):
    client.raise_request_exception = False
    page = client.get("/test-broken/")
    text = page.content.decode()
    assert page.status_code == 500 and "系统出错" in text
    assert "Traceback" not in text and "secret-detail" not in text and "SECRET_KEY" not in text


def test_a_csrf_failure_is_in_chinese():
    from django.test import Client

    page = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert page.status_code == 403 and "页面已过期" in page.content.decode()


def test_the_500_page_renders_without_a_request_or_a_database():
    from django.template import loader

    assert "系统出错" in loader.get_template("500.html").render()  # as django.views.defaults.server_error does


# --- the favicon --------------------------------------------------------------------------------

def test_the_favicon_is_served_and_linked(client):
    assert finders.find("core/favicon.ico")
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"] == settings.STATIC_URL + "core/favicon.ico"
    link = f'<link rel="icon" href="{settings.STATIC_URL}core/favicon.ico">'
    assert link in client.get(reverse("admin:login")).content.decode()
    assert link in client.get(reverse("login")).content.decode()


# --- request bodies ------------------------------------------------------------------------------

def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client):
    too_big = (settings.YUANQU_MAX_REQUEST_MB + 1) * 1024 * 1024
    page = client.post(reverse("login"), {"username": "x"}, CONTENT_LENGTH=str(too_big))
    assert page.status_code == 413 and "超过了 60 MB 的上限" in page.content.decode()


def test_form_fields_over_the_memory_limit_are_refused_in_chinese(client):
    page = client.post(reverse("login"), {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert page.status_code == 400 and "请求有误" in page.content.decode()
