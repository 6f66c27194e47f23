"""The one place every read goes through, so that role rules can filter it.

Views, reports, the API and the figure engine ask `visible(queryset, user)` for rows.
Until roles land (see the roles issue) every authenticated user sees everything in the
county; a `None` user means a system context (CLI, background job) and sees everything.
"""
from __future__ import annotations


def visible(queryset, user=None):
    """Rows of `queryset` that `user` may see. The single hook for role filtering."""
    return queryset


# Roles whose users record data in the working pages (stage changes, progress, ticket moves,
# profile edits). Leaders and enterprise users read. The roles issue may refine this per row.
EDITOR_ROLES = {"park_staff", "department", "commissioner", "admin"}


def may_edit(user, obj=None) -> bool:
    """Whether `user` may change `obj` (or rows of its kind) through the working pages."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or getattr(user, "role", None) in EDITOR_ROLES)
