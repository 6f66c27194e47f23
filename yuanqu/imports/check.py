"""Stage 6, check: the kind's own rules about its rows, with the database in view (a cumulative
value lower than last month's, an outlier to confirm, a let area above the floor area …).

Checks see the diff: each change's new values, its stored row (`Change.final`) and its status.
A check adds errors (nothing is written) or warnings (written only once confirmed). The rules
several kinds share are built here.
"""
from __future__ import annotations

from . import values as V
from .run import Run


def check(run: Run) -> None:
    run.kind.check(run)


def to_check(run: Run, model: str) -> list:
    """The changes of `model` a check looks at: of rows without error, and not unchanged."""
    return [c for c in run.changes_of(model) if c.row.ok and c.status != "unchanged"]


def not_greater(run: Run, model: str, small: str, big: str, small_label: str, big_label: str, col: str) -> None:
    """`small` ≤ `big` on each row as it will be after the import (developed ≤ area, let ≤ floor)."""
    for change in run.changes_of(model):
        a, b = change.final(small), change.final(big)
        if a is not None and b is not None and a > b and change.row.ok:
            run.error(f"{small_label}{V.shown(a)}大于{big_label}{V.shown(b)}，应不大于{big_label}", change.row,
                      run.col_if_present(col), code="consistency")


def dates_ordered(run: Run, model: str, first: str, second: str, first_label: str, second_label: str,
                  col: str) -> None:
    """`second` not before `first` on each row as it will be after the import."""
    for change in run.changes_of(model):
        a, b = change.final(first), change.final(second)
        if a and b and b < a and change.row.ok:
            run.error(f"{second_label}{b.isoformat()}早于{first_label}{a.isoformat()}，应不早于{first_label}",
                      change.row, run.col_if_present(col), code="consistency")

