"""Rules that vary by place (settings.YUANQU_RULES, DOMAIN.md defaults) and shared date helpers."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def rule(name: str):
    try:
        return settings.YUANQU_RULES[name]
    except KeyError:
        raise ImproperlyConfigured(f"settings.YUANQU_RULES 缺少规则“{name}”") from None


def decimal_rule(name: str) -> Decimal:
    return Decimal(str(rule(name)))


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (negative when later is before)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day and not _is_month_end(later):
        months -= 1
    return months


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)

