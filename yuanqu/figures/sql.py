"""Hand-written aggregate SQL for the engine's widest queries (the county set must take < 100 ms).

Building an ORM aggregate with dozens of filtered expressions costs tens of milliseconds in
Django before the database sees it; the same statement written here costs nothing to build.
Only the aggregation is written by hand: the rows it aggregates are chosen by ORM querysets
(scope filters and `visible()`), compiled and embedded as `IN (subquery)`.

Portable SQL only (SQLite ≥ 3.30 and PostgreSQL): CASE WHEN instead of FILTER, named columns
from the models' metadata, parameters through Django's cursor.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Context, Decimal

from django.db import connection

_CTX = Context(prec=28)
CENT = Decimal("0.01")


@functools.lru_cache(maxsize=None)
def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.lru_cache(maxsize=None)
def column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def subquery(queryset) -> tuple[str, tuple]:
    """SQL and parameters of a queryset of ids (e.g. `qs.values("pk")`) to embed as `IN (…)`."""
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, tuple(params)


def date_param(day):
    return connection.ops.adapt_datefield_value(day)


def money(value) -> Decimal | None:
    """A summed DECIMAL(…, 2) column as an exact Decimal (SQLite returns float or int)."""
    if value is None:
        return None
    if isinstance(value, float):
        return _CTX.create_decimal(repr(value)).quantize(CENT)
    return Decimal(value).quantize(CENT)


def integer(value) -> int:
    return 0 if value is None else int(value)


@dataclass
class Select:
    """A list of aggregate columns: `sum`, `count`, each optionally under a condition (CASE WHEN)."""

    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (alias, sql, kind)

    def sum(self, alias: str, expr: str, when: str | None = None, kind: str = "money") -> "Select":
        body = f"CASE WHEN {when} THEN {expr} END" if when else expr
        self.columns.append((alias, f"SUM({body})", kind))
        return self

    def count(self, alias: str, expr: str = "*", when: str | None = None) -> "Select":
        if when:
            expr = f"CASE WHEN {when} THEN 1 END"
        self.columns.append((alias, f"COUNT({expr})", "int"))
        return self

    def raw(self, alias: str, sql: str, kind: str = "raw") -> "Select":
        self.columns.append((alias, sql, kind))
        return self

    def with_totals(self, groups: dict[str, str | None]) -> "Select":
        """These grouped aggregates plus, per named subset, their total over all groups as a window sum.

        groups: name → condition on the group key (None = every group); the totals are named
        f"{name}__{alias}". One pass gives both the breakdown and the totals.
        """
        out = Select(list(self.columns))
        for name, when in groups.items():
            for alias, expr, kind in self.columns:
                inner = f"CASE WHEN {when} THEN {expr} END" if when else expr
                out.columns.append((f"{name}__{alias}", f"SUM({inner}) OVER ()", kind))
        return out

    def empty(self) -> dict:
        """What the aggregates give over no rows (counts 0, sums NULL)."""
        return self.convert([None] * len(self.columns))

    def sql(self) -> str:
        return ", ".join(f"{expr} AS {connection.ops.quote_name(alias)}" for alias, expr, _ in self.columns)

    def convert(self, row) -> dict:
        out = {}
        for (alias, _, kind), value in zip(self.columns, row):
            if kind == "money":
                value = money(value)
            elif kind == "int":
                value = integer(value)
            elif kind == "intsum":
                value = None if value is None else int(value)
            out[alias] = value
        return out


def fetch(sql: str, params, select: Select, keys: int = 0) -> list[dict]:
    """Run `sql` whose first `keys` columns are group keys followed by `select`'s columns."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    out = []
    for row in rows:
        item = select.convert(row[keys:])
        for i in range(keys):
            item[f"key{i}"] = row[i]
        out.append(item)
    return out
