"""The import framework: a declarative spec per kind, and one engine for all of them.

A `Spec` says what a kind's file holds and where it goes:
    columns  `Col`: a field read from the file (aliases in aliases.py, a parser from values.py)
    refs     `Ref`: a column (or several) that names another row: an enterprise by credit code
             or by exact name, a park by name, a project by code …
    targets  `Target`: a model written from each row, with its key and field mapping
             (create-or-update rules), in order: a later target can point at an earlier one's
             object with `Obj(i)` (the roster writes Enterprise, then RosterEntry).
    checks   functions that add errors or warnings with the database in view
             (a cumulative value lower than last month's, outliers …).

The engine (`Run`) does, for any spec:
    read → locate the table → period → parse every cell → 合计 check → resolve references
    → duplicates → build rows per target → diff against the database (a few queries) → checks
and, only when there is no error and every warning is confirmed, writes everything in one
transaction with bulk_create/bulk_update, sets `batch` on written rows, and records each changed
value in imports.Revision.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable

import numpy as np
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from yuanqu.core.periods import Period

from . import reading as R
from . import values as V
from .aliases import aliases_for

_json_string = json.encoder.encode_basestring  # a str → its JSON literal (quoted, escaped; UTF-8 kept)

ERROR, WARNING, INFO = "error", "warning", "info"
NoneType = type(None)
LEVEL_LABEL = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


# =========================================================================== declarations

class _Skip:
    def __repr__(self):
        return "SKIP"


SKIP = _Skip()  # a source returning SKIP leaves the field alone


@dataclass(frozen=True)
class Obj:
    """The pk of this row's object in an earlier target (by index)."""

    target: int


@dataclass(frozen=True)
class Col:
    name: str
    label: str
    parser: V.Parser
    required: bool = False  # the column must be in the file
    needed: bool = False  # when the column is there, each row must have a value
    group: str | None = None  # two-row header: group key (aliases in Spec.groups)
    role: str | None = None  # two-row header: role key (aliases in Spec.roles)
    sample: Any = None  # the template's sample value
    total: bool = True  # a number column checked against the 合计 row
    store: bool = True  # False: read and checked only (e.g. 本月 columns)
    template: bool = True  # shown in the blank template
    past: bool = False  # a date that must not be after today (an event that happened)

    @property
    def is_number(self) -> bool:
        return isinstance(self.parser, V.Number)


@dataclass(frozen=True)
class Ref:
    """A reference to an existing row, by one or more columns in priority order.

    by: ((column, (model fields …)), …): the first column is the primary key-like one (credit
    code, project code); later ones (names) are matched exactly (full-width, spaces ignored).
    missing: "error" (unknown → error), "create" (unknown → a target creates it), "keep" (None).
    strict: when the primary column is given but unknown while a later column matches, it is an
    error (a credit code that does not belong to the named firm).
    """

    name: str
    model: str
    by: tuple[tuple[str, tuple[str, ...]], ...]
    label: str
    required: bool = False
    missing: str = "error"
    strict: bool = True
    hint: str = ""  # appended to "unknown" messages, e.g. how to add the row


@dataclass(frozen=True)
class Target:
    model: str
    key: tuple[str, ...]
    fields: dict[str, Any]  # attname → column or ref name, Obj(i), or callable(row, run)
    defaults: dict[str, Any] = field(default_factory=dict)  # only when creating
    label: str = ""
    create: bool = True
    update: bool = True
    when: tuple[str, ...] = ()  # only when one of these columns is in the file
    require_on_create: tuple[str, ...] = ()  # columns that a new row must have a value in


@dataclass
class Spec:
    kind: str
    label: str  # 数据类别, e.g. 月度统计
    title: str  # the table's title in templates, e.g. 规模以上工业企业主要经济指标
    columns: list[Col]
    targets: list[Target]
    refs: list[Ref] = field(default_factory=list)
    row_key: tuple[str, ...] = ()  # names (refs or columns) that must be unique in the file
    row_label: tuple[str, ...] = ()  # columns naming a row in messages and diffs
    required_any: tuple[tuple[str, ...], ...] = ()  # at least one column of each group in the file
    period: str | None = None  # "month", "year" or None
    period_optional_if: tuple[str, ...] = ()  # the period is not needed when one of these columns is there
    groups: dict[str, list[str]] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    checks: list[Callable] = field(default_factory=list)
    # prefetch(run, read_done): while the file is read, fetch what validation will likely ask of the
    # database (Run.stored_rows, a check's own cache), stopping once read_done() is true
    prefetch: Callable | None = None
    note: str = ""  # what the kind imports, for templates and help
    creates_enterprises: bool = False

    def __post_init__(self):
        self.by_name = {c.name: c for c in self.columns}
        self.ref_by_name = {r.name: r for r in self.refs}
        self._index = None

    def aliases(self, col: Col) -> list[str]:
        return [col.label] + list(aliases_for(self.kind, col.name))

    @property
    def index(self) -> R.HeaderIndex:
        if self._index is None:
            idx = R.HeaderIndex()
            for g, als in self.groups.items():
                for a in als:
                    idx.groups.setdefault(R.alias_key(a), g)
            for r, als in self.roles.items():
                for a in als:
                    idx.roles.setdefault(R.alias_key(a), r)
            for c in self.columns:
                if c.group:
                    idx.pairs[(c.group, c.role)] = c.name
                    if c.role == "cum":  # "工业总产值" alone means this year's 1—本月 value
                        for a in self.groups.get(c.group, []):
                            idx.weak.setdefault(R.alias_key(a), c.name)
                    continue
                for a in self.aliases(c):
                    idx.singles.setdefault(R.alias_key(a), c.name)
            self._index = idx
        return self._index

    def header_of(self, col: Col) -> str:
        if col.group:
            return f"{self.groups[col.group][0]}（{self.roles[col.role][0]}）"
        return col.label


# =========================================================================== issues

@dataclass
class Issue:
    level: str
    text: str
    sheet: str | None = None
    row: int | None = None  # Excel row number, from 1
    col: int | None = None  # column index, from 0
    header: str | None = None
    code: str = ""

    @property
    def location(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.col is not None:
            parts.append(f"{R.column_letter(self.col)}列" + (f"“{self.header}”" if self.header else ""))
        elif self.header:
            parts.append(f"“{self.header}”列")
        return " ".join(parts)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}：{self.text}" if loc else self.text

    def as_dict(self) -> dict:
        return {"level": self.level, "level_label": LEVEL_LABEL[self.level], "message": str(self),
                "text": self.text, "sheet": self.sheet, "row": self.row,
                "column": R.column_letter(self.col) if self.col is not None else None,
                "header": self.header, "code": self.code}


class RowProblem(Exception):
    """Raised by a field source: an error on this row (optionally at a column)."""

    def __init__(self, text: str, col: str | None = None, code: str = "row"):
        super().__init__(text)
        self.text, self.col, self.code = text, col, code


# =========================================================================== rows and changes

class Row:
    __slots__ = ("n", "cells", "_v", "_parsed", "_i", "refs", "objs", "ok", "label")

    def __init__(self, n, cells):
        self.n = n  # 0-based row index in the sheet
        self.cells = cells
        self._v: dict[str, Any] = {}
        self._parsed: Parsed | None = None  # the parsed columns `v` is made from when first read
        self._i = 0  # this row's position in them
        self.refs: dict[str, Any] = {}
        self.objs: dict[int, Change] = {}
        self.ok = True
        self.label = ""

    @property
    def v(self) -> dict[str, Any]:
        """The row's values: column name → value (a cell that could not be read has none)."""
        if self._parsed is not None:
            self._v = self._parsed.row(self._i)
            self._parsed = None
        return self._v

    @v.setter
    def v(self, values: dict[str, Any]) -> None:
        self._v, self._parsed = values, None

    @property
    def excel_row(self) -> int:
        return self.n + 1


class Parsed:
    """The values of the parsed columns, one list per column (None where a cell could not be read)."""

    __slots__ = ("columns", "bad")

    def __init__(self, columns: dict[str, list], bad: dict[int, list[str]]):
        self.columns = columns
        self.bad = bad  # row position → the columns whose cell could not be read

    def row(self, i: int) -> dict[str, Any]:
        values = {name: column[i] for name, column in self.columns.items()}
        for name in self.bad.get(i, ()):
            del values[name]
        return values


class StoredShape:
    """The fields of stored rows as read (`names`, "pk" first), and which hold decimals: those may be
    as the driver read them (`_fetch_columns(…, decimals=False)`) and become Decimals in `as_dict`."""

    __slots__ = ("names", "decimals")

    def __init__(self, names: list[str], decimals: set[str]):
        self.names, self.decimals = names, decimals

    def as_dict(self, values: tuple) -> dict:
        row = dict(zip(self.names, values))
        for name in self.decimals:
            row[name] = _decimal_from_db(row[name])
        return row


class Pending:
    """The pk of an object that will be created in this import."""

    __slots__ = ("change",)

    def __init__(self, change):
        self.change = change


class Change:
    __slots__ = ("target", "row", "key", "pk", "values", "_old", "_stored", "changed", "status")

    def __init__(self, target, row, key, values):
        self.target = target
        self.row = row
        self.key = key
        self.values = values
        self.pk = None
        self._old = None
        self._stored = None  # (StoredShape, values) as read, until `old` is asked for
        self.changed: dict[str, tuple] = {}
        self.status = "new"

    def stored(self, shape: StoredShape, values: tuple) -> None:
        """The stored row, as read (made into the `old` dict only when asked for)."""
        self._old, self._stored = None, (shape, values)

    @property
    def old(self) -> dict | None:
        """The stored row (attname → value, "pk" too), or None for a new one."""
        if self._old is None and self._stored is not None:
            shape, values = self._stored
            self._old = shape.as_dict(values)
        return self._old

    @old.setter
    def old(self, value: dict | None) -> None:
        self._old, self._stored = value, None


def _norm_key(value) -> str:
    if value is None:
        return ""
    return "".join(V.nfkc(str(value)).split())


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _same(a, b) -> bool:
    if a == b:
        return True
    if a is None or b is None:
        return (a is None or a == "") and (b is None or b == "")
    if isinstance(a, float) or isinstance(b, float):
        try:
            return Decimal(repr(a) if isinstance(a, float) else a) == Decimal(repr(b) if isinstance(b, float) else b)
        except Exception:
            return False
    return False


class Run:
    """One import of one file for one spec. See the module docstring for the stages."""

    PROGRESS_STEP = 1000

    def __init__(self, spec: Spec, *, period: Period | None = None, user=None, sheet: str | None = None,
                 today: dt.date | None = None, progress: Callable | None = None):
        self.spec = spec
        self.given_period = period
        self.period: Period | None = None
        self.year: int | None = None
        self.user = user
        self.sheet_name = sheet
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda stage, done, total: None)
        self.issues: list[Issue] = []
        self.workbook: R.Workbook | None = None
        self.table: R.Table | None = None
        self.rows: list[Row] = []
        self.total_rows: list[Row] = []
        self.present: set[str] = set()
        self.units: dict[str, tuple[str, Decimal]] = {}  # column → (unit read, factor)
        self.changes: list[list[Change]] = []
        # target → {field: its column as built}, one value for each of the target's changes in order
        # (kept only when every row became a change): see `values_for`
        self.built: dict[int, dict[str, list]] = {}
        self.active_targets: list[int] = []
        self.rounded: dict[str, int] = {}
        self.batch = None
        self.written = False
        self._lookups: dict[tuple, dict] = {}
        self._cache: dict = {}
        self._located_year: int | None = None  # the year the table was located with
        self._parsed: Parsed | None = None  # the parsed columns, for the data rows then the 合计 rows

    # ------------------------------------------------------------------ issues

    @property
    def sheet(self) -> str | None:
        return self.table.sheet.name if self.table else None

    def _col_loc(self, col: str | None):
        if col and self.table and col in self.table.columns:
            tc = self.table.columns[col]
            return tc.index, tc.header
        if col and col in self.spec.by_name:
            return None, self.spec.header_of(self.spec.by_name[col])
        return None, None

    def add(self, level, text, row: Row | int | None = None, col: str | None = None, code=""):
        idx, header = self._col_loc(col)
        rn = row.excel_row if isinstance(row, Row) else row
        self.issues.append(Issue(level, text, self.sheet, rn, idx, header, code))
        if isinstance(row, Row) and level == ERROR:
            row.ok = False

    def error(self, text, row=None, col=None, code=""):
        self.add(ERROR, text, row, col, code)

    def warning(self, text, row=None, col=None, code=""):
        self.add(WARNING, text, row, col, code)

    def info(self, text, row=None, col=None, code=""):
        self.add(INFO, text, row, col, code)

    @property
    def errors(self):
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self):
        return [i for i in self.issues if i.level == WARNING]

    def sort_issues(self):
        """File-level issues first, then by row and column (stable)."""
        self.issues.sort(key=lambda i: (i.row is not None, i.row or 0, -1 if i.col is None else i.col))

    def raw(self, row: Row, col: str):
        tc = self.table.columns.get(col) if self.table else None
        if tc is None or tc.index >= len(row.cells):
            return None
        return row.cells[tc.index]

    def shown(self, row: Row, col: str) -> str:
        return V.cell_text(self.raw(row, col))

    # ------------------------------------------------------------------ stage 1: read and locate

    def read(self, source, file_name=None) -> bool:
        """Read the file, locate the table and parse it. The file is opened in a worker thread
        (python-calamine parses a sheet without holding the GIL) while this thread reads what the
        references will be resolved against (`lookups`: database work that needs no cell)."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="yuanqu-import-read") as pool:
            opening = pool.submit(R.open_workbook, source, file_name)
            for ref in self.spec.refs:
                self.lookups(ref.model, [fields for _, fields in ref.by])
            if self.spec.prefetch:
                self.spec.prefetch(self, opening.done)
            try:
                self.workbook = opening.result()
            except R.ReadError as exc:
                self.issues.append(Issue(ERROR, str(exc), code="file"))
                return False
        return self.locate() and self.parse()

    def _year_hint(self, sheet: R.Sheet):
        if self.given_period:
            return self.given_period.year
        for row in sheet.rows[:10]:
            for v in row:
                if isinstance(v, str) and "年" in v:
                    p = R.period_in_text(v)
                    if p:
                        return p[0]
        return None

    def locate(self) -> bool:
        spec = self.spec
        sheets = self.workbook.sheets
        if self.sheet_name:
            sheets = [s for s in sheets if s.name == self.sheet_name]
            if not sheets:
                names = "、".join(s.name for s in self.workbook.sheets)
                self.error(f"文件中没有名为“{self.sheet_name}”的工作表（现有：{names}）", code="sheet")
                return False
        candidates = []
        for order, sheet in enumerate(sorted(sheets, key=lambda s: not s.visible)):
            if sheet.is_empty():
                continue
            year = self._year_hint(sheet)
            table = R.locate_table(sheet, spec.index, year)
            if table is None:
                continue
            missing = self._missing_columns(table)
            candidates.append((not missing, len(table.columns), -order, table, missing, year))
        if not candidates:
            expected = "、".join(self.spec.header_of(c) for c in spec.columns if c.required) or \
                "、".join(self.spec.header_of(c) for c in spec.columns[:4])
            self.error(f"未找到“{spec.label}”表头：前{R.SCAN_ROWS}行中没有一行能识别出至少两个列名。"
                       f"表头应包含：{expected}。请检查导入类别是否选对（当前：{spec.label}），"
                       f"或下载模板对照", code="header")
            return False
        candidates.sort(key=lambda c: c[:3], reverse=True)
        _, _, _, table, missing, self._located_year = candidates[0]
        self.table = table
        for other in candidates[1:]:
            if other[0]:
                self.info(f"工作表“{other[3].sheet.name}”也像“{spec.label}”，本次只导入工作表“{table.sheet.name}”"
                          f"（可用 --sheet 指定）", code="sheet")
        if missing:
            for text in missing:
                self.error(text, row=table.header_last + 1, code="header")
            return False
        for f, first, second in table.duplicates:
            self.error(f"表头中“{first.header}”（{R.column_letter(first.index)}列）与“{second.header}”"
                       f"（{R.column_letter(second.index)}列）都对应“{spec.header_of(spec.by_name[f])}”，"
                       "应只保留一列", row=table.header_last + 1, code="header")
        if table.duplicates:
            return False
        self.present = set(table.columns)
        if table.ignored:
            names = "、".join(f"{R.column_letter(c)}列“{t}”" for c, t in table.ignored[:12])
            more = f"等{len(table.ignored)}列" if len(table.ignored) > 12 else ""
            self.info(f"以下列未识别，已忽略：{names}{more}", row=table.header_last + 1, code="ignored")
        return True

    def _missing_columns(self, table: R.Table) -> list[str]:
        out = []
        for c in self.spec.columns:
            if c.required and c.name not in table.columns:
                out.append(f"缺少必需的列“{self.spec.header_of(c)}”（可用的列名：{'、'.join(self.spec.aliases(c)[:5])}）")
        for group in self.spec.required_any:
            if not any(g in table.columns for g in group):
                names = "、".join(self.spec.header_of(self.spec.by_name[g]) for g in group[:8])
                out.append(f"缺少列：至少应有以下之一：{names}")
        return out

    def _units(self) -> bool:
        ok = True
        for name, tc in self.table.columns.items():
            col = self.spec.by_name[name]
            fam = col.parser.family if col.is_number else None
            if not fam:
                continue
            unit = tc.unit
            if unit:
                ufam = V.unit_family(unit)
                if ufam != fam:
                    allowed = "、".join(V.UNITS[fam])
                    self.error(f"表头中的单位“{unit}”不适用于“{col.label}”，应为以下之一：{allowed}",
                               row=self.table.header_last + 1, col=name, code="unit")
                    ok = False
                    continue
            else:
                unit = self.table.units.get(fam)
            if unit:
                self.units[name] = (unit, V.factor(fam, unit))
        converted = sorted({(u, V.STORED_UNIT[self.spec.by_name[n].parser.family])
                            for n, (u, f) in self.units.items() if f != 1})
        for u, stored in converted:
            self.info(f"文件中的金额/数量单位为“{u}”，已按精确换算存为“{stored}”", code="unit")
        return ok

    # ------------------------------------------------------------------ stage 2: period

    def determine_period(self) -> bool:
        spec = self.spec
        if not spec.period:
            return True
        monthly = spec.period == "month"
        texts = list(self.table.title_lines) + [self.table.sheet.name, self.workbook.file_name]
        found, found_in = None, ""
        for t in texts:
            found = R.period_in_text(t) if monthly else (lambda y: (y, None) if y else None)(R.year_in_text(t))
            if found:
                found_in = t
                break
        given = self.given_period
        if given and found:
            differs = found[0] != given.year or (monthly and found[1] != given.month)
            if differs:
                shown = Period(*found).full_label if monthly else f"{found[0]}年"
                wanted = given.full_label if monthly else f"{given.year}年"
                self.error(f"文件标题“{found_in}”中的期别为{shown}，与指定的期别{wanted}不一致；"
                           "应核对文件，或改正指定的期别", code="period")
                return False
        if given:
            self.period = given if monthly else Period(given.year, 12)
        elif found:
            self.period = Period(*found) if monthly else Period(found[0], 12)
        if self.period is None:
            if any(c in self.present for c in spec.period_optional_if):
                return True
            what = "“2023年1-8月”" if monthly else "“2023年”"
            self.error(f"未能确定期别：文件标题中没有写明期别（如{what}），也没有指定期别；"
                       "请用 --period 指定（如 2023-08）或在标题行写明", code="period")
            return False
        self.year = self.period.year
        today = self.today
        if monthly and (self.period.year, self.period.month) > (today.year, today.month):
            self.error(f"期别{self.period.full_label}在未来（今天是{today.year}年{today.month}月{today.day}日），"
                       "应为已结束或当前的月份", code="period")
            return False
        if not monthly and self.period.year > today.year:
            self.error(f"年度{self.period.year}年在未来（今天是{today.year}年{today.month}月{today.day}日），"
                       "应为今年或以前的年度", code="period")
            return False
        return True

    # ------------------------------------------------------------------ stage 3: parse

    def parse(self) -> bool:
        if not self.determine_period():
            return False
        spec, table = self.spec, self.table
        if self.year and self.year != self._located_year:
            # a leading year in a header (2023年1-8月) is read as 本年/上年: locate again with the year
            again = R.locate_table(table.sheet, spec.index, self.year)
            if again is not None and again.columns.keys() != table.columns.keys() and \
                    len(again.columns) >= len(table.columns) and not again.duplicates and \
                    not self._missing_columns(again):
                self.table = table = again
                self.present = set(table.columns)
        if not self._units():
            return False
        rows = table.sheet.rows
        seen_data = False
        subtotals = 0
        # pass 1: which rows are data, totals, blank, footer
        data, totals = [], []
        for n, kind in enumerate(R.row_kinds(rows[table.data_start:]), start=table.data_start):
            if kind == "blank":
                continue
            if kind == "footer":
                if seen_data:
                    break
                continue
            if kind == "subtotal":
                subtotals += 1
                continue
            row = Row(n, rows[n])
            if kind == "total":
                totals.append(row)
            else:
                seen_data = True
                data.append(row)
        self.rows, self.total_rows = data, totals
        # pass 2: column by column, each column at once where it can be (V.Parser.parse_column),
        # else cell by cell; then each row's values in one dict
        every = data + totals
        used = [tc.index for tc in table.columns.values()]
        width = max(used) + 1
        cells = [row.cells for row in every]
        if min(map(len, cells), default=width) < width:  # a short row (a CSV line): pad it
            cells = [c if len(c) >= width else list(c) + [None] * (width - len(c)) for c in cells]
        if not cells:
            raw_columns = dict.fromkeys(used, ())
        elif max(map(len, cells)) <= 2 * len(used):  # the sheet is mostly the table: transpose it all
            raw_columns = dict(enumerate(zip(*cells)))
        else:
            getter = operator.itemgetter(*used)
            picked = zip(*map(getter, cells)) if len(used) > 1 else [tuple(map(getter, cells))]
            raw_columns = dict(zip(used, picked))
        columns, bad = {}, {}
        for k, (name, tc) in enumerate(table.columns.items()):
            columns[name] = self._parse_column(name, raw_columns[tc.index], every, bad)
            self.progress("读取", (k + 1) * len(every) // len(table.columns), len(every))
        self._parsed = parsed = Parsed(columns, bad)
        for i, row in enumerate(every):  # each row's dict of values is made when it is first read
            row._parsed, row._i = parsed, i
        for c in (c for c in spec.row_label if c in self.present):
            for row, value in zip(every, columns[c]):
                if not row.label and value:
                    row.label = str(value)
        if subtotals:
            self.info(f"已跳过{subtotals}行“其中/小计”分项行（不导入）", code="subtotal")
        if not self.rows:
            self.error(f"表头（第{table.header_last + 1}行）下面没有数据行", code="empty")
            return False
        self.check_totals()
        return True

    def values_of(self, name: str, rows: list[Row]) -> list:
        """`row.v.get(name)` for each of `rows`: the parsed column itself when `rows` are all the data rows."""
        column = self._parsed.columns.get(name) if self._parsed else None
        if column is not None and len(rows) == len(self.rows):  # every data row (a subset would be shorter)
            return column.head(len(rows)) if isinstance(column, V.Decimals) else column[:len(rows)]
        return [row.v.get(name) for row in rows]

    def _parse_column(self, name: str, raws, rows: list[Row], bad: dict) -> list:
        """The values of one column (its cells `raws`, one for each of `rows`); a cell that cannot
        be read gets an error and None, and is listed in `bad` (row position → column names)."""
        col = self.spec.by_name[name]
        parser = col.parser
        fac = self.units.get(name, (None, Decimal(1)))[1]
        values = parser.parse_column(raws, fac)
        if values is not None and not col.needed and not col.past:
            return values
        values = []
        today = self.today
        for i, (row, raw) in enumerate(zip(rows, raws)):
            try:
                value = parser.parse(raw, fac)
            except V.Problem as p:
                self.error(f"值“{V.cell_text(raw)}”无法识别，应为{p.expected}", row, name, code="value")
                bad.setdefault(i, []).append(name)
                values.append(None)
                continue
            if col.needed and (value is None or value == ""):
                self.error(f"不能为空，应填写{col.label}", row, name, code="required")
            elif col.past and value is not None and value > today:
                self.error(f"日期“{V.cell_text(raw)}”在未来（今天是{today.isoformat()}），应为已发生的日期", row, name,
                           code="future_date")
            values.append(value)
        return values

    def check_totals(self):
        if not self.total_rows:
            return
        if len(self.total_rows) > 1:
            rows = "、".join(str(r.excel_row) for r in self.total_rows)
            self.info(f"文件中有多个合计行（第{rows}行），只核对第一个", code="total")
        total = self.total_rows[0]
        n = len(self.rows)
        for name in self.present:
            col = self.spec.by_name[name]
            if not col.is_number or not col.total:
                continue
            expected = total.v.get(name)
            if expected is None:
                continue
            # Decimal addition keeps the finest exponent: the sum has the most decimals of any value
            column = self.values_of(name, self.rows)
            if isinstance(column, V.Decimals):
                s = column.total()
            else:
                s = sum([x for x in column if x is not None] if _holds(column, None) else column, Decimal(0))
            places = max(V.decimals_of(s), V.decimals_of(expected))
            fac = self.units.get(name, (None, Decimal(1)))[1]
            raw_places = min(max(places - V.decimals_of(fac), 0), 6)
            step = Decimal(1).scaleb(-raw_places) * fac  # one unit of the last digit, in the stored unit
            tolerance = step * (n + 1) / 2
            if abs(s - expected) > tolerance:
                unit = V.STORED_UNIT.get(col.parser.family, "")
                self.error(f"合计行的值“{self.shown(total, name)}”与明细行之和不符：明细{n}行合计为"
                           f"{_fmt(s)}{unit}，合计行为{_fmt(expected)}{unit}，相差{_fmt(s - expected)}{unit}"
                           f"（允许的舍入误差为±{_fmt(tolerance.normalize())}{unit}）；应为明细之和",
                           total, name, code="total")

    # ------------------------------------------------------------------ stage 4: references

    def lookup(self, model_label: str, fields: tuple[str, ...]) -> dict[str, list]:
        """Normalised key (`_norm_key`) of any of `fields` → the pks having it."""
        return self.lookups(model_label, [fields])[0]

    def lookups(self, model_label: str, field_sets: list[tuple[str, ...]]) -> list[dict[str, list]]:
        """`lookup` for several field tuples of one model, read in one query."""
        wanted = [fs for fs in dict.fromkeys(field_sets) if (model_label, fs) not in self._lookups]
        if wanted:
            model = apps.get_model(model_label)
            fields = list(dict.fromkeys(f for fs in wanted for f in fs))
            columns = _fetch_columns(model.objects.order_by(), ["pk", *fields])
            pks = columns[0]
            keys = {f: V.normal_keys(col) for f, col in zip(fields, columns[1:])}
            for fs in wanted:
                index: dict[str, list] = {}
                if len(fs) == 1:
                    for pk, k in zip(pks, keys[fs[0]]):
                        if k:
                            pk_list = index.get(k)
                            if pk_list is None:
                                index[k] = [pk]
                            else:
                                pk_list.append(pk)
                else:
                    for pk, *ks in zip(pks, *(keys[f] for f in fs)):
                        for k in dict.fromkeys(ks):
                            if k:
                                index.setdefault(k, []).append(pk)
                self._lookups[(model_label, fs)] = index
        return [self._lookups[(model_label, fs)] for fs in field_sets]

    def label_of(self, model_label: str, pk, field: str):
        cache = self._cache.setdefault(("labels", model_label, field), {})
        if not cache:
            model = apps.get_model(model_label)
            cache.update(model.objects.values_list("pk", field))
        return cache.get(pk, "")

    def resolve(self):
        spec = self.spec
        refs = [r for r in spec.refs if any(c in self.present for c, _ in r.by)]
        missing = False
        for r in spec.refs:
            if r.required and r not in refs:
                cols = "或".join(f"“{spec.header_of(spec.by_name[c])}”" for c, _ in r.by)
                self.error(f"缺少列：应有{cols}，用来确定{r.label}", code="header")
                missing = True
        if missing:
            return
        rows = self.rows
        plans = []
        for ref in refs:
            by = [(c, fields) for c, fields in ref.by if c in self.present]
            by = list(zip([c for c, _ in by], self.lookups(ref.model, [fields for _, fields in by])))
            plans.append((ref, by, self._found(by, rows)))
        for i, row in enumerate(rows):
            for ref, by, found in plans:
                pks = found[i]
                row.refs[ref.name] = pks[0] if pks is not None else self._resolve_one(ref, row, by)
            if i % self.PROGRESS_STEP == 0:
                self.progress("核对", i, len(rows))

    def _found(self, by, rows: list[Row]) -> list:
        """Per row, [pk] when the reference is plainly resolved: the first column's value names one
        row as written, and every other column's value names the same one or is empty; else None
        (the row goes through `_resolve_one`, which normalises, reports mismatches …)."""
        (first, index), *others = by
        found = [pks if pks is not None and len(pks) == 1 else None
                 for pks in map(index.get, self.values_of(first, rows))]
        for c, index in others:
            given = self.values_of(c, rows)
            found = [pks if pks is not None and (other == pks or (other is None and not value)) else None
                     for pks, other, value in zip(found, map(index.get, given), given)]
        return found

    def _resolve_one(self, ref: Ref, row: Row, by):
        spec = self.spec
        v = row.v
        given = [(c, index, v[c]) for c, index in by if v.get(c)]
        if not given:
            if ref.required and row.ok:
                cols = "或".join(f"“{spec.by_name[c].label}”" for c, _ in ref.by)
                self.error(f"{cols}均为空，无法确定{ref.label}；应至少填写一项", row, ref.by[0][0], code="ref")
            return None
        resolved = None
        resolved_by = None
        ambiguous = None
        for c, index, key in given:
            pks = index.get(key) if type(key) is str else None  # most keys are already in normal form
            if pks is None:
                pks = index.get(_norm_key(key), ())
            if len(pks) == 1:
                if resolved is None:
                    resolved, resolved_by = pks[0], c
                elif resolved != pks[0]:
                    a = spec.by_name[resolved_by].label
                    b = spec.by_name[c].label
                    self.error(f"{a}“{self.shown(row, resolved_by)}”与{b}“{self.shown(row, c)}”指向不同的{ref.label}，"
                               f"应为同一{ref.label}的{a}和{b}", row, c, code="ref_mismatch")
                    return None
            elif len(pks) > 1:
                ambiguous = (c, key, len(pks))
        primary_col = given[0][0]
        if resolved is not None:
            if resolved_by != primary_col and primary_col == ref.by[0][0] and ref.strict:
                a = spec.by_name[primary_col].label
                b = spec.by_name[resolved_by].label
                other = self.label_of(ref.model, resolved, ref.by[0][1][0])
                self.error(f"{a}“{self.shown(row, primary_col)}”在平台中不存在，而{b}“{self.shown(row, resolved_by)}”"
                           f"对应的{ref.label}的{a}为“{other}”；应核对{a}", row, primary_col, code="ref_mismatch")
                return None
            return resolved
        if ambiguous:
            c, key, n = ambiguous
            self.error(f"{spec.by_name[c].label}“{key}”对应平台中{n}条{ref.label}，无法区分；"
                       f"应填写{spec.by_name[ref.by[0][0]].label}", row, c, code="ref_ambiguous")
            return None
        if ref.missing == "error":
            c = primary_col
            self.error(f"{spec.by_name[c].label}“{self.shown(row, c)}”在平台中找不到对应的{ref.label}"
                       f"{('；' + ref.hint) if ref.hint else ''}", row, c, code="ref_unknown")
        return None

    def duplicates(self):
        key_names = self.spec.row_key
        if not key_names:
            return
        if len(key_names) == 1 and key_names[0] in self.spec.ref_by_name:
            pks = [row.refs.get(key_names[0]) for row in self.rows]
            if not _holds(pks, None) and len(set(pks)) == len(pks):
                return  # every row names its own existing row: no duplicate
        seen: dict[tuple, Row] = {}
        for row in self.rows:
            parts = []
            for k in key_names:
                if k in self.spec.ref_by_name:
                    ref = self.spec.ref_by_name[k]
                    pk = row.refs.get(k)
                    if pk is not None:
                        parts.append(("pk", pk))
                    else:
                        txt = next((_norm_key(row.v.get(c)) for c, _ in ref.by if row.v.get(c)), "")
                        parts.append(("text", txt))
                else:
                    parts.append(("v", _norm_key(row.v.get(k))))
            key = tuple(parts)
            if all(not p[1] and p[1] != 0 for p in parts):
                continue
            if key in seen:
                first = seen[key]
                what = row.label or "、".join(_fmt(p[1]) for p in parts)
                cols = [c for k in key_names
                        for c, _ in (self.spec.ref_by_name[k].by if k in self.spec.ref_by_name else [(k, None)])]
                col = next((c for c in cols if c in self.present), None)
                self.error(f"与第{first.excel_row}行重复（“{what}”在文件中出现两次），应只保留一行", row, col,
                           code="duplicate")
            else:
                seen[key] = row

    # ------------------------------------------------------------------ stage 5: build and diff

    def _source(self, src, row: Row):
        if isinstance(src, str):
            if src in self.spec.ref_by_name:
                # a reference whose columns are not in the file leaves the field alone
                return row.refs[src] if src in row.refs else SKIP
            if src in self.present:
                return row.v.get(src)
            return SKIP
        if isinstance(src, Obj):
            ch = row.objs.get(src.target)
            if ch is None:
                return SKIP
            return ch.pk if ch.pk is not None else Pending(ch)
        return src(row, self)

    def _coercers(self, model):
        key = ("coerce", model)
        if key not in self._cache:
            self._cache[key] = {f.attname: f for f in model._meta.concrete_fields}
        return self._cache[key]

    def _coercer(self, f: models.Field | None, src):
        """A function value → the value the field stores (SKIP: leave the field alone), or None for
        "store as is". Raises RowProblem with a Chinese message naming what was expected."""
        if f is None:
            return None
        col = src if isinstance(src, str) and src in self.spec.by_name else None
        if f.null:
            on_none = None
        elif isinstance(f, (models.CharField, models.TextField)):
            on_none = ""
        elif f.has_default():
            on_none = SKIP
        else:
            on_none = RowProblem(f"不能为空，应填写{f.verbose_name}", col, "required")
        if isinstance(f, models.DecimalField):
            return _DecimalCoerce(f, col, on_none, self.rounded)
        max_length = getattr(f, "max_length", None) if isinstance(f, models.CharField) else None
        positive = isinstance(f, (models.PositiveIntegerField, models.PositiveSmallIntegerField,
                                  models.PositiveBigIntegerField))
        if on_none is None and not max_length and not positive:
            return None
        return _Coerce(col, on_none, max_length, positive)

    def _plan(self, target: Target, fields: dict, model):
        """Compile a target's field sources: (att, how, arg, coerce) with how in col/ref/obj/call."""
        fmap = self._coercers(model)
        plan = []
        for att, src in fields.items():
            if isinstance(src, str):
                if src in self.spec.ref_by_name:
                    if not any(c in self.present for c, _ in self.spec.ref_by_name[src].by):
                        continue  # the reference's columns are not in the file: leave the field alone
                    how = "ref"
                elif src in self.present:
                    how = "col"
                else:
                    continue
            elif isinstance(src, Obj):
                how = "obj"
            else:
                how = "call"
            plan.append((att, how, src, self._coercer(fmap.get(att), src)))
        return plan

    def build(self):
        spec = self.spec
        self.changes = [[] for _ in spec.targets]
        for ti, target in enumerate(spec.targets):
            if target.when and not any(c in self.present for c in target.when):
                continue
            self.active_targets.append(ti)
            model = apps.get_model(target.model)
            plan = self._plan(target, target.fields, model)
            rows = [row for row in self.rows if row.ok]
            failed: dict[int, RowProblem] = {}  # row position → the first problem (in plan order)
            # field by field, each a column over the rows; a row stops at its first problem
            atts = [entry[0] for entry in plan]
            columns = [self._build_column(entry, rows, failed) for entry in plan]
            values = [dict(zip(atts, t)) for t in zip(*columns)] if columns else [{} for _ in rows]
            for att, column in zip(atts, columns):
                if _holds(column, SKIP):  # the field is left alone in these rows
                    for vals in values:
                        if vals[att] is SKIP:
                            del vals[att]
            by_att = dict(zip(atts, columns))
            if not failed:
                self.built[ti] = by_att
            nothing = itertools.repeat(None, len(rows))
            keys = zip(*[[None if v is SKIP else v for v in by_att[k]] if k in by_att else nothing
                         for k in target.key])
            changes = self.changes[ti]
            for i, (row, vals, key) in enumerate(zip(rows, values, keys)):
                p = failed.get(i) if failed else None
                if p is not None:
                    self.error(p.text, row, p.col, code=p.code)
                    continue
                ch = Change(target, row, key, vals)
                row.objs[ti] = ch
                changes.append(ch)
                if i % self.PROGRESS_STEP == 0:
                    self.progress("比对", i, len(rows))
            self._diff(ti, target, model)
        for src, n in sorted(self.rounded.items()):
            col = spec.by_name.get(src)
            if col:
                self.info(f"“{spec.header_of(col)}”有{n}个值换算后超过两位小数，已四舍五入到存储精度（两位小数）",
                          col=src, code="rounded")

    def _build_column(self, entry, rows: list[Row], failed: dict) -> list:
        """One field's values for `rows` (SKIP: leave the field alone); a RowProblem of a row not
        failed yet goes to failed[i] (the row's value is then SKIP)."""
        att, how, src, coerce = entry
        if how == "col":
            values = self.values_of(src, rows)
        elif how == "ref":
            values = [row.refs.get(src) for row in rows]
        elif how == "obj":
            values = []
            for row in rows:
                ch = row.objs.get(src.target)
                values.append(SKIP if ch is None else ch.pk if ch.pk is not None else Pending(ch))
            return values
        else:
            values = []
            for i, row in enumerate(rows):
                if failed and i in failed:
                    values.append(SKIP)
                    continue
                try:
                    values.append(src(row, self))
                except RowProblem as p:
                    failed[i] = p
                    values.append(SKIP)
        if coerce is None:
            return values
        if not failed:
            out = coerce.column(values)  # the whole column at once, when nothing in it needs a message
            if out is not None:
                return out
        out = []
        for i, v in enumerate(values):
            if v is not SKIP and not (failed and i in failed):
                try:
                    v = coerce(v)
                except RowProblem as p:
                    failed[i] = p
                    v = SKIP
            out.append(v)
        return out

    def decimal_columns(self, ti: int, changes: list) -> dict[str, V.Decimals]:
        """{field: its column as built, with its integers} of the decimal fields, when `changes` (some
        of target `ti`'s, in its order) are all of them; else {}."""
        if len(changes) != len(self.changes[ti]):
            return {}
        return {att: c for att, c in self.built.get(ti, {}).items() if isinstance(c, V.Decimals)}

    def values_for(self, ti: int, att: str, changes: list[Change]) -> list:
        """The values of `att` in `changes` (some of target `ti`'s, in its order; None where a change
        has none): the column as built (`decimal_columns`), else read off each change."""
        column = self.decimal_columns(ti, changes).get(att)
        return column if column is not None else [ch.values.get(att) for ch in changes]

    def _diff(self, ti: int, target: Target, model):
        changes = self.changes[ti]
        if not changes:
            return
        atts = _stored_atts(target)
        # a key can always name a stored row unless it is (or may hold) a pk
        always = not any(a in ("pk", "id") or isinstance(target.fields.get(a), Obj) for a in target.key)
        keyed = [c.key for c in changes] if always else [c.key for c in changes if _is_keyed(target, c.key)]
        shape, existing = self._fetch(model, target.key, atts, keyed) if keyed else (None, {})
        stored = []  # (change, its stored row) to compare
        for ch in changes:
            old = existing.get(ch.key) if existing and (always or _is_keyed(target, ch.key)) else None
            if old is None:
                if not target.create:
                    self.error(f"找不到要更新的{target.label or model._meta.verbose_name}", ch.row, code="not_found")
                    continue
                missing = [c for c in target.require_on_create if ch.row.v.get(c) in (None, "")]
                if missing:
                    cols = "、".join(f"“{self.spec.by_name[c].label}”" for c in missing)
                    self.error(f"新建{target.label or model._meta.verbose_name}须填写{cols}", ch.row, missing[0],
                               code="required")
                    continue
                ch.status = "new"
                if target.defaults:
                    try:
                        for att, src in target.defaults.items():
                            if att in ch.values:
                                continue
                            val = self._source(src, ch.row)
                            if val is not SKIP:
                                ch.values[att] = val
                    except RowProblem as p:
                        self.error(p.text, ch.row, p.col, code=p.code)
                continue
            ch.pk = old[0]
            ch.stored(shape, old)
            if not target.update:
                ch.status = "unchanged"
                continue
            stored.append((ch, old))
        if stored:
            _compare(stored, shape, self._coercers(model), self.decimal_columns(ti, stored))

    def _fetch(self, model, key: tuple[str, ...], atts: list[str], keys: list[tuple]) -> tuple[StoredShape, dict]:
        """Existing rows by key, in a few queries: filter on the key fields with few distinct values
        (year, month); only when there is none, on the many-valued one (pk, code) in chunks.
        Returns the shape of the rows read ("pk" first, then `atts`; decimals as the driver reads
        them) and {key: the row's values as a tuple} (rows of other keys may be in it too)."""
        key_atts = _key_atts(key)
        distinct = {k: {t[i] for t in keys} for i, k in enumerate(key_atts)}
        small = {k: vals for k, vals in distinct.items() if len(vals) <= FEW_KEY_VALUES}
        big = [k for k in key_atts if k not in small]
        if small or not big:
            return self.stored_rows(model, key, atts, small)  # e.g. all rows of the period: one query
        base = model.objects.order_by()
        fetch, out = _fetched(atts), {}
        b = max(big, key=lambda k: len(distinct[k]))
        vals = list(distinct[b])
        for i in range(0, len(vals), 900):
            _take(base.filter(**{f"{b}__in": vals[i:i + 900]}), fetch, key_atts, out)
        return _stored_shape(model, fetch), out

    def stored_rows(self, model, key: tuple[str, ...], atts: list[str], where: dict[str, set]) -> tuple[StoredShape, dict]:
        """`_fetch`'s answer for the rows whose fields in `where` hold one of its values (a key field
        with few distinct values: year, month), in one query, kept for the rest of the run: a spec's
        `prefetch` asks for the likely period while the file is still being read."""
        cache_key = ("stored_rows", model._meta.label, tuple(key), tuple(atts),
                     tuple(sorted((k, frozenset(v)) for k, v in where.items())))
        if cache_key not in self._cache:
            base = model.objects.order_by()
            for k, vals in where.items():
                q = models.Q(**{f"{k}__in": [x for x in vals if x is not None]})
                if None in vals:
                    q |= models.Q(**{f"{k}__isnull": True})
                base = base.filter(q)
            fetch, out = _fetched(atts), {}
            _take(base, fetch, _key_atts(key), out)
            self._cache[cache_key] = (_stored_shape(model, fetch), out)
        return self._cache[cache_key]

    def prefetch_stored(self, label: str, **where) -> None:
        """Read ahead (`stored_rows`) the stored rows of target `label` (e.g. "enterprises.MonthlyStat")
        with these key values (year=2023, month=8), as `_diff` will ask for them when the file's
        keys take those values only."""
        target = next(t for t in self.spec.targets if t.model == label)
        self.stored_rows(apps.get_model(target.model), target.key, _stored_atts(target),
                         {k: {v} for k, v in where.items()})

    # ------------------------------------------------------------------ stage 6: checks

    def run_checks(self):
        for check in self.spec.checks:
            check(self)

    # ------------------------------------------------------------------ the whole validation

    def validate(self):
        """Stages 4—6 (database reads only). Call after read()."""
        self.resolve()
        if any(i.code == "header" for i in self.errors):
            return
        self.duplicates()
        self.build()
        self.run_checks()

    # ------------------------------------------------------------------ summary

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for ti in self.active_targets:
            target = self.spec.targets[ti]
            model = apps.get_model(target.model)
            label = target.label or str(model._meta.verbose_name)
            c = {"new": 0, "changed": 0, "unchanged": 0}
            for ch in self.changes[ti]:
                c[ch.status] += 1
            out[label] = c
        return out

    def diff_lines(self, limit: int | None = None) -> list[str]:
        lines = []
        for ti in self.active_targets:
            target = self.spec.targets[ti]
            model = apps.get_model(target.model)
            label = target.label or str(model._meta.verbose_name)
            fmap = self._coercers(model)
            for ch in self.changes[ti]:
                if ch.status == "unchanged":
                    continue
                who = ch.row.label or f"第{ch.row.excel_row}行"
                if ch.status == "new":
                    lines.append(f"第{ch.row.excel_row}行 {who}：新增{label}")
                else:
                    parts = []
                    for att, (old, new) in ch.changed.items():
                        if att in ("batch_id", "written_by_id"):
                            continue
                        name = fmap[att].verbose_name if att in fmap else att
                        f = fmap.get(att)
                        newtxt = "（新建）" if isinstance(new, Pending) else (_fmt_field(f, new) or "（空）")
                        parts.append(f"{name} {_fmt_field(f, old) or '（空）'} → {newtxt}")
                    lines.append(f"第{ch.row.excel_row}行 {who}：{label} " + "；".join(parts))
                if limit and len(lines) >= limit:
                    return lines
        return lines

    def tables_with_new_rows(self) -> list[str]:
        """The tables of the targets that create rows in this import."""
        out = [apps.get_model(self.spec.targets[ti].model)._meta.db_table for ti in self.active_targets
               if any(ch.status == "new" for ch in self.changes[ti])]
        return list(dict.fromkeys(out))

    @property
    def row_count(self) -> int:
        return len(self.rows)

    # ------------------------------------------------------------------ stage 7: write

    def write(self, *, note: str = ""):
        """Write every change in one transaction. The caller has checked that there is no error.

        New rows of a target that a later target points at (Obj) or that has no batch field are
        written with bulk_create (their ids are needed); other new rows and the revision records
        with `insert_rows` (PostgreSQL: COPY; SQLite: many rows per INSERT), every update with
        `update_rows` (one UPDATE … FROM a temporary table): bulk, each column adapted at once,
        several times faster than bulk_create/bulk_update, which adapt every value in Python.
        """
        from yuanqu.core.models import DataBatch

        from .models import Revision

        now = timezone.now()
        period = self.period
        counts = self.counts()
        summary = "；".join(f"{k}：新增{v['new']}、修改{v['changed']}、未变{v['unchanged']}" for k, v in counts.items())
        anything = any(v["new"] or v["changed"] for v in counts.values())
        user_id = getattr(self.user, "pk", None)
        sheet = (self.sheet or "")[:64]
        referenced = {o.target for t in self.spec.targets for o in (*t.fields.values(), *t.defaults.values())
                      if isinstance(o, Obj)}
        with transaction.atomic():
            batch = DataBatch.objects.create(
                source=DataBatch.Source.IMPORT, kind=self.spec.kind,
                file_name=(self.workbook.file_name if self.workbook else "")[:255],
                file_sha256=self.workbook.sha256 if self.workbook else "",
                period_year=period.year if period else None,
                period_month=period.month if (period and self.spec.period == "month") else None,
                user=self.user if user_id else None,
                row_count=len(self.rows),
                note=(note or summary) + ("" if anything else "（文件内容与库中一致，未修改任何数据）"),
            )
            revisions = []
            for ti in self.active_targets:
                target = self.spec.targets[ti]
                model = apps.get_model(target.model)
                label = model._meta.label
                names = {f.attname for f in model._meta.concrete_fields}
                stamp = {}
                if "batch_id" in names:
                    stamp["batch_id"] = batch.pk
                if "written_by_id" in names and user_id:
                    stamp["written_by_id"] = user_id
                auto_now = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
                fmap = {f.attname: f for f in model._meta.concrete_fields}
                new = [c for c in self.changes[ti] if c.status == "new"]
                if new:
                    pending = any(isinstance(o, Obj) for o in (*target.fields.values(), *target.defaults.values()))
                    if pending or {"pk", "id"} & {*target.fields, *target.defaults}:
                        rows = [{a: (v.change.pk if isinstance(v, Pending) else v) for a, v in ch.values.items()
                                 if a not in ("pk", "id")} for ch in new]
                    else:  # the values as built (insert_rows only reads them)
                        rows = [ch.values for ch in new]
                    if ti in referenced or "batch_id" not in stamp:
                        objs = [model(**{**vals, **stamp}) for vals in rows]
                        model.objects.bulk_create(objs, batch_size=_batch_size(model))
                        if any(o.pk is None for o in objs):  # a backend that cannot return ids
                            self._refetch_pks(model, target, new, objs)
                        for ch, obj in zip(new, objs):
                            ch.pk = obj.pk
                        if "batch_id" not in stamp:
                            created = [(obj.pk, ch.row.excel_row) for ch, obj in zip(new, objs)]
                            revisions += [{"batch_id": batch.pk, "model": label, "object_id": pk,
                                           "action": Revision.Action.CREATE, "changes": EncodedJSON("{}"),
                                           "sheet": sheet, "row": row} for pk, row in created]
                    else:
                        insert_rows(model, rows, now, stamp, columns=self.decimal_columns(ti, new))
                upd = [c for c in self.changes[ti] if c.status == "changed"]
                if upd:
                    changed = sorted({a for c in upd for a in c.changed})
                    fields = changed + [a for a in stamp if a not in changed]
                    fields += [a for a in auto_now if a not in fields]
                    columns = []
                    for a in fields:
                        # the new value where the row changes the field, else the stamp, else as stored
                        constant = a in stamp or a in auto_now
                        fixed = stamp[a] if a in stamp else now
                        if a not in changed:
                            column = [fixed] * len(upd)
                        elif constant:
                            column = [c.changed[a][1] if a in c.changed else fixed for c in upd]
                        else:
                            column = [c.changed[a][1] if a in c.changed else c.old.get(a) for c in upd]
                        if isinstance(target.fields.get(a), Obj):
                            column = [v.change.pk if isinstance(v, Pending) else v for v in column]
                        columns.append(column)
                    update_rows(model, fields, [c.pk for c in upd], columns)
                    texts = _changes_json([c.changed for c in upd], fmap)
                    revisions += [{"batch_id": batch.pk, "model": label, "object_id": c.pk, "action": "update",
                                   "changes": text, "sheet": sheet, "row": c.row.excel_row}
                                  for c, text in zip(upd, texts)]
                self.progress("写入", ti + 1, len(self.spec.targets))
            if revisions:
                insert_rows(Revision, revisions, now)
        self.batch = batch
        self.written = True
        return batch

    def _refetch_pks(self, model, target, new, objs):  # pragma: no cover - SQLite ≥ 3.35 and PostgreSQL return ids
        keys = [tuple(o.__dict__.get(k) for k in target.key) for o in objs]
        _, found = self._fetch(model, target.key, list(target.key), keys)
        for o, k in zip(objs, keys):
            o.pk = found[k][0]


class _DecimalCoerce:
    """A value → what a DecimalField stores: rounded half up to its places (counted per column in
    `rounded`), within its digits; None → `on_none` (a RowProblem is raised)."""

    def __init__(self, f: models.DecimalField, col: str | None, on_none, rounded: dict):
        self.places = f.decimal_places
        self.digits15 = V.double_exact_below(f.decimal_places)  # V.Decimals keeps to 15 digits
        self.q = Decimal(1).scaleb(-f.decimal_places)
        self.limit = Decimal(10) ** (f.max_digits - f.decimal_places)
        self.col, self.on_none, self.rounded = col, on_none, rounded

    def too_large(self, v) -> RowProblem:
        return RowProblem(f"数值{_fmt(v)}过大，应小于{_fmt(self.limit)}", self.col, "value")

    def __call__(self, v):
        if v is None:
            if isinstance(self.on_none, RowProblem):
                raise self.on_none
            return self.on_none
        try:
            r = v.quantize(self.q, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than the context holds: far too large
            raise self.too_large(v) from None
        if r != v and self.col:
            self.rounded[self.col] = self.rounded.get(self.col, 0) + 1
        if r >= self.limit or r <= -self.limit:
            raise self.too_large(v)
        return r

    def column(self, values: list) -> list | None:
        """`self(v)` for every value, when none needs a message (else None)."""
        if isinstance(values, V.Decimals) and values.places <= self.places and \
                values.bound() < min(self.limit, self.digits15):  # nothing to round, nothing too large
            if values.empty is not None and self.on_none is not None:
                return None
            return values.with_places(self.places)
        types = set(map(type, values))
        if not types <= {Decimal, NoneType}:
            return None
        if NoneType in types:
            if self.on_none is not None:
                return None
            numbers = [v for v in values if v is not None]
        else:
            numbers = values
        if all(map(Decimal.same_quantum, numbers, itertools.repeat(self.q))):
            rounded = numbers  # every value has the field's places already (exponent -places)
        else:
            try:
                rounded = list(map(Decimal.quantize, numbers, itertools.repeat(self.q),
                                   itertools.repeat(ROUND_HALF_UP)))
            except InvalidOperation:
                return None
        if rounded and (max(rounded) >= self.limit or min(rounded) <= -self.limit):
            return None
        if rounded != numbers and self.col:
            self.rounded[self.col] = self.rounded.get(self.col, 0) + sum(map(operator.ne, rounded, numbers))
        if numbers is values:
            return rounded
        it = iter(rounded)
        return [None if v is None else next(it) for v in values]


class _Coerce:
    """A value → what a field stores: None → `on_none` (a RowProblem is raised, SKIP leaves the field
    alone), text within `max_length`, an integer not negative when `positive`."""

    def __init__(self, col: str | None, on_none, max_length: int | None, positive: bool):
        self.col, self.on_none, self.max_length, self.positive = col, on_none, max_length, positive

    def __call__(self, v):
        if v is None:
            if isinstance(self.on_none, RowProblem):
                raise self.on_none
            return self.on_none
        if self.max_length and isinstance(v, str) and len(v) > self.max_length:
            raise RowProblem(f"内容过长（{len(v)}个字），应不超过{self.max_length}个字", self.col, "value")
        if self.positive and isinstance(v, int) and v < 0:
            raise RowProblem("不能为负数", self.col, "value")
        return v

    def column(self, values: list) -> list | None:
        """`self(v)` for every value, when none needs a message or is SKIP (else None)."""
        if _holds(values, SKIP):
            return None
        if _holds(values, None):
            if isinstance(self.on_none, RowProblem) or self.on_none is SKIP:
                return None
            if self.on_none is not None:
                values = [self.on_none if v is None else v for v in values]
        if self.max_length:
            texts = [v for v in values if isinstance(v, str)]
            if texts and max(map(len, texts)) > self.max_length:
                return None
        if self.positive:
            ints = [v for v in values if isinstance(v, int)]
            if ints and min(ints) < 0:
                return None
        return values


def _fast_types(field) -> tuple:
    """The Python types a driver stores in `field` as they are (no get_db_prep_save needed)."""
    if isinstance(field, models.DecimalField):
        return (Decimal,)
    if isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey)):
        return (int,)
    if isinstance(field, (models.CharField, models.TextField)):
        return (str,)
    if isinstance(field, models.BooleanField):
        return (bool,)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return (dt.date,)
    if isinstance(field, models.JSONField):
        return (EncodedJSON,)
    return ()


def _preparer(field, connection):
    """value → what the driver takes, with a fast path for the types drivers adapt themselves."""
    fast = _fast_types(field)

    def prep(v):
        if v is None or type(v) in fast:
            return v
        return field.get_db_prep_save(v, connection)
    return prep


def _column(rows: list[dict], att: str, default, field, connection) -> list:
    """The rows' values of `att` (default where a row has none), adapted for the driver."""
    try:
        values = list(map(operator.itemgetter(att), rows))
    except KeyError:
        values = [r[att] if att in r else default for r in rows]
    return _adapted(values, field, connection)


def _adapted(values: list, field, connection) -> list:
    """A column of values of `field` adapted for the driver; a column whose values the driver takes
    as they are (the usual case) is passed through."""
    if isinstance(values, V.Decimals) and connection.vendor == "sqlite":
        # SQLite holds a decimal as the double nearest it (REAL, or INTEGER when whole): those
        # doubles at once, not each Decimal as text for SQLite to convert
        floats = values.floats().tolist()
        return floats if values.empty is None else [None if f != f else f for f in floats]
    types = set(map(type, values))
    if not types <= {NoneType, *_fast_types(field)}:
        if values and all(map(operator.is_, values, itertools.repeat(values[0]))):  # one value (now, a stamp)
            return [_preparer(field, connection)(values[0])] * len(values)
        values = list(map(_preparer(field, connection), values))
    elif Decimal in types and connection.vendor == "sqlite":
        # what Django's SQLite backend registers for Decimal (str), done here for the column at once
        values = list(map(str, values)) if NoneType not in types else [v if v is None else str(v) for v in values]
    return values


def insert_rows(model, rows: list[dict], now, extra: dict | None = None, columns: dict | None = None) -> None:
    """INSERT rows (dicts of attname → value): COPY on PostgreSQL, many rows per INSERT elsewhere.
    `extra`: values the same for every row (the batch, the user). Absent fields get their defaults.
    `columns`: fields whose values are given as a column as well (the same values, a V.Decimals).
    The rows are adapted column by column, each column once."""
    from django.db import connections, router

    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    extra = extra or {}
    given = columns or {}
    present = set().union(*rows)
    cols, columns = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        elif f.has_default():
            default = f.get_default()
        elif f.null:
            default = None
        elif isinstance(f, (models.CharField, models.TextField)):
            default = ""
        else:
            default = None
        cols.append(connection.ops.quote_name(f.column))
        att = f.attname
        if att in extra or att not in present:
            constant = _preparer(f, connection)(extra.get(att, default))
            columns.append([constant] * len(rows))
        elif att in given:
            columns.append(_adapted(given[att], f, connection))
        else:
            columns.append(_column(rows, att, default, f, connection))
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY: the fastest bulk path PostgreSQL has
        with connection.cursor() as cursor:
            _copy(cursor, f"COPY {table} ({', '.join(cols)}) FROM STDIN", columns)
        return
    _insert_many(connection, table, cols, columns)


def _insert_many(connection, table: str, cols: list[str], columns: list[list]) -> None:
    """INSERT INTO table (cols) the rows given column by column, many rows per statement."""
    records = list(zip(*columns))
    head = f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
    per = _rows_per_statement(connection, len(cols))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Django's SQLite cursor turns every %s of a statement into ? with a regular expression,
            # a fifth of the time of a 30,000-parameter INSERT: write ? and use the driver's cursor
            # (the same connection and transaction)
            execute, mark = connection.connection.execute, "?"
        else:
            execute, mark = cursor.execute, "%s"
        one = "(" + ", ".join([mark] * len(cols)) + ")"
        for i in range(0, len(records), per):
            chunk = records[i:i + per]
            execute(head + ", ".join([one] * len(chunk)), list(itertools.chain.from_iterable(chunk)))


def _copy(cursor, sql: str, columns: list[list]) -> None:
    """COPY … FROM STDIN of rows given column by column (each adapted for the driver): the text
    format written a column at a time where every value is of a type written here, else psycopg
    writes row by row."""
    texts = [_copy_texts(column) for column in columns]
    with cursor.cursor.copy(sql) as copy:
        if all(t is not None for t in texts):
            lines = map("\t".join, zip(*texts))
            while chunk := list(itertools.islice(lines, 5000)):
                copy.write("\n".join(chunk) + "\n")
        else:
            for row in zip(*columns):
                copy.write_row(row)


_COPY_SPECIAL = re.compile(r"[\\\n\r\t]")
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _copy_texts(column: list) -> list[str] | None:
    """A column's values in PostgreSQL's COPY text format (NULL as \\N; a backslash, tab or line
    break escaped), or None when a value is of a type not written here."""
    types = set(map(type, column))
    present = types - {NoneType}
    if present <= {int, Decimal}:
        write = str
    elif present <= {str, EncodedJSON}:
        values = [v for v in column if v is not None] if NoneType in types else column
        escape = _COPY_SPECIAL.search("".join(values)) is not None
        write = (lambda v: v.translate(_COPY_ESCAPE)) if escape else str
    elif present == {bool}:
        write = {True: "t", False: "f"}.__getitem__
    elif present <= {dt.datetime} or present <= {dt.date}:
        write = operator.methodcaller("isoformat")
    else:
        return None
    if len(column) > 1 and all(map(operator.is_, column, itertools.repeat(column[0]))):  # one value
        return ["\\N" if column[0] is None else write(column[0])] * len(column)
    if NoneType in types:
        return ["\\N" if v is None else write(v) for v in column]
    return list(map(write, column))


def _rows_per_statement(connection, ncols: int) -> int:
    """Rows in one multi-row statement: within SQLite's 32766 and PostgreSQL's 65535 parameters."""
    limit = 30000 if connection.vendor == "sqlite" else 60000
    return max(1, min(2000, limit // max(ncols, 1)))


def update_rows(model, atts: list[str], pks: list, columns: list[list]) -> None:
    """UPDATE … SET atts WHERE pk = … for each pk, the new values given column by column (each
    `columns[i]` holds atts[i] for every pk, adapted once as a column): the values into a temporary
    table (PostgreSQL: COPY; SQLite: many rows per INSERT), then one UPDATE … FROM it. Where a
    SQLite is older than 3.33 (no UPDATE … FROM): executemany."""
    from django.db import connections, router

    if not pks:
        return
    connection = connections[router.db_for_write(model)]
    fmap = {f.attname: f for f in model._meta.concrete_fields}
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    adapted = [_adapted(column, fmap[a], connection) for a, column in zip(atts, columns)]
    postgresql = connection.vendor == "postgresql"
    update_from = postgresql or (connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 33))
    with connection.cursor() as cursor:
        if not update_from:
            sets = ", ".join(f"{qn(fmap[a].column)} = %s" for a in atts)
            sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
            params = list(zip(*adapted, pks))
            for i in range(0, len(params), 5000):
                cursor.executemany(sql, params[i:i + 5000])
            return
        names = [f"c{i}" for i in range(len(atts))]
        tmp = qn(f"yuanqu_import_{model._meta.db_table}"[:60])
        if postgresql:
            types = [fmap[a].db_type(connection) for a in atts]
            pk_type = model._meta.pk.rel_db_type(connection)
            cursor.execute(f"CREATE TEMPORARY TABLE {tmp} (pk {pk_type}, "
                           f"{', '.join(f'{n} {t}' for n, t in zip(names, types))})")
            _copy(cursor, f"COPY {tmp} (pk, {', '.join(names)}) FROM STDIN", [pks, *adapted])
        else:
            # columns without a type: a value keeps what it was bound as, and takes the column's
            # affinity (NUMERIC for a decimal) when the UPDATE stores it, as a bound value would
            cursor.execute(f"CREATE TEMPORARY TABLE {tmp} (pk INTEGER PRIMARY KEY, {', '.join(names)})")
            _insert_many(connection, tmp, ["pk", *names], [pks, *adapted])
        sets = ", ".join(f"{qn(fmap[a].column)} = v.c{i}" for i, a in enumerate(atts))
        cursor.execute(f"UPDATE {table} SET {sets} FROM {tmp} AS v WHERE {table}.{pk} = v.pk")
        cursor.execute(f"DROP TABLE {tmp}")


def _compare(stored: list[tuple[Change, tuple]], shape: StoredShape, fmap: dict,
             built: dict[str, V.Decimals] | None = None) -> None:
    """Set `status` ("changed" or "unchanged") and `changed` ({att: (old, new)}) of changes to stored
    rows, a field at a time over the rows that set the same fields (usually all of them): only
    values that differ but may still be the same (None and "", a float: `_same`) are looked at one
    by one. `built`: decimal columns as built, a value for each of `stored` (Run.decimal_columns)."""
    position = {name: i for i, name in enumerate(shape.names)}
    groups: dict[tuple, list] = {}
    for ch, old in stored:
        groups.setdefault(tuple(ch.values), []).append((ch, old))
    for fields, group in groups.items():
        if not fields:
            for ch, _ in group:
                ch.status = "unchanged"
            continue
        of_row = _getter([position.get(a) for a in fields])
        old_columns = list(zip(*[of_row(old) for _, old in group]))
        if built and len(group) == len(stored):  # every row: the decimal columns with their integers
            new_columns = [built[att] if att in built else [ch.values[att] for ch, _ in group] for att in fields]
        else:
            new_columns = list(zip(*[tuple(ch.values.values()) for ch, _ in group]))
        changes = []  # per field: the rows whose value changes, their old values (Decimals) and new ones
        for att, olds, news in zip(fields, old_columns, new_columns):
            mask = _as_stored_differs(fmap.get(att), olds, news) if att in shape.decimals else None
            if mask is None:
                if att in shape.decimals:
                    olds = _decimals_from_db(olds)
                mask = list(map(operator.ne, olds, news))
                if any(mask) and (set(map(type, olds)) | set(map(type, news))) & {NoneType, str, float, Pending}:
                    for i in itertools.compress(range(len(mask)), mask):
                        if not isinstance(news[i], Pending) and _same(olds[i], news[i]):
                            mask[i] = False
            rows = list(itertools.compress(range(len(mask)), mask))
            if rows:
                old = [olds[i] for i in rows]
                changes.append((att, rows, _decimals_from_db(old) if att in shape.decimals else old,
                                [news[i] for i in rows]))
        diffs: list[dict | None] = [None] * len(group)
        for att, rows, old, new in changes:
            for i, pair in zip(rows, zip(old, new)):
                if diffs[i] is None:
                    diffs[i] = {}
                diffs[i][att] = pair
        for (ch, _), diff in zip(group, diffs):
            if diff:
                ch.changed, ch.status = diff, "changed"
            else:
                ch.status = "unchanged"


def _as_stored_differs(field, olds, news) -> list[bool] | None:
    """Per row, whether a new decimal differs from the stored one as the driver read it
    (`_compare_as_stored` with ≠)."""
    return _compare_as_stored(operator.ne, field, olds, news)


def _compare_as_stored(op, field, olds, news) -> list[bool] | None:
    """Per row, op(old, new) for stored decimals as read (`olds`: `_fetch_columns(decimals=False)`)
    and new decimals, compared as doubles (as SQLite stores both; PostgreSQL's are read as float8),
    without making a Decimal of each stored value.

    That is exact here: a decimal of at most 15 significant digits and the double nearest it
    convert into each other (DBL_DIG = 15), so rounding such decimals to the nearest double is
    one-to-one and keeps their order; the stored double equals float(new) exactly when the decimal
    it was stored from (its shortest repr) equals new, and is below it exactly when that decimal
    is. None when that does not apply (not all floats and ints as read, a None, a decimal of more
    digits): then compare Decimals (`_decimals_from_db`)."""
    if not isinstance(field, models.DecimalField) or not olds:
        return None
    if not set(map(type, olds)) <= {float, int}:
        return None
    if isinstance(news, V.Decimals) and news.empty is None:  # the doubles at once (≤ 15 digits)
        return op(np.array(olds, dtype=np.float64), news.floats()).tolist()
    if set(map(type, news)) != {Decimal}:
        return None
    limit = V.double_exact_below(field.decimal_places)
    if max(news) >= limit or min(news) <= -limit:
        return None
    return list(map(op, olds, map(float, news)))


def _holds(values, obj) -> bool:
    """Whether `obj` itself is among `values` (by identity: `in` would ask each Decimal to compare)."""
    return any(map(operator.is_, values, itertools.repeat(obj)))


def _getter(positions: list[int | None]) -> Callable[[tuple], tuple]:
    """A function: a tuple → the tuple of its items at `positions` (None: no item → None)."""
    if None in positions:
        return lambda t: tuple(None if i is None else t[i] for i in positions)
    if len(positions) == 1:
        i = positions[0]
        return lambda t: (t[i],)
    return operator.itemgetter(*positions)


# `_fetch` filters on a key field's values in the query (WHERE year IN …) when the file holds at most
# this many distinct ones; a field with more (the firms of a province file) is matched after reading
FEW_KEY_VALUES = 500


def _stored_atts(target: Target) -> list[str]:
    """The fields `_diff` reads of a target's stored rows: its key, then its fields."""
    return [a for a in dict.fromkeys(list(target.key) + list(target.fields)) if a != "pk"]


def _key_atts(key: tuple[str, ...]) -> list[str]:
    """A target's key fields as read from stored rows ("pk" for pk or id)."""
    return ["pk" if k in ("pk", "id") else k for k in key]


def _fetched(atts: list[str]) -> list[str]:
    return ["pk"] + [a for a in atts if a != "pk"]


def _take(qs, fetch: list[str], key_atts: list[str], out: dict) -> None:
    """{key: the row's values in `fetch` order} of the rows of `qs`, into `out`."""
    columns = _fetch_columns(qs, fetch, decimals=False)
    out.update(zip(zip(*[columns[fetch.index(a)] for a in key_atts]), zip(*columns)))


def _stored_shape(model, fetch: list[str]) -> StoredShape:
    by_att = {f.attname: f for f in model._meta.concrete_fields}
    return StoredShape(fetch, {a for a in fetch if isinstance(by_att.get(a), models.DecimalField)})


def _fetch_columns(qs, names: list[str], decimals: bool = True, doubles: bool = True) -> list:
    """qs.values_list(*names) as one sequence per name (a column), each converted as a whole.

    DecimalField values become Decimals (`_decimals_from_db`), unless `decimals` is False: then
    they are left as the database gives them most cheaply, a float or an int, never rounded
    (`_compare` and the checks compare most of them without making Decimals of them):
    - SQLite holds them as REAL already, the double nearest each decimal;
    - PostgreSQL is asked for them as float8 (`doubles`): its cast from numeric is correctly
      rounded (through the decimal text), so that is the nearest double too, from which the
      decimal is recovered exactly when it has at most 15 significant digits. A column holding a
      value beyond 15 digits (or NaN, ±Infinity) is read again, as Decimals."""
    from django.db import connections
    from django.db.models.functions import Cast

    connection = connections[qs.db]
    model = qs.model
    by_att = {f.attname: f for f in model._meta.concrete_fields}
    fields = [model._meta.pk if n == "pk" else by_att[n] for n in names]
    cast = []
    if not decimals and doubles and connection.vendor == "postgresql":
        cast = [i for i, f in enumerate(fields) if isinstance(f, models.DecimalField) and f.decimal_places <= 15]
    selected, base = list(names), qs
    if cast:
        qs = qs.annotate(**{f"yuanqu_double_{i}": Cast(names[i], models.FloatField()) for i in cast})
        for i in cast:
            selected[i] = f"yuanqu_double_{i}"
    sql, params = qs.values_list(*selected).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [() for _ in names]
    columns = list(zip(*rows))
    for i in cast:
        present = [v for v in columns[i] if v is not None]
        limit = float(V.double_exact_below(fields[i].decimal_places))
        if present and not bool((np.abs(np.array(present, dtype=np.float64)) < limit).all()):
            return _fetch_columns(base, names, decimals, doubles=False)
    for i, f in enumerate(fields):
        if isinstance(f, models.DecimalField):
            if decimals:
                columns[i] = _decimals_from_db(columns[i])
            continue
        col = f.get_col(model._meta.db_table)
        fns = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if fns:
            columns[i] = [None if v is None else _apply(fns, v, col, connection) for v in columns[i]]
    return columns


def _decimal_from_db(value):
    """A DecimalField value as read (a Decimal, or a float or an int: `_fetch_columns`) → a Decimal.
    A float read back is the double nearest the stored decimal, so its shortest repr is that decimal."""
    if value is None or type(value) is Decimal:
        return value
    return Decimal(repr(value)) if type(value) is float else Decimal(value)


def _decimals_from_db(values):
    """`_decimal_from_db` of a column of values."""
    types = set(map(type, values))
    if types <= {Decimal, NoneType}:
        return values
    if types <= {float, int}:
        return list(map(Decimal, map(repr, values)))
    return list(map(_decimal_from_db, values))


def _apply(fns, value, col, connection):
    for fn in fns:
        value = fn(value, col, connection)
    return value


def _fmt_field(field, value) -> str:
    if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return _fmt(value)


def _fmt_column(field, values: list, quantized: bool = False) -> list[str]:
    """`_fmt_field(field, v)` for each value, a column of decimals or integers at once.
    `quantized`: decimals already have the field's places (as built for it)."""
    types = set(map(type, values))
    if isinstance(field, models.DecimalField) and types == {Decimal} and field.decimal_places <= 6:
        # quantized, a value's exponent is -places: str() writes it without an exponent, as format "f"
        if not quantized:
            values = map(Decimal.quantize, values, itertools.repeat(Decimal(1).scaleb(-field.decimal_places)))
        return list(map(str, values))
    if types == {int}:
        return list(map(str, values))
    return [_fmt_field(field, v) for v in values]


class EncodedJSON(str):
    """JSON text for a JSONField, written by insert_rows as it is (not encoded again)."""


def _changes_json(changes: list[dict], fmap: dict) -> list[EncodedJSON]:
    """{field: [old, new]} of each changed record as JSON text, the values as exact text
    (`_fmt_field`: decimals with the field's places, "" for none; new decimals are as built, rounded
    to those places already). The records that changed the same fields are done together: each
    field's values formatted as a column, then one template a record."""
    out: list = [None] * len(changes)
    groups: dict[tuple, list[int]] = {}
    for i, changed in enumerate(changes):
        groups.setdefault(tuple(changed), []).append(i)
    for fields, where in groups.items():
        parts, columns = [], []
        for att in fields:
            pairs = [changes[i][att] for i in where]
            new = [v for _, v in pairs]
            if Pending in set(map(type, new)):
                new = [v.change.pk if isinstance(v, Pending) else v for v in new]
            for texts in (_fmt_column(fmap[att], [v for v, _ in pairs]), _fmt_column(fmap[att], new, quantized=True)):
                if _JSON_ESCAPE.search("".join(texts)):  # a quote, a backslash, a control character
                    columns.append(list(map(_json_string, texts)))
                    parts.append("%s")
                else:
                    columns.append(texts)
                    parts.append('"%s"')
        template = "{" + ",".join(f"{json.dumps(att)}:[{old},{new}]"
                                  for att, old, new in zip(fields, parts[::2], parts[1::2])) + "}"
        texts = map(template.__mod__, zip(*columns)) if columns else itertools.repeat("{}", len(where))
        for i, text in zip(where, texts):
            out[i] = EncodedJSON(text)
    return out


_JSON_ESCAPE = re.compile(r'["\\\x00-\x1f]')


def _is_keyed(target: Target, key: tuple) -> bool:
    """Whether a key can name an existing row: no pending object, and a pk key is known.

    Other key fields may be None (a revitalization of a building has no parcel)."""
    for att, k in zip(target.key, key):
        if isinstance(k, Pending) or (k is None and att in ("pk", "id")):
            return False
    return True


def _batch_size(model, nfields: int | None = None) -> int:
    from django.db import connection

    if connection.vendor == "sqlite":
        n = nfields or len(model._meta.concrete_fields)
        return max(50, min(2000, 30000 // max(n, 1)))
    return 2000


# =========================================================================== helpers for specs

def const(value):
    return lambda row, run: value


def period_year(row, run):
    return run.year


def period_month(row, run):
    return run.period.month
