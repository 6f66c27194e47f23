"""Writes of accounts: a county's users — create, change role and attachment, deactivate, reset password.

Used by the 系统设置 page; refusals are ValidationErrors with Chinese messages keyed by field.
"""
from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from yuanqu.org.services import of_county

from .models import User

USER_FIELDS = ("display_name", "title", "phone", "role", "park", "department", "enterprise")
# The attachment a role needs: 园区工作人员 a park, 部门 a department, 企业 an enterprise.
NEEDS = {User.Role.PARK_STAFF: ("park", "所属园区"), User.Role.DEPARTMENT: ("department", "所属部门"),
         User.Role.ENTERPRISE: ("enterprise", "所属企业")}


# Roles that read a higher region: their user's region is of that level (set up by a superuser).
REGION_LEVELS = {User.Role.CITY: "city", User.Role.PROVINCE: "province"}


def _check(user: User, county) -> dict:
    errors = of_county(user, county, ("park", "department", "enterprise"))
    need = NEEDS.get(user.role)
    if need and getattr(user, f"{need[0]}_id") is None and need[0] not in errors:
        errors[need[0]] = f"角色为“{user.get_role_display()}”时须选择{need[1]}"
    level = REGION_LEVELS.get(user.role)
    if level and getattr(user.region, "level", None) != level:
        errors["role"] = (f"角色“{user.get_role_display()}”的用户属于{user.get_role_display()}行政区，"
                          f"不能建在{county.name}；请由超级管理员在后台建立")
    return errors


def _staff_by_role(user: User) -> None:
    """The admin (数据维护) is for 系统管理员: staff follows the role (superusers stay staff)."""
    user.is_staff = user.is_superuser or user.role == User.Role.ADMIN


# Django 5.2's validators carry messages its zh-hans catalogue does not translate yet: ours, by code.
PASSWORD_MESSAGES = {
    "password_too_short": "密码太短：至少{min_length}个字符",
    "password_too_common": "密码过于常见，请换一个",
    "password_entirely_numeric": "密码不能全是数字",
    "password_too_similar": "密码与用户名或姓名太相近",
}


def username_problem(username: str) -> str:
    """Why a new user may not take `username` ("" when it may)."""
    username = (username or "").strip()
    if not username:
        return "用户名不能为空"
    if User.objects.filter(username__iexact=username).exists():
        return f"用户名“{username}”已被使用"
    return ""


def _password_errors(password: str, user: User) -> list[str]:
    """The settings' password rules (AUTH_PASSWORD_VALIDATORS) in Chinese."""
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        return [PASSWORD_MESSAGES[e.code].format(**(e.params or {})) if e.code in PASSWORD_MESSAGES
                else " ".join(e.messages) for e in exc.error_list]
    return []


def _superuser_guard(user: User, by: User | None, what: str) -> None:
    if user.is_superuser and by is not None and not by.is_superuser:
        raise ValidationError(f"只有超级管理员可以{what}超级管理员账号“{user.username}”")


def _assign(user: User, fields: dict) -> None:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)


@transaction.atomic
def user_create(*, county, username: str, password: str, **fields) -> User:
    """A login user of the county with a password of at least 8 characters."""
    username = (username or "").strip()
    user = User(username=username, region=county)
    _assign(user, fields)
    errors = _check(user, county)
    problem = username_problem(username)
    if problem:
        errors["username"] = problem
    problems = _password_errors(password, user)
    if problems:
        errors["password1"] = problems
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    _staff_by_role(user)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_update(user: User, *, county, by: User | None = None, **fields) -> User:
    """Change a user's name, contact, role and attachment (park, department, enterprise)."""
    if user.region_id != county.pk:
        raise ValidationError(f"用户“{user}”不属于{county.name}")
    _superuser_guard(user, by, "修改")
    _assign(user, fields)
    errors = _check(user, county)
    if errors:
        raise ValidationError(errors)
    _staff_by_role(user)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_set_active(user: User, active: bool, *, by: User) -> User:
    """Deactivate (the user can no longer log in; their records stay) or reactivate a user."""
    if not active and user.pk == by.pk:
        raise ValidationError("不能停用自己的账号")
    _superuser_guard(user, by, "停用或启用")
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def password_reset(user: User, password: str, *, by: User) -> User:
    """Set a new password (at least 8 characters) for a user."""
    _superuser_guard(user, by, "重置密码")
    problems = _password_errors(password, user)
    if problems:
        raise ValidationError({"password1": problems})
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
