"""The one place every read goes through, so that role rules can filter it.

Views, reports, the API and the figure engine ask `visible(queryset, user)` for rows.
Until roles land (see the roles issue) every authenticated user sees everything in the
county; a `None` user means a system context (CLI, background job) and sees everything.
"""
from __future__ import annotations


def visible(queryset, user=None):
    """Rows of `queryset` that `user` may see. The single hook for role filtering."""
    return queryset
