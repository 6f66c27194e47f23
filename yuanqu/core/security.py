"""Hardening that every request and every start goes through (README "Security settings").

    check_secret_key        system check: debug off with the published key is an error (runserver, migrate …)
    refuse_insecure_start   the same rule for the WSGI server (yuanqu/wsgi.py), which runs no system checks
    RequestSizeLimit        a request body over YUANQU_MAX_REQUEST_MB is refused before it is read
    IdleSession             a signed-in session's expiry moves forward while it is used
    NoStoreWhenSignedIn     pages for a signed-in user and downloads are never cached
    client_ip               the address a request came from (login throttling)
"""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def insecure_key_message() -> str:
    """Why this configuration may not start, or "" when it may."""
    if settings.DEBUG or settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return ""
    return ("生产环境（未设置 YUANQU_DEBUG=1）不能使用公开的开发密钥：请在环境变量 YUANQU_SECRET_KEY 中设置"
            "一个随机密钥（至少50个字符），例如用 python -c \"import secrets; print(secrets.token_urlsafe(50))\" 生成。")


@checks.register(checks.Tags.security)
def check_secret_key(app_configs=None, **kwargs):
    message = insecure_key_message()
    return [checks.Error(message, id="yuanqu.E001")] if message else []


def refuse_insecure_start() -> None:
    message = insecure_key_message()
    if message:
        raise ImproperlyConfigured(message)


class RequestSizeLimit:
    """Refuse a body larger than YUANQU_MAX_REQUEST_MB (by its Content-Length) with a Chinese page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_mb = settings.YUANQU_MAX_REQUEST_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit_mb * 1024 * 1024:
            return render(request, "413.html", {"limit_mb": limit_mb, "size_mb": round(length / 1024 / 1024, 1)},
                          status=413)
        return self.get_response(request)


SEEN = "_seen"  # when IdleSession last moved the session's expiry forward


class IdleSession:
    """SESSION_COOKIE_AGE is the idle timeout: a signed-in session is saved again (and so expires later) when
    it is used, at most once a minute, so that reading pages does not write the session row every time."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SEEN, 0) >= self.REFRESH_SECONDS:
                request.session[SEEN] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _fresh_session(sender, request, user, **kwargs):
    """A login saves the session: it starts its idle time now."""
    request.session[SEEN] = int(time.time())


class NoStoreWhenSignedIn:
    """Confidential pages: whatever a signed-in user is shown, and every download, is not kept by a cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response


def client_ip(request) -> str | None:
    """The client's address: the peer's, or behind the one reverse proxy (YUANQU_BEHIND_PROXY) the address
    that proxy appended to X-Forwarded-For (entries before it are the client's word, never trusted)."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
