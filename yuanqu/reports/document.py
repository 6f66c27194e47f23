"""A report as a list of blocks (title, headings, paragraphs, charts, tables), independent of the
output: the Word writer (docx.py), the HTML preview and the plain text all read the same blocks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from yuanqu.figures import format as fmt

from .periods import cn_number

HEADING_KINDS = ("h1", "h2", "h3")
# columns whose cells are numbers or short figures: right-aligned and never broken inside
NUMERIC_KINDS = frozenset({"money", "int", "pct", "pct2", "points", "raw", "yi", "date", "figure"})


@dataclass
class Block:
    kind: str  # title | h1 | h2 | h3 | p | right | issuer | date | chart | table
    text: str = ""
    ref: str = ""  # chart or table name
    number: str = ""  # "一、", "（一）", "1." for headings (set by `number_headings`)

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass
class Column:
    header: str
    # text | money (万元, 2 decimals) | int | pct | pct2 | points | date | yi | figure (a worded figure: "83.98亿元")
    kind: str = "text"


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    sheet: str = ""  # Excel sheet name (default: title)

    def display_rows(self) -> list[list[str]]:
        return [[display_cell(v, c.kind) for v, c in zip(row, self.columns)] for row in self.rows]


@dataclass
class Chart:
    name: str
    title: str
    draw: Callable[[], bytes]  # PNG bytes
    _png: bytes | None = None

    @property
    def png(self) -> bytes:
        if self._png is None:
            self._png = self.draw()
        return self._png


@dataclass
class Report:
    kind: str  # monthly | weekly | quarterly
    kind_label: str  # 月调度 | 周监测 | 季盘点
    title: str
    filename: str
    scope: Any
    period: Any
    blocks: list[Block] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    appendix: list[Table] | Callable[[], list[Table]] = field(default_factory=list)  # built when first needed
    facts: Any = None
    issued: dt.date | None = None  # 成文日期

    @property
    def appendix_tables(self) -> list[Table]:
        """The .xlsx appendix (built on first use: a Word or PDF output does not pay for it)."""
        if callable(self.appendix):
            self.appendix = self.appendix()
        return self.appendix

    def text(self) -> str:
        """Plain text: one paragraph a line, tables as tab-separated rows, charts by title."""
        lines = []
        for block in self.blocks:
            if block.kind == "chart":
                chart = self.charts.get(block.ref)
                lines.append(f"〔图：{chart.title}〕" if chart else "")
            elif block.kind == "table":
                table = self.tables.get(block.ref)
                if table:
                    lines.append(table.title)
                    lines.append("\t".join(c.header for c in table.columns))
                    lines.extend("\t".join(r) for r in table.display_rows())
            else:
                lines.append(block.full_text)
        return "\n".join(lines) + "\n"


def number_headings(blocks: list[Block]) -> list[Block]:
    """Number headings as 公文 do: "一、" (h1), "（一）" (h2, restarting under each h1), "1." (h3)."""
    counts = [0, 0, 0]
    for block in blocks:
        if block.kind not in HEADING_KINDS:
            continue
        level = HEADING_KINDS.index(block.kind)
        counts[level] += 1
        for deeper in range(level + 1, 3):
            counts[deeper] = 0
        n = counts[level]
        block.number = (f"{cn_number(n)}、", f"（{cn_number(n)}）", f"{n}.")[level]
    return blocks


def display_cell(value, kind: str) -> str:
    if value is None or value == "":
        return "" if kind == "text" else fmt.DASH
    if kind == "money":
        return f"{fmt.rounded(value, 2):,.2f}"
    if kind == "yi":
        return fmt.yi(value)
    if kind == "int":
        return f"{int(value):,}" if isinstance(value, (int, Decimal)) else str(value)
    if kind == "pct":
        return fmt.fixed(value, 1)
    if kind == "pct2":
        return fmt.fixed(value, 2)
    if kind == "points":
        return fmt.fixed(value, 2)
    if kind == "date":
        return fmt.cn_date(value) if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return str(value)
