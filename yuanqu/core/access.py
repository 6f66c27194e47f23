"""The one place every read goes through, so that role rules can filter it; and which county a
request is about.

Views, reports, the API and the figure engine ask `visible(queryset, user)` for rows.
Until roles land (see the roles issue) every authenticated user sees everything in the
county; a `None` user means a system context (CLI, background job) and sees everything.

`county_for(user)` is the region a user's pages are about. The rule is org's
(`yuanqu.org.selectors.county_for`); core imports no domain app, so org hands it over when the
apps are ready (`OrgConfig.ready` → `register_county_finder`).
"""
from __future__ import annotations


class NoCounty(ValueError):
    """No county to show a page about (message in Chinese)."""


def visible(queryset, user=None):
    """Rows of `queryset` that `user` may see. The single hook for role filtering."""
    return queryset


_county_finder = None


def register_county_finder(finder) -> None:
    """`finder(user)` → the Region a user's pages are about; raises NoCounty when there is none."""
    global _county_finder
    _county_finder = finder


def county_for(user=None):
    """The region `user`'s pages are about (None user: the installation's county); raises NoCounty."""
    if _county_finder is None:
        raise NoCounty("尚未加载行政区规则（yuanqu.org 未安装）")
    return _county_finder(user)


# Roles whose users record data in the working pages (stage changes, progress, ticket moves,
# profile edits). Leaders and enterprise users read. The roles issue may refine this per row.
EDITOR_ROLES = {"park_staff", "department", "commissioner", "admin"}
ADMIN_ROLE = "admin"


def may_edit(user, obj=None) -> bool:
    """Whether `user` may change `obj` (or rows of its kind) through the working pages."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or getattr(user, "role", None) in EDITOR_ROLES)


def is_admin(user) -> bool:
    """System administrators (superusers and the 系统管理员 role) set up the county: 系统设置."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or getattr(user, "role", None) == ADMIN_ROLE)
