"""The value the engine hands out: a `Figure`, traceable to the rows it came from.

Values stay unrounded (Decimal, or int for counts); rounding happens only in `display()`
(ROUND_HALF_UP, see `format.py`). `None` means "no figure" and is shown as "—".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import format as fmt

HUNDRED = Decimal(100)


class RowRef:
    """The rows of one model a figure was computed from.

    `ids` may be given as a list or as a queryset of ids (`values_list("pk", flat=True)`); a
    queryset is read on first access, so computing a figure does not pay for tracing it.
    """

    __slots__ = ("model_label", "_ids", "_source")

    def __init__(self, model_label: str, ids):
        self.model_label = model_label
        if isinstance(ids, (list, tuple)):
            self._ids, self._source = list(ids), None
        else:
            self._ids, self._source = None, ids

    @classmethod
    def of(cls, queryset) -> "RowRef":
        """A reference to the rows of `queryset` (model label taken from it), read lazily."""
        return cls(queryset.model._meta.label, queryset)

    @classmethod
    def lazy(cls, model, build) -> "RowRef":
        """A reference to the rows of the queryset `build()` returns; built only when the ids are read."""
        return cls(model._meta.label, build)

    @property
    def ids(self) -> list:
        if self._ids is None:
            source = self._source() if callable(self._source) else self._source
            if hasattr(source, "values_list"):
                source = source.order_by("pk").values_list("pk", flat=True)
            self._ids = list(source)
            self._source = None
        return self._ids

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_label)

    def to_json(self) -> dict:
        return {"model": self.model_label, "ids": self.ids}

    def __eq__(self, other):
        return isinstance(other, RowRef) and (self.model_label, self.ids) == (other.model_label, other.ids)

    def __repr__(self):
        shown = self.ids if self._ids is not None else "…"
        return f"RowRef({self.model_label!r}, {shown})"


@dataclass
class Figure:
    key: str
    label: str
    value: Decimal | int | None
    unit: str
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    formula: str = ""
    rows: list[RowRef] = field(default_factory=list)
    detail: list[dict] = field(default_factory=list)
    note: str = ""
    derived: bool = False
    anomalies: list[str] = field(default_factory=list)
    # How to show the value: amount | count | growth | share | points | area | number.
    style: str = ""
    places: int | None = None

    def __post_init__(self):
        if not self.style:
            self.style = fmt.style_for_unit(self.unit)

    def display(self) -> str:
        """The value as a briefing writes it (DOMAIN §3), rounded half-up; "—" for no figure."""
        return fmt.display(self.value, self.unit, self.style, self.places)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "value": jsonable(self.value),
            "unit": self.unit,
            "numerator": jsonable(self.numerator),
            "denominator": jsonable(self.denominator),
            "formula": self.formula,
            "rows": [r.to_json() for r in self.rows],
            "display": self.display(),
            "note": self.note,
            "derived": self.derived,
            "anomalies": list(self.anomalies),
            "detail": jsonable(self.detail),
        }


def jsonable(value: Any):
    """Decimals and dates as strings (exact, unrounded); containers converted recursively."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


# --- arithmetic shared by every group: one rule each, here ---------------------------------

def dec(value) -> Decimal | None:
    """A database number as Decimal (None stays None)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(str(value))


def ratio(numerator, denominator, scale=HUNDRED) -> Decimal | None:
    """numerator ÷ denominator × scale, unrounded; None when the base is missing or ≤ 0 (DOMAIN §3)."""
    num, den = dec(numerator), dec(denominator)
    if num is None or den is None or den <= 0:
        return None
    return num / den * scale


def growth(current, previous) -> Decimal | None:
    """Growth % = (current ÷ previous − 1) × 100; None when the base is missing, zero or negative."""
    r = ratio(current, previous, Decimal(1))
    return None if r is None else (r - 1) * HUNDRED


def or_zero(value):
    return Decimal(0) if value is None else value
