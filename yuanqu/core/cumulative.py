"""A 1—N月 cumulative value never falls within a year (DOMAIN §1): the rule once.

Every writer of cumulative values applies it (the statistics and project imports, the project
progress form): a new value is compared with the nearest stored month before it and after it in
the same year, and may be neither below the one nor above the other.
"""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple, Sequence

from django.db.models import Max, Min

from .db import values
from .periods import Period


class Stored(NamedTuple):
    """A stored row of another month: the month and its values by field."""

    month: int
    values: dict


FEW = 900  # keys few enough to name in the query (more: every row of the months is read)


def neighbours(rows, *, key: str, fields: Sequence[str], year: int, month: int, keys=None) -> tuple[dict, dict]:
    """The nearest stored month before `month` and the nearest after it within `year`, per `key`
    (of `keys`, when given): ({key: Stored}, {key: Stored}). `rows`: a queryset of a model with
    `year` and `month` fields."""
    if keys is not None and len(set(keys)) <= FEW:
        rows = rows.filter(**{f"{key}__in": set(keys)})
    return (_nearest(rows.filter(year=year, month__lt=month), key, fields, Max),
            _nearest(rows.filter(year=year, month__gt=month), key, fields, Min))


def _nearest(rows, key: str, fields: Sequence[str], pick) -> dict:
    month_of = dict(rows.order_by().values(key).annotate(m=pick("month")).values_list(key, "m"))
    out = {}
    for month in set(month_of.values()):
        for k, *stored in values(rows.filter(month=month).order_by(), [key, *fields]):
            if month_of[k] == month:
                out[k] = Stored(month, dict(zip(fields, stored)))
    return out


def problems(values: dict, labels: dict[str, tuple[str, str]], *, year: int, month: int,
             before: Stored | None, after: Stored | None):
    """(field, why in Chinese) for each of `values` (field → its 1—`month`月 value of `year`) that breaks
    the rule against the stored months `before` and `after`; `labels`: field → (what it is, unit)."""
    low, high = before.values if before else {}, after.values if after else {}
    for field, (what, unit) in labels.items():
        value, floor, ceiling = values.get(field), low.get(field), high.get(field)
        if value is None:
            continue
        if floor is not None and value < floor:
            yield field, (f"{what}{_text(value)}{unit}低于库中{_when(year, month, before.month)}的累计值"
                          f"{_text(floor)}{unit}；累计值不能回落，应不小于{_text(floor)}{unit}")
        elif ceiling is not None and value > ceiling:
            yield field, (f"{what}{_text(value)}{unit}高于库中{_when(year, month, after.month)}的累计值"
                          f"{_text(ceiling)}{unit}；累计值不能回落，应不大于{_text(ceiling)}{unit}（或先核对以后月份的数据）")


def _when(year: int, month: int, other: int) -> str:
    label = Period(year, other).full_label
    if other == month - 1:
        return f"上月（{label}）"
    return f"下月（{label}）" if other == month + 1 else label


def _text(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)
