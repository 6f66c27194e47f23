"""Hand-written aggregate SQL for the engine's widest queries (the county set must take < 100 ms).

Building an ORM aggregate with dozens of filtered expressions costs tens of milliseconds in
Django before the database sees it; the same statement written here costs nothing to build.
Only the aggregation is written by hand: the rows it aggregates are chosen by ORM querysets
(scope filters and `visible()`), compiled and embedded as `IN (subquery)` or, for the table the
statement is about, as a derived table joined directly (`derived_table`).

Portable SQL only (SQLite ≥ 3.30 and PostgreSQL): CASE WHEN instead of FILTER, named columns
from the models' metadata, parameters through Django's cursor.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal

from django.db import connection
from django.db.models import F

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


def derived_table(queryset, **columns) -> tuple[str, tuple]:
    """SQL and parameters of `queryset` as a derived table selecting `columns` (name → field path),
    to join directly instead of filtering another copy of the table with `IN (subquery)` (PostgreSQL
    cannot drop that self semi-join). Should the queryset's filters join other tables (which could
    repeat a row), it is made DISTINCT, so the rows stay those of the queryset, each once."""
    qs = queryset.order_by().values(**{f"d_{name}": F(path) for name, path in columns.items()})
    query = qs.query
    if any(query.alias_refcount[alias] for alias in query.alias_map if alias != query.base_table):
        qs = qs.distinct()
    inner, params = qs.query.sql_with_params()
    names = ", ".join(f"d.{quote('d_' + name)} AS {quote(name)}" for name in columns)
    return f"(SELECT {names} FROM ({inner}) d)", tuple(params)


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
    """A list of aggregate columns: `sum`, `count`, each optionally under a condition (CASE WHEN);
    and values derived from them after conversion (`derive`), exact Python arithmetic on the
    converted values."""

    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (alias, sql, kind)
    derived: dict = field(default_factory=dict)  # alias → function of the converted row

    def derive(self, alias: str, func) -> "Select":
        self.derived[alias] = func
        return self

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
        f"{name}__{alias}". One pass gives both the breakdown and the totals (the totals are the
        same on every row: `split_totals` reads them from the first).
        """
        out = Select(list(self.columns), dict(self.derived))
        for name, when in groups.items():
            for alias, expr, kind in self.columns:
                inner = f"CASE WHEN {when} THEN {expr} END" if when else expr
                out.columns.append((f"{name}__{alias}", f"SUM({inner}) OVER ()", kind))
        return out

    def split_totals(self, rows, names, keys: int = 1) -> tuple[list["Row"], dict[str, dict]]:
        """Rows of a `with_totals(names)` statement (`self` is the select before `with_totals`): each
        group's own columns (group keys as key0…, converted when read), and per name the totals."""
        n, positions = len(self.columns), self.positions()
        groups = [Row(row[keys:keys + n], positions, {f"key{i}": row[i] for i in range(keys)}, self.derived)
                  for row in rows]
        totals = {}
        for j, name in enumerate(names):
            start = keys + n * (j + 1)
            totals[name] = self.convert(rows[0][start:start + n]) if rows else self.empty()
        return groups, totals

    def empty(self) -> dict:
        """What the aggregates give over no rows (counts 0, sums NULL)."""
        return self.convert([None] * len(self.columns))

    def sql(self) -> str:
        return ", ".join(f"{expr} AS {connection.ops.quote_name(alias)}" for alias, expr, _ in self.columns)

    def convert(self, row) -> dict:
        out = {alias: convert(kind, value) for (alias, _, kind), value in zip(self.columns, row)}
        for alias, func in self.derived.items():
            out[alias] = func(out)
        return out

    def positions(self) -> dict[str, tuple[int, str]]:
        """alias → (column index, kind)."""
        return {alias: (i, kind) for i, (alias, _, kind) in enumerate(self.columns)}


def convert(kind: str, value):
    """A database value of an aggregate column as Python: money → Decimal, int → int (0 for NULL)."""
    if kind == "money":
        return money(value)
    if kind == "int":
        return integer(value)
    if kind == "intsum":
        return None if value is None else int(value)
    return value


class Row(Mapping):
    """One result row as a read-only mapping whose columns are converted when first read (a grouped
    statement's rows are many; a figure reads a few of their columns)."""

    __slots__ = ("_raw", "_positions", "_values", "_derived")

    def __init__(self, raw, positions: dict[str, tuple[int, str]], values: dict | None = None,
                 derived: dict | None = None):
        self._raw, self._positions, self._values = raw, positions, dict(values or {})
        self._derived = derived or {}

    def __getitem__(self, alias):
        try:
            return self._values[alias]
        except KeyError:
            if alias in self._positions:
                index, kind = self._positions[alias]
                value = convert(kind, self._raw[index])
            else:
                value = self._derived[alias](self)
            self._values[alias] = value
            return value

    def _names(self) -> list:
        names = [*self._positions, *self._derived]
        return names + [k for k in self._values if k not in self._positions and k not in self._derived]

    def __iter__(self):
        yield from self._names()

    def __len__(self):
        return len(self._names())


def fetch_rows(sql: str, params) -> list[tuple]:
    """The raw rows of `sql` (convert the columns you use with `Select.convert`)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def fetch(sql: str, params, select: Select, keys: int = 0) -> list[dict]:
    """Run `sql` whose first `keys` columns are group keys followed by `select`'s columns."""
    rows = fetch_rows(sql, params)
    out = []
    for row in rows:
        item = select.convert(row[keys:])
        for i in range(keys):
            item[f"key{i}"] = row[i]
        out.append(item)
    return out
