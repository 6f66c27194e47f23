"""The login page's answer to a locked-out user name (django-axes calls `locked_out`)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (f"登录失败次数过多（连续{settings.AXES_FAILURE_LIMIT}次），该账号或本机地址已锁定{minutes}分钟，请稍后再试；"
            "如需提前解锁，请联系系统管理员。")


def locked_out(request, original_response=None, credentials=None):
    """The login form again, with the lockout message in Chinese (HTTP 429)."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})  # not re-checked
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
