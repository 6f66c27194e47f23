"""Hand-written aggregate SQL for the engine's widest queries (the county set must take < 100 ms).

Building an ORM aggregate with dozens of filtered expressions costs tens of milliseconds in
Django before the database sees it; the same statement written here costs nothing to build.
Only the aggregation is written by hand: the rows it aggregates are chosen by ORM querysets
(scope filters and `visible()`), compiled and embedded as `IN (subquery)` or, for the table the
statement is about, as a derived table joined directly (`derived_table`).

Portable SQL only (SQLite ≥ 3.30 and PostgreSQL): CASE WHEN instead of FILTER, named columns
from the models' metadata, parameters through Django's cursor.

Prepared statements: building and compiling a queryset costs far more than running it on a
county's rows, and it gives the same SQL on every computation of the same scope and period. A
builder decorated with `@prepared` returns its statements (`Statement.of(queryset)`, or any SQL
text and parameters) once per process and arguments; every computation still runs them on the
data as it is. A builder must depend only on its arguments (scopes, periods, data it was given),
never on rows it reads itself; the cache is emptied when settings change (rules are settings).
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import F, IntegerField, Model, Value

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


# --- prepared statements ----------------------------------------------------------------------

_PREPARED: dict[tuple, object] = {}
_PREPARED_LIMIT = 5000  # builder results kept per process; the oldest tenth goes when full
_PREPARED_LOCK = threading.Lock()


def cache_key(value):
    """A hashable key for a builder argument. Model instances count by label and primary key (a
    region also by level, which decides the shape of its statements); scopes by their parts."""
    from .scope import Scope

    if isinstance(value, Scope):
        return ("scope", value.kind, cache_key(value.region), cache_key(value.park), cache_key(value.chain))
    if isinstance(value, Model):
        return (value._meta.label, value.pk, getattr(value, "level", None))
    if isinstance(value, (list, tuple)):
        return tuple(cache_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, cache_key(v)) for k, v in value.items()))
    return value


def prepared(func):
    """Keep what `func(*args)` builds (statements, not results) for the life of the process, per
    database vendor and arguments. See the module's docstring for what a builder may depend on."""
    @functools.wraps(func)
    def wrapper(*args):
        key = (func.__module__, func.__qualname__, connection.vendor, cache_key(args))
        try:
            return _PREPARED[key]
        except KeyError:
            pass
        built = func(*args)
        with _PREPARED_LOCK:
            if len(_PREPARED) >= _PREPARED_LIMIT:
                for old in list(_PREPARED)[:_PREPARED_LIMIT // 10]:
                    del _PREPARED[old]
            _PREPARED[key] = built
        return built
    return wrapper


def clear_prepared(**kwargs) -> None:
    with _PREPARED_LOCK:
        _PREPARED.clear()


setting_changed.connect(clear_prepared, dispatch_uid="yuanqu.figures.sql.clear_prepared")


@dataclass(frozen=True)
class Statement:
    """A compiled `values()` queryset: its SQL, parameters, column names and the database
    converters Django would apply (dates from SQLite text, Decimal scale, JSON …). Running it costs
    the query alone. `sql` None: the queryset can match no row (e.g. `pk__in=[]`)."""

    sql: str | None
    params: tuple
    names: tuple[str, ...]
    converters: tuple = ()  # ((column index, converter functions, expression), …)
    empty: tuple | None = None  # an aggregate's row over no rows (COUNT 0, SUM NULL)

    @classmethod
    def of(cls, queryset) -> "Statement":
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        try:
            text, params = compiler.as_sql()
        except EmptyResultSet:
            return cls(None, (), names)
        fields = [s[0] for s in compiler.select[:compiler.col_count]]
        converters = tuple((i, tuple(funcs), expr) for i, (funcs, expr) in compiler.get_converters(fields).items())
        return cls(text, tuple(params), names, converters)

    @classmethod
    def aggregate(cls, queryset, **aggregates) -> "Statement":
        """The statement of `queryset.aggregate(**aggregates)`: one row, also over no rows (an
        aggregate over a constant grouping key has no GROUP BY)."""
        one = queryset.order_by().annotate(_one=Value(1, output_field=IntegerField())).values("_one")
        statement = cls.of(one.annotate(**aggregates).values(*aggregates))
        empty = tuple(getattr(a, "empty_result_set_value", None) for a in aggregates.values())
        return cls(statement.sql, statement.params, statement.names, statement.converters, empty)

    def tuples(self) -> list[tuple]:
        if self.sql is None:
            return []
        rows = fetch_rows(self.sql, self.params)
        if not self.converters:
            return rows
        out = []
        for row in rows:
            row = list(row)
            for i, funcs, expression in self.converters:
                value = row[i]
                for func in funcs:
                    value = func(value, expression, connection)
                row[i] = value
            out.append(tuple(row))
        return out

    def dicts(self) -> list[dict]:
        names = self.names
        return [dict(zip(names, row)) for row in self.tuples()]

    def one(self) -> dict:
        """The single row of an aggregate statement (counts 0 and sums None when it can match nothing)."""
        rows = self.dicts()
        return rows[0] if rows else dict(zip(self.names, self.empty or (None,) * len(self.names)))

    def flat(self) -> list:
        return [row[0] for row in self.tuples()]
