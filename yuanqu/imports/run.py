"""One import of one file as one kind: the context every stage and every kind's check is handed.

A `Run` carries what the import is about (the kind, the period, the county `region` names are
looked up in, the user, today) and what the stages found: the workbook (read), the table
(header), the data rows (parse), the references (resolve), the changes per target (diff), the
batch (write), and every issue. `validate` runs the stages up to the write.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from yuanqu.core.periods import Period

from . import values as V
from .kind import Kind

ERROR, WARNING, INFO = "error", "warning", "info"
LEVEL_LABEL = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


def column_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


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
            parts.append(f"{column_letter(self.col)}列" + (f"“{self.header}”" if self.header else ""))
        elif self.header:
            parts.append(f"“{self.header}”列")
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}：{self.text}" if self.location else self.text

    def as_dict(self) -> dict:
        return {"level": self.level, "level_label": LEVEL_LABEL[self.level], "message": str(self),
                "text": self.text, "sheet": self.sheet, "row": self.row,
                "column": column_letter(self.col) if self.col is not None else None,
                "header": self.header, "code": self.code}


class Row:
    """A data row of the table: its cells as read, its values by column, the rows it references."""

    __slots__ = ("n", "cells", "v", "refs", "links", "objs", "ok", "label")

    def __init__(self, n: int, cells: list):
        self.n = n  # 0-based row index in the sheet
        self.cells = cells
        self.v: dict[str, Any] = {}  # column → value (a cell that could not be read has none)
        self.refs: dict[str, Any] = {}  # ref name → pk (None: none)
        self.links: dict[str, frozenset] = {}  # Links column → the pks it names (links.py)
        self.objs: dict[int, Any] = {}  # target position → this row's Change
        self.ok = True  # no error on the row
        self.label = ""

    @property
    def excel_row(self) -> int:
        return self.n + 1


class Run:
    def __init__(self, kind: Kind, *, period: Period | None = None, region=None, user=None, sheet: str | None = None,
                 today: dt.date | None = None, progress=None):
        self.kind = kind
        self.given_period = period
        self.period: Period | None = None
        self.region = region  # the county whose parks, chains and departments names are looked up in
        self.user = user
        self.sheet_name = sheet
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda stage, done, total: None)
        self.issues: list[Issue] = []
        self.workbook = None  # read.Workbook
        self.table = None  # header.Table
        self.units: dict[str, tuple[str, Any]] = {}  # column → (unit read, factor to the stored unit)
        self.rows: list[Row] = []
        self.total_rows: list[Row] = []
        self.changes: dict[int, list] = {}  # target position → its diff.Change of each row, in row order
        self.link_changes: list = []  # links.LinkChange of each row (Kind.links)
        self.batch = None
        self.cache: dict = {}  # what stages and checks read from the database once per run, by their own keys

    # ---------------------------------------------------------------- issues

    def add(self, level: str, text: str, row: Row | int | None = None, col: str | int | None = None,
            code: str = ""):
        """An issue at a row (a Row, or an Excel row number) and a column (a column's name, or an index)."""
        index = header = None
        if isinstance(col, int):
            index = col
        elif col and self.table and col in self.table.columns:
            index, header = self.table.columns[col].index, self.table.columns[col].header
        elif col in self.kind.by_name:
            header = self.kind.header_of(self.kind.by_name[col])
        number = row.excel_row if isinstance(row, Row) else row
        self.issues.append(Issue(level, text, self.sheet, number, index, header, code))
        if isinstance(row, Row) and level == ERROR:
            row.ok = False

    def error(self, text, row=None, col=None, code=""):
        self.add(ERROR, text, row, col, code)

    def warning(self, text, row=None, col=None, code=""):
        self.add(WARNING, text, row, col, code)

    def info(self, text, row=None, col=None, code=""):
        self.add(INFO, text, row, col, code)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]

    @property
    def infos(self) -> list[Issue]:
        return [i for i in self.issues if i.level == INFO]

    def sort_issues(self) -> None:
        """File-level issues first, then by row and column (stable)."""
        self.issues.sort(key=lambda i: (i.row is not None, i.row or 0, -1 if i.col is None else i.col))

    # ---------------------------------------------------------------- what the stages found, for checks

    @property
    def sheet(self) -> str | None:
        return self.table.sheet.name if self.table else None

    @property
    def year(self) -> int | None:
        return self.period.year if self.period else None

    def has(self, col: str) -> bool:
        """Whether the file has the column."""
        return bool(self.table) and col in self.table.columns

    def col_if_present(self, col: str) -> str | None:
        return col if self.has(col) else None

    def shown(self, row: Row, col: str) -> str:
        """The cell of `row` in column `col` as the file shows it."""
        tc = self.table.columns.get(col) if self.table else None
        return V.cell_text(row.cells[tc.index]) if tc and tc.index < len(row.cells) else ""

    def unit_factor(self, col: str):
        return self.units.get(col, (None, V.ONE))[1]

    def changes_of(self, model: str) -> list:
        """The changes (diff.Change) of the target writing `model` ([] when it writes nothing)."""
        for i, target in enumerate(self.kind.targets):
            if target.model == model and i in self.changes:
                return self.changes[i]
        return []


def validate(run: Run, source, file_name: str | None = None) -> bool:
    """read → header → parse → resolve → diff → check: everything but the write (database reads
    only). False when a stage stopped the run (its errors say why)."""
    from . import check, diff, header, parse, read, resolve

    if run.region is not None and not run.region.is_county:
        run.issues.append(Issue(ERROR, f"导入的数据属于一个县（市、区）；“{run.region.name}”不是县级行政区，"
                                       f"应由县（市、区）的用户导入", code="region"))
        return False
    try:
        run.workbook = read.open_workbook(source, file_name)
    except read.ReadError as exc:
        run.issues.append(Issue(ERROR, str(exc), code="file"))
        return False
    if not (header.locate(run) and parse.parse(run) and resolve.resolve(run)):
        return False
    diff.diff(run)
    check.check(run)
    return True
