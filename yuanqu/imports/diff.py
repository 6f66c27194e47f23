"""Stage 5, diff: each data row → the values of each target's fields, and how they differ from
what is stored.

For each target in order (skipped when its `when` columns are all missing): every row without
an error gets a Change holding its key and values — each field's source, then what the model
field stores (a decimal rounded half up to its places, text within its length, an empty cell as
the field's empty value) — and, compared with the stored row of that key, a status: new,
changed (each changed field's old and new value) or unchanged — or removed: a row whose
`Target.present_if` column says 否 holds none, and the stored row of its key goes. The stored rows of a target are
read in a few queries: filtered on the key fields with few distinct values in the file (year,
month), else on the other key field in chunks.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.apps import apps
from django.db import models

from yuanqu.core import db

from . import links
from . import values as V
from .kind import SKIP, Obj, RowProblem, Target
from .run import Row, Run

EMPTY = (None, "")
FEW_KEY_VALUES = 500  # a key field with at most this many distinct values in the file is filtered on
CHUNK = 900  # values in one IN (…) of the other key field


class Pending:
    """The pk of a row this import creates (known once it is written)."""

    __slots__ = ("change",)

    def __init__(self, change):
        self.change = change


class Change:
    __slots__ = ("target", "row", "key", "values", "pk", "old", "changed", "status")

    def __init__(self, target: Target, row: Row, key: tuple, values: dict):
        self.target, self.row, self.key, self.values = target, row, key, values
        self.pk = None
        self.old: dict | None = None  # the stored row (attname → value), None for a new one
        self.changed: dict[str, tuple] = {}  # attname → (old, new)
        self.status = "new"  # new, changed or unchanged

    def final(self, att: str):
        """The value the row will hold after the import: the new one, else the stored one."""
        return self.values[att] if att in self.values else (self.old or {}).get(att)


def diff(run: Run) -> None:
    rounded: dict[str, int] = {}  # column → values rounded to the field's places
    for ti, target in enumerate(run.kind.targets):
        if target.when and not any(run.has(c) for c in target.when):
            continue
        model = apps.get_model(target.model)
        rows = [row for row in run.rows if row.ok]
        values, failed = _values(run, target, model, rows, rounded)
        changes = []
        for i, (row, vals) in enumerate(zip(rows, values)):
            if i in failed:
                run.error(failed[i].text, row, failed[i].col, code=failed[i].code)
                continue
            change = Change(target, row, tuple(vals.get(k) for k in target.key), vals)
            if target.present_if and row.v.get(target.present_if) is False:
                change.status = "removed"
            else:
                row.objs[ti] = change
            changes.append(change)
        _compare(run, target, model, [c for c in changes if c.status != "removed"])
        run.changes[ti] = [c for c in changes if c.status != "removed"] + _removed(target, model, changes)
        run.progress("比对", ti + 1, len(run.kind.targets))
    links.diff(run)
    for name, n in sorted(rounded.items()):
        run.info(f"“{run.kind.header_of(run.kind.by_name[name])}”有{n}个值换算后超过两位小数，"
                 "已四舍五入到存储精度（两位小数）", col=name, code="rounded")


def _removed(target: Target, model, changes: list[Change]) -> list[Change]:
    """The rows said 否 (Target.present_if) whose key names a stored row: that row, to be removed."""
    absent = [c for c in changes if c.status == "removed" and _may_be_stored(target, c.key)]
    atts = list(dict.fromkeys(["pk", *(k for k in target.key if k not in ("pk", "id")), *target.fields]))
    stored = _stored(model, target.key, atts, [c.key for c in absent]) if absent else {}
    out = []
    for change in absent:
        old = stored.get(change.key)
        if old is not None:
            change.pk, change.old = old["pk"], old
            change.changed = {att: (old.get(att), None) for att in change.values if att != "pk"}
            out.append(change)
    return out


def counts(run: Run) -> dict[str, dict[str, int]]:
    """Per target written (by its label): how many rows are new, changed, unchanged, removed."""
    out = {}
    for ti, changes in run.changes.items():
        target = run.kind.targets[ti]
        c = {"new": 0, "changed": 0, "unchanged": 0, "removed": 0}
        for change in changes:
            c[change.status] += 1
        out[target.label or str(apps.get_model(target.model)._meta.verbose_name)] = c
    return {**out, **links.counts(run)}


def summary(done: dict) -> str:
    """"企业：新增1、修改2、未变3" per target (and 移出 when rows are removed)."""
    return "；".join(f"{k}：新增{v['new']}、修改{v['changed']}、未变{v['unchanged']}"
                    + (f"、移出{v['removed']}" if v["removed"] else "") for k, v in done.items())


def diff_lines(run: Run, limit: int | None = None) -> list[str]:
    """A line per new or changed row: "第8行 示例企业2：月度统计 工业总产值（本年1—本月） 5000.00 → 5200.00"."""
    lines = []
    for ti, changes in run.changes.items():
        target = run.kind.targets[ti]
        model = apps.get_model(target.model)
        label = target.label or str(model._meta.verbose_name)
        names = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
        for change in changes:
            if limit and len(lines) >= limit:
                return lines
            where = f"第{change.row.excel_row}行 {change.row.label or f'第{change.row.excel_row}行'}"
            if change.status == "new":
                lines.append(f"{where}：新增{label}")
            elif change.status == "removed":
                lines.append(f"{where}：移出{label}")
            elif change.status == "changed":
                parts = [f"{names.get(att, att)} {V.shown(old) or '（空）'} → "
                         + ("（新建）" if isinstance(new, Pending) else V.shown(new) or "（空）")
                         for att, (old, new) in change.changed.items() if att not in ("batch_id", "written_by_id")]
                lines.append(f"{where}：{label} " + "；".join(parts))
    return (lines + links.lines(run))[:limit]


# --------------------------------------------------------------------------- values

def _values(run: Run, target: Target, model, rows: list[Row], rounded: dict) -> tuple[list[dict], dict]:
    """Each row's values of the target's fields, made a field at a time over the rows (a field the file
    gives nothing for is left alone), and {row position: its first problem} of the rows that have one."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    failed: dict[int, RowProblem] = {}
    columns = {}
    for att, src in target.fields.items():
        sources = _sources(run, rows, src, failed)
        if sources is not None:
            column = src if isinstance(src, str) and src in run.kind.by_name else None
            columns[att] = _each(_storer(fields.get(att), column, rounded), sources, failed)
    values = [dict(zip(columns, row_values)) for row_values in zip(*columns.values())] if columns else \
        [{} for _ in rows]
    for att, column in columns.items():
        if any(v is SKIP for v in column):  # the field is left alone in these rows
            for row_values in values:
                if row_values[att] is SKIP:
                    del row_values[att]
    return values, failed


def _sources(run: Run, rows: list[Row], src, failed: dict) -> list | None:
    """A field's source value in each row, or None when the file gives none (the field is left alone)."""
    if isinstance(src, Obj):
        return [_pk_of(row.objs.get(src.target)) for row in rows]
    if callable(src):
        return _each(lambda row: src(row, run), rows, failed)
    if src in run.kind.ref_by_name:
        present = any(run.has(c) for c in run.kind.ref_by_name[src].columns)
        return [row.refs.get(src) for row in rows] if present else None
    return [row.v.get(src) for row in rows] if run.has(src) else None


def _pk_of(change):
    """The pk of an earlier target's row: stored, to be created (Pending), or none (SKIP)."""
    return SKIP if change is None else change.pk if change.pk is not None else Pending(change)


def _each(fn, values: list, failed: dict) -> list:
    """fn of each value; where it raises RowProblem, SKIP (and the row's first problem in `failed`)."""
    if fn is None:
        return values
    try:
        return [fn(v) for v in values]
    except RowProblem:
        pass
    out = []
    for i, v in enumerate(values):
        try:
            out.append(fn(v))
        except RowProblem as p:
            failed.setdefault(i, p)
            out.append(SKIP)
    return out


def _storer(field: models.Field | None, column: str | None, rounded: dict):
    """value → what `field` stores (SKIP: leave the field alone), or None to store values as they are.
    Raises RowProblem with what was expected."""
    if field is None:
        return None
    if field.null:
        empty = None
    elif isinstance(field, (models.CharField, models.TextField)):
        empty = ""
    elif field.has_default():
        empty = SKIP
    else:
        empty = RowProblem(f"不能为空，应填写{field.verbose_name}", column, "required")
    if isinstance(field, models.DecimalField):
        check = _decimal(field, column, rounded)
    elif isinstance(field, models.CharField):
        check = _text(field.max_length, column)
    elif isinstance(field, (models.PositiveIntegerField, models.PositiveSmallIntegerField,
                            models.PositiveBigIntegerField)):
        check = _not_negative(column)
    else:
        check = None

    def store(value):
        if value is None:
            if isinstance(empty, RowProblem):
                raise empty
            return empty
        return check(value) if check and value is not SKIP else value

    return store if check or empty is not None else None


def _decimal(field: models.DecimalField, column: str | None, rounded: dict):
    """A decimal rounded half up to the field's places (counted in `rounded`), within its digits."""
    places = Decimal(1).scaleb(-field.decimal_places)
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)

    def check(value):
        try:
            stored = value.quantize(places, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than the context holds: far too large
            stored = limit
        if not -limit < stored < limit:
            raise RowProblem(f"数值{format(value, 'f')}过大，应小于{limit}", column, "value")
        if stored != value and column:
            rounded[column] = rounded.get(column, 0) + 1
        return stored

    return check


def _text(max_length: int, column: str | None):
    def check(value):
        if isinstance(value, str) and len(value) > max_length:
            raise RowProblem(f"内容过长（{len(value)}个字），应不超过{max_length}个字", column, "value")
        return value

    return check


def _not_negative(column: str | None):
    def check(value):
        if isinstance(value, int) and value < 0:
            raise RowProblem("不能为负数", column, "value")
        return value

    return check


# --------------------------------------------------------------------------- the stored rows

def _compare(run: Run, target: Target, model, changes: list[Change]) -> None:
    """Find each change's stored row and set its status (and, for a new row, its defaults)."""
    atts = list(dict.fromkeys(["pk", *(k for k in target.key if k not in ("pk", "id")), *target.fields]))
    keys = [c.key for c in changes]
    if any(att in ("pk", "id") or isinstance(target.fields.get(att), Obj) for att in target.key):
        keys = [k for k in keys if _may_be_stored(target, k)]  # not a row still to be created, nor no pk
    stored = _stored(model, target.key, atts, keys) if keys else {}
    for change in changes:
        old = stored.get(change.key)
        if old is None:
            _new(run, target, model, change)
            continue
        change.pk, change.old = old["pk"], old
        if not target.update:
            change.status = "unchanged"
            continue
        for att, new in change.values.items():
            was = old.get(att)
            if was != new and not (was in EMPTY and new in EMPTY) and att != "pk":  # None and "" are the same
                change.changed[att] = (was, new)
        change.status = "changed" if change.changed else "unchanged"


def _new(run: Run, target: Target, model, change: Change) -> None:
    label = target.label or model._meta.verbose_name
    row = change.row
    if not target.create:
        run.error(f"找不到要更新的{label}", row, code="not_found")
        return
    missing = [c for c in target.require_on_create if row.v.get(c) in (None, "")]
    if missing:
        cols = "、".join(f"“{run.kind.by_name[c].label}”" for c in missing)
        run.error(f"新建{label}须填写{cols}", row, missing[0], code="required")
        return
    try:
        for att, src in target.defaults.items():
            value = src(row, run) if callable(src) else src
            if att not in change.values and value is not SKIP:
                change.values[att] = value
    except RowProblem as p:
        run.error(p.text, row, p.col, code=p.code)


def _may_be_stored(target: Target, key: tuple) -> bool:
    """A key names no stored row when it holds a row still to be created, or no pk for a pk key."""
    return not any(isinstance(k, Pending) or (k is None and att in ("pk", "id")) for att, k in zip(target.key, key))


def _stored(model, key: tuple[str, ...], atts: list[str], keys: list[tuple]) -> dict[tuple, dict]:
    """{key: the stored row (attname → value)} of the rows with one of `keys` (and maybe others)."""
    key_atts = ["pk" if k in ("pk", "id") else k for k in key]
    distinct = {k: {t[i] for t in keys} for i, k in enumerate(key_atts)}
    few = {k: vals for k, vals in distinct.items() if len(vals) <= FEW_KEY_VALUES}
    rows = model.objects.order_by()
    for k, vals in few.items():
        q = models.Q(**{f"{k}__in": [v for v in vals if v is not None]})
        rows = rows.filter(q | models.Q(**{f"{k}__isnull": True}) if None in vals else q)
    querysets = [rows]
    if not few:  # filter on the key field with the most values, a chunk at a time
        many = max(key_atts, key=lambda k: len(distinct[k]))
        values = list(distinct[many])
        querysets = [rows.filter(**{f"{many}__in": values[i:i + CHUNK]}) for i in range(0, len(values), CHUNK)]
    out = {}
    for qs in querysets:
        for stored in db.values(qs, atts):
            row = dict(zip(atts, stored))
            out[tuple(row[k] for k in key_atts)] = row
    return out

