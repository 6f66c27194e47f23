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
import operator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from yuanqu.core.periods import Period

from . import reading as R
from . import values as V
from .aliases import aliases_for

ERROR, WARNING, INFO = "error", "warning", "info"
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
    __slots__ = ("n", "cells", "v", "refs", "objs", "ok", "label")

    def __init__(self, n, cells):
        self.n = n  # 0-based row index in the sheet
        self.cells = cells
        self.v: dict[str, Any] = {}
        self.refs: dict[str, Any] = {}
        self.objs: dict[int, Change] = {}
        self.ok = True
        self.label = ""

    @property
    def excel_row(self) -> int:
        return self.n + 1


class Pending:
    """The pk of an object that will be created in this import."""

    __slots__ = ("change",)

    def __init__(self, change):
        self.change = change


class Change:
    __slots__ = ("target", "row", "key", "pk", "values", "old", "changed", "status")

    def __init__(self, target, row, key, values):
        self.target = target
        self.row = row
        self.key = key
        self.values = values
        self.pk = None
        self.old = None
        self.changed: dict[str, tuple] = {}
        self.status = "new"


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
        import json
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
        self.active_targets: list[int] = []
        self.rounded: dict[str, int] = {}
        self.batch = None
        self.written = False
        self._lookups: dict[tuple, dict] = {}
        self._cache: dict = {}

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
        try:
            self.workbook = R.open_workbook(source, file_name)
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
            table = R.locate_table(sheet, spec.index, self._year_hint(sheet))
            if table is None:
                continue
            missing = self._missing_columns(table)
            candidates.append((not missing, len(table.columns), -order, table, missing))
        if not candidates:
            expected = "、".join(self.spec.header_of(c) for c in spec.columns if c.required) or \
                "、".join(self.spec.header_of(c) for c in spec.columns[:4])
            self.error(f"未找到“{spec.label}”表头：前{R.SCAN_ROWS}行中没有一行能识别出至少两个列名。"
                       f"表头应包含：{expected}。请检查导入类别是否选对（当前：{spec.label}），"
                       f"或下载模板对照", code="header")
            return False
        candidates.sort(key=lambda c: c[:3], reverse=True)
        _, _, _, table, missing = candidates[0]
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
        if self.year:
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
        for n in range(table.data_start, len(rows)):
            kind = R.row_kind(rows[n])
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
        # pass 2: column by column (a tight loop per column, numbers from Excel inlined)
        today = self.today
        every = data + totals
        for k, (name, tc) in enumerate(table.columns.items()):
            self._parse_column(name, tc.index, every, today)
            self.progress("读取", (k + 1) * len(every) // len(table.columns), len(every))
        for c in (c for c in spec.row_label if c in self.present):
            for row in every:
                if not row.label and row.v.get(c):
                    row.label = str(row.v[c])
        if subtotals:
            self.info(f"已跳过{subtotals}行“其中/小计”分项行（不导入）", code="subtotal")
        if not self.rows:
            self.error(f"表头（第{table.header_last + 1}行）下面没有数据行", code="empty")
            return False
        self.check_totals()
        return True

    def _parse_column(self, name: str, idx: int, rows: list[Row], today):
        col = self.spec.by_name[name]
        parser = col.parser
        fac = self.units.get(name, (None, Decimal(1)))[1]
        one = Decimal(1)
        fac_or_none = None if fac == one else fac
        number = type(parser) is V.Number and parser.max_value is None
        fast = number and not parser.integer
        intfast = number and parser.integer and fac_or_none is None
        signed = getattr(parser, "signed", True)
        needed, past = col.needed, col.past
        D = Decimal
        for row in rows:
            cells = row.cells
            raw = cells[idx] if idx < len(cells) else None
            if type(raw) is float and raw == raw:
                if fast:
                    value = D(repr(raw))
                    if fac_or_none is not None:
                        value *= fac_or_none
                    if value >= 0 or signed:
                        row.v[name] = value
                        continue
                elif intfast and raw.is_integer() and (raw >= 0 or signed):
                    row.v[name] = int(raw)
                    continue
            try:
                value = parser.parse(raw, fac)
            except V.Problem as p:
                self.error(f"值“{V.cell_text(raw)}”无法识别，应为{p.expected}", row, name, code="value")
                continue
            if needed and (value is None or value == ""):
                self.error(f"不能为空，应填写{col.label}", row, name, code="required")
            elif past and value is not None and value > today:
                self.error(f"日期“{V.cell_text(raw)}”在未来（今天是{today.isoformat()}），应为已发生的日期", row, name,
                           code="future_date")
            row.v[name] = value

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
            column = [r.v.get(name) for r in self.rows]
            s = sum([x for x in column if x is not None], Decimal(0))
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
        key = (model_label, fields)
        if key not in self._lookups:
            model = apps.get_model(model_label)
            index: dict[str, list] = {}
            for pk, *vals in model.objects.values_list("pk", *fields).iterator(chunk_size=5000):
                seen = set()
                for val in vals:
                    k = _norm_key(val)
                    if k and k not in seen:
                        seen.add(k)
                        index.setdefault(k, []).append(pk)
            self._lookups[key] = index
        return self._lookups[key]

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
        plans = [(ref, [(c, self.lookup(ref.model, fields)) for c, fields in ref.by if c in self.present])
                 for ref in refs]
        for i, row in enumerate(self.rows):
            for ref, by in plans:
                row.refs[ref.name] = self._resolve_one(ref, row, by)
            if i % self.PROGRESS_STEP == 0:
                self.progress("核对", i, len(self.rows))

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

        def coerce(v):
            if v is None:
                if isinstance(on_none, RowProblem):
                    raise on_none
                return on_none
            if max_length and isinstance(v, str) and len(v) > max_length:
                raise RowProblem(f"内容过长（{len(v)}个字），应不超过{max_length}个字", col, "value")
            if positive and isinstance(v, int) and v < 0:
                raise RowProblem("不能为负数", col, "value")
            return v
        return coerce

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
            values: list[dict] = [{} for _ in rows]
            failed: dict[int, RowProblem] = {}  # row position → the first problem (in plan order)
            # field by field, a tight loop over the rows; a row stops at its first problem
            for entry in plan:
                self._build_field(entry, rows, values, failed)
            changes = self.changes[ti]
            key_atts = target.key
            for i, row in enumerate(rows):
                p = failed.get(i) if failed else None
                if p is not None:
                    self.error(p.text, row, p.col, code=p.code)
                    continue
                vals = values[i]
                ch = Change(target, row, tuple(vals.get(k) for k in key_atts), vals)
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

    def _build_field(self, entry, rows: list[Row], values: list[dict], failed: dict):
        """values[i][att] for every row i not failed yet; a RowProblem goes to failed[i]."""
        att, how, src, coerce = entry
        if how == "col" and isinstance(coerce, _DecimalCoerce):  # most cells of a statistics file
            q, limit, on_none, col = coerce.q, coerce.limit, coerce.on_none, coerce.col
            neg_limit = -limit
            rounded = 0
            for i, row in enumerate(rows):
                if failed and i in failed:
                    continue
                v = row.v.get(src)
                if v is None:
                    if isinstance(on_none, RowProblem):
                        failed[i] = on_none
                    elif on_none is not SKIP:
                        values[i][att] = on_none
                    continue
                r = v.quantize(q, ROUND_HALF_UP)
                if r != v:
                    rounded += 1
                if r >= limit or r <= neg_limit:
                    failed[i] = coerce.too_large(v)
                    continue
                values[i][att] = r
            if rounded and col:
                self.rounded[col] = self.rounded.get(col, 0) + rounded
            return
        for i, row in enumerate(rows):
            if failed and i in failed:
                continue
            try:
                if how == "col":
                    val = row.v.get(src)
                elif how == "ref":
                    val = row.refs.get(src)
                elif how == "obj":
                    ch = row.objs.get(src.target)
                    if ch is not None:
                        values[i][att] = ch.pk if ch.pk is not None else Pending(ch)
                    continue
                else:
                    val = src(row, self)
                    if val is SKIP:
                        continue
                if coerce is not None:
                    val = coerce(val)
                    if val is SKIP:
                        continue
            except RowProblem as p:
                failed[i] = p
                continue
            values[i][att] = val

    def _diff(self, ti: int, target: Target, model):
        changes = self.changes[ti]
        if not changes:
            return
        atts = list(dict.fromkeys(list(target.key) + list(target.fields)))
        atts = [a for a in atts if a != "pk"]
        keyed = [c.key for c in changes if _is_keyed(target, c.key)]
        existing = self._fetch(model, target.key, atts, keyed) if keyed else {}
        for ch in changes:
            old = existing.get(ch.key) if existing and _is_keyed(target, ch.key) else None
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
            ch.pk = old["pk"]
            ch.old = old
            if not target.update:
                ch.status = "unchanged"
                continue
            vals = ch.values
            if tuple(map(old.get, vals)) == tuple(vals.values()):  # one comparison for an unchanged row
                ch.status = "unchanged"
                continue
            changed = {}
            for att, new in vals.items():
                if isinstance(new, Pending) or not _same(old.get(att), new):
                    changed[att] = (old.get(att), new)
            ch.changed = changed
            ch.status = "changed" if changed else "unchanged"

    def _fetch(self, model, key: tuple[str, ...], atts: list[str], keys: list[tuple]) -> dict:
        """Existing rows by key, in a few queries: filter on the key fields with few distinct values
        (year, month); only when there is none, on the many-valued one (pk, code) in chunks."""
        key_atts = ["pk" if k in ("pk", "id") else k for k in key]
        distinct = {k: {t[i] for t in keys} for i, k in enumerate(key_atts)}
        small = {k: vals for k, vals in distinct.items() if len(vals) <= 500}
        big = [k for k in key_atts if k not in small]
        base = model.objects.all()
        for k, vals in small.items():
            q = models.Q(**{f"{k}__in": [x for x in vals if x is not None]})
            if None in vals:
                q |= models.Q(**{f"{k}__isnull": True})
            base = base.filter(q)
        fetch = ["pk"] + [a for a in atts if a not in ("pk",)]
        out = {}
        wanted = set(keys)

        def take(qs):
            for rec in _fast_values(qs, fetch):
                k = tuple(rec["pk"] if a == "pk" else rec[a] for a in key_atts)
                if k in wanted:
                    out[k] = rec

        if small or not big:
            take(base)  # e.g. all rows of the period: one query, the rest filtered here
        else:
            b = max(big, key=lambda k: len(distinct[k]))
            vals = list(distinct[b])
            for i in range(0, len(vals), 900):
                take(base.filter(**{f"{b}__in": vals[i:i + 900]}))
        return out

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

    @property
    def row_count(self) -> int:
        return len(self.rows)

    # ------------------------------------------------------------------ stage 7: write

    def write(self, *, note: str = ""):
        """Write every change in one transaction. The caller has checked that there is no error.

        New rows of a target that a later target points at (Obj) or that has no batch field are
        written with bulk_create (their ids are needed); other new rows, every update and the
        revision records are written with executemany, a statement prepared once (bulk, and
        several times faster than bulk_create/bulk_update, which adapt every value in Python).
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
                                revisions.append({"batch_id": batch.pk, "model": label, "object_id": obj.pk,
                                                  "action": Revision.Action.CREATE, "field": "", "old_value": "",
                                                  "new_value": "", "sheet": sheet, "row": ch.row.excel_row})
                    else:
                        insert_rows(model, rows, now, stamp)
                upd = [c for c in self.changes[ti] if c.status == "changed"]
                if upd:
                    fields = sorted({a for c in upd for a in c.changed})
                    fields += [a for a in stamp if a not in fields]
                    fields += [a for a in auto_now if a not in fields]
                    values = []
                    for ch in upd:
                        row_vals = []
                        for a in fields:
                            if a in ch.changed:
                                v = ch.changed[a][1]
                                v = v.change.pk if isinstance(v, Pending) else v
                            elif a in stamp:
                                v = stamp[a]
                            elif a in auto_now:
                                v = now
                            else:
                                v = ch.old.get(a)
                            row_vals.append(v)
                        values.append((ch.pk, row_vals))
                        for a, (old, newv) in ch.changed.items():
                            if isinstance(newv, Pending):
                                newv = newv.change.pk
                            revisions.append({"batch_id": batch.pk, "model": label, "object_id": ch.pk,
                                              "action": "update", "field": a, "old_value": _fmt_field(fmap[a], old),
                                              "new_value": _fmt_field(fmap[a], newv), "sheet": sheet,
                                              "row": ch.row.excel_row})
                    update_rows(model, fields, values)
                self.progress("写入", ti + 1, len(self.spec.targets))
            if revisions:
                insert_rows(Revision, revisions, now)
        self.batch = batch
        self.written = True
        return batch

    def _refetch_pks(self, model, target, new, objs):  # pragma: no cover - SQLite ≥ 3.35 and PostgreSQL return ids
        keys = [tuple(o.__dict__.get(k) for k in target.key) for o in objs]
        found = self._fetch(model, target.key, list(target.key), keys)
        for o, k in zip(objs, keys):
            o.pk = found[k]["pk"]


class _DecimalCoerce:
    """A value → what a DecimalField stores: rounded half up to its places (counted per column in
    `rounded`), within its digits; None → `on_none` (a RowProblem is raised)."""

    def __init__(self, f: models.DecimalField, col: str | None, on_none, rounded: dict):
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
        r = v.quantize(self.q, rounding=ROUND_HALF_UP)
        if r != v and self.col:
            self.rounded[self.col] = self.rounded.get(self.col, 0) + 1
        if r >= self.limit or r <= -self.limit:
            raise self.too_large(v)
        return r


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
    """The rows' values of `att` (default where a row has none), adapted for the driver; a column
    whose values the driver takes as they are (the usual case) is passed through."""
    try:
        values = list(map(operator.itemgetter(att), rows))
    except KeyError:
        values = [r[att] if att in r else default for r in rows]
    if not set(map(type, values)) <= {type(None), *_fast_types(field)}:
        prep = _preparer(field, connection)
        values = list(map(prep, values))
    return values


def insert_rows(model, rows: list[dict], now, extra: dict | None = None) -> None:
    """INSERT rows (dicts of attname → value): COPY on PostgreSQL, many rows per INSERT elsewhere.
    `extra`: values the same for every row (the batch, the user). Absent fields get their defaults.
    The rows are adapted column by column, each column once."""
    from django.db import connections, router

    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    extra = extra or {}
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
            columns.append(itertools.repeat(constant, len(rows)))
        else:
            columns.append(_column(rows, att, default, f, connection))
    records = list(zip(*columns))
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY: the fastest bulk path PostgreSQL has (psycopg adapts each value once)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for rec in records:
                    copy.write_row(rec)
        return
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


def _rows_per_statement(connection, ncols: int) -> int:
    """Rows in one multi-row statement: within SQLite's 32766 and PostgreSQL's 65535 parameters."""
    limit = 30000 if connection.vendor == "sqlite" else 60000
    return max(1, min(2000, limit // max(ncols, 1)))


def update_rows(model, atts: list[str], values: list[tuple]) -> None:
    """UPDATE … SET atts WHERE pk = … for each (pk, [values in atts order]): on PostgreSQL COPY into
    a temporary table and one UPDATE … FROM it; on SQLite (in-process, no round trips) executemany."""
    from django.db import connections, router

    if not values:
        return
    connection = connections[router.db_for_write(model)]
    fmap = {f.attname: f for f in model._meta.concrete_fields}
    preps = [_preparer(fmap[a], connection) for a in atts]
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    params = [[p(v) for p, v in zip(preps, vals)] + [pk_value] for pk_value, vals in values]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY the new values into a temporary table, then one UPDATE … FROM it
            types = [fmap[a].db_type(connection) for a in atts] + [model._meta.pk.rel_db_type(connection)]
            names = [f"c{i}" for i in range(len(atts))] + ["pk"]
            tmp = qn(f"yuanqu_import_{model._meta.db_table}"[:60])
            cursor.execute(f"CREATE TEMPORARY TABLE {tmp} ({', '.join(f'{n} {t}' for n, t in zip(names, types))})")
            with cursor.cursor.copy(f"COPY {tmp} ({', '.join(names)}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            sets = ", ".join(f"{qn(fmap[a].column)} = v.c{i}" for i, a in enumerate(atts))
            cursor.execute(f"UPDATE {table} SET {sets} FROM {tmp} AS v WHERE {table}.{pk} = v.pk")
            cursor.execute(f"DROP TABLE {tmp}")
        else:
            sets = ", ".join(f"{qn(fmap[a].column)} = %s" for a in atts)
            sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
            for i in range(0, len(params), 5000):
                cursor.executemany(sql, params[i:i + 5000])


def _fast_values(qs, names: list[str]):
    """qs.values(*names) as dicts, with DecimalField values converted by a fast path.

    Django's SQLite converter for decimals costs a few microseconds a value; a REAL read back from
    SQLite is the double nearest the stored decimal, so its shortest repr is that decimal.
    Values are converted column by column, a chunk of rows at a time."""
    from django.db import connections

    connection = connections[qs.db]
    model = qs.model
    by_att = {f.attname: f for f in model._meta.concrete_fields}
    fields = [model._meta.pk if n == "pk" else by_att[n] for n in names]
    convs = []
    for f in fields:
        if isinstance(f, models.DecimalField):
            convs.append(_decimals_from_db)
            continue
        col = f.get_col(model._meta.db_table)
        fns = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if fns:
            convs.append((lambda fns, col: (lambda values: [None if v is None else _apply(fns, v, col, connection)
                                                            for v in values]))(fns, col))
        else:
            convs.append(None)
    sql, params = qs.values_list(*names).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            chunk = cursor.fetchmany(5000)
            if not chunk:
                break
            columns = [values if conv is None else conv(values) for conv, values in zip(convs, zip(*chunk))]
            for raw in zip(*columns):
                yield dict(zip(names, raw))


def _decimals_from_db(values) -> list:
    """A column of DecimalField values as read (Decimal, float or int on SQLite, None) → Decimals."""
    D = Decimal
    return [v if v is None or type(v) is D else D(repr(v)) if type(v) is float else D(v) for v in values]


def _apply(fns, value, col, connection):
    for fn in fns:
        value = fn(value, col, connection)
    return value


def _fmt_field(field, value) -> str:
    if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return _fmt(value)


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
