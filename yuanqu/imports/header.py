"""Stage 2, locate the header: which sheet holds the kind's table, its title lines (and the period
they name), its unit line, and its header row or rows, as offices really lay them out.

A header is one row, or two with merged group cells over role cells (工业总产值 over 本年1-本月 /
上年同期1-本月; the merged value is in the first cell only and is filled across), optionally with a
栏次 row under it (甲 乙 1 2 3 …). Header cells match a column by its label or an alias, ignoring
spaces, case, full-width forms, dash variants (1—本月 = 1-本月), a month range (1-8月 = 1-本月), a
unit in brackets or at the end (read from there), and qualifiers such as （当年价格）; a leading
year reads as 本年 or 上年 once the period is known. A flat header may write group and role in one
cell ("本年工业总产值", "工业总产值本年1-本月", "工业总产值/本年1-本月").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from yuanqu.core.periods import Period

from . import values as V
from .read import Sheet
from .run import Run, column_letter

SCAN_ROWS = 40  # the header is within the first rows of a sheet
IGNORED_QUALIFIERS = frozenset({"当年价格", "当年价", "现价", "现行价格", "按现行价格计算", "必填", "选填", "可选"})

_BRACKETS_RE = re.compile(r"[(（\[【〔]([^()（）\[\]【】〔〕]*)[)）\]】〕]")
_DASHES_RE = re.compile(r"[—–－―~～〜至到]+")
_MONTH_RANGE_RE = re.compile(r"1-(\d{1,2})月")
_YEAR_PREFIX_RE = re.compile(r"^(\d{4})年度?")
_TRAILING_UNIT_RE = re.compile(rf"[/、,:_]({V.UNIT_ALTERNATION})$", re.IGNORECASE)
_BARE_TRAILING_UNIT_RE = re.compile(r"(万元|千元|亿元|万千瓦时|千瓦时|万平方米|平方米|公顷)$")
_SEPARATORS = "/|:_-·、"  # between a group and a role written in one cell


@functools.lru_cache(maxsize=4096)  # a header text is cleaned once (locating tries each row twice)
def clean_header(text, year: int | None = None) -> tuple[str, str | None]:
    """A header cell → (normalised label, the unit written in it)."""
    if text is None:
        return "", None
    s = "".join(V.nfkc(V.cell_text(text)).lower().split()).replace("*", "").replace("※", "").rstrip(":")
    unit = None

    def bracket(m):
        nonlocal unit
        inner = m.group(1)
        um = V.UNIT_LINE_RE.search(inner)
        inner_unit = um.group(1) if um else inner
        if V.unit_family(inner_unit):
            unit = V.nfkc(inner_unit).lower()
            return ""
        return "" if inner in IGNORED_QUALIFIERS else inner

    s = _BRACKETS_RE.sub(bracket, s)
    s = _MONTH_RANGE_RE.sub("1-本月", _DASHES_RE.sub("-", s))
    m = _YEAR_PREFIX_RE.match(s) if year else None
    if m and int(m.group(1)) in (year, year - 1):
        s = ("本年" if int(m.group(1)) == year else "上年") + s[m.end():]
    if unit is None:
        m = _TRAILING_UNIT_RE.search(s) or _BARE_TRAILING_UNIT_RE.search(s)
        if m and m.start() > 0:
            unit, s = m.group(1).lower(), s[: m.start()]
    return s, unit


def alias_key(alias: str) -> str:
    return clean_header(alias)[0]


@dataclass
class HeaderIndex:
    """A kind's headers, normalised → column names."""

    singles: dict[str, str] = field(default_factory=dict)  # label → column
    weak: dict[str, str] = field(default_factory=dict)  # a group alone → its main column (lower priority)
    groups: dict[str, str] = field(default_factory=dict)  # group label → group
    roles: dict[str, str] = field(default_factory=dict)  # role label → role
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)  # (group, role) → column

    @classmethod
    def of(cls, kind) -> HeaderIndex:
        idx = cls()
        for g, aliases in kind.groups.items():
            for a in aliases:
                idx.groups.setdefault(alias_key(a), g)
        for r, aliases in kind.roles.items():
            for a in aliases:
                idx.roles.setdefault(alias_key(a), r)
        for c in kind.columns:
            if c.group:
                idx.pairs[(c.group, c.role)] = c.name
                if c.role == "cum":  # "工业总产值" alone means this year's 1—本月 value
                    for a in kind.groups[c.group]:
                        idx.weak.setdefault(alias_key(a), c.name)
                continue
            for a in kind.aliases(c):
                idx.singles.setdefault(alias_key(a), c.name)
        return idx

    def match_single(self, label: str) -> str | None:
        if not label:
            return None
        if label in self.singles:
            return self.singles[label]
        for g_label, g in self.groups.items():  # group and role in one cell, either way round
            if label.startswith(g_label):
                found = self.pair(g, label[len(g_label):].lstrip(_SEPARATORS))
            elif label.endswith(g_label):
                found = self.pair(g, label[: -len(g_label)].rstrip(_SEPARATORS))
            else:
                continue
            if found:
                return found
        return self.weak.get(label)

    def pair(self, group: str, role_label: str) -> str | None:
        role = self.roles.get(role_label)
        return self.pairs.get((group, role)) if role else None

    def match_pair(self, group_label: str, role_label: str) -> str | None:
        group = self.groups.get(group_label)
        return self.pair(group, role_label) if group else None


@dataclass
class TableColumn:
    index: int
    field: str
    header: str  # as shown to the user, e.g. "工业总产值 / 本年1-本月"
    unit: str | None = None  # the unit written in the header (normalised)


@dataclass
class Table:
    sheet: Sheet
    header_first: int
    header_last: int
    columns: dict[str, TableColumn]
    ignored: list[tuple[int, str]]  # header cells matching no column
    duplicates: list[tuple[str, TableColumn, TableColumn]]  # a column matched by two cells
    title_lines: list[str]
    title_rows: list[int]  # the row of each title line
    units: dict[str, str]  # unit family → unit from the unit line
    data_start: int


def _row_texts(row) -> list[str]:
    return ["" if V.is_blank_cell(v) else V.cell_text(v) for v in row]


def _is_numbering_row(row) -> bool:
    """The 栏次 row under a bureau header: 甲 乙 1 2 3 … (or A B C …)."""
    texts = [V.nfkc(t).strip().lower() for t in _row_texts(row) if t]
    numbers = [int(t) for t in texts if t.isdigit()]
    return len(texts) >= 3 and len(numbers) >= 2 and all(t.isdigit() or t in "甲乙丙丁戊己abcdefg" for t in texts) \
        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _group_row(sheet: Sheet, r: int, width: int) -> list:
    """Row r with merged cells filled across their merge (the reader gives the first cell only)."""
    row = list(sheet.rows[r]) + [None] * (width - len(sheet.rows[r]))
    for (r0, c0), (r1, c1) in sheet.merges:
        if r0 <= r <= r1:
            for c in range(c0, min(c1 + 1, width)):
                if V.is_blank_cell(row[c]):
                    row[c] = sheet.cell(r0, c0)
    return row


def _match_row(sheet: Sheet, r: int, index: HeaderIndex, year, two_rows: bool):
    """The columns header row r matches (with row r-1 as the group row when two_rows)."""
    width = sheet.width
    sub = list(sheet.rows[r]) + [None] * (width - len(sheet.rows[r]))
    groups = _group_row(sheet, r - 1, width) if two_rows else [None] * width
    if two_rows:
        # an empty group cell over a role cell takes its left neighbour's group (a producer that
        # did not merge the group cell), unless a merge from above covers it
        for c in range(1, width):
            if (V.is_blank_cell(groups[c]) and not V.is_blank_cell(sub[c]) and not V.is_blank_cell(sub[c - 1])
                    and clean_header(groups[c - 1], year)[0] in index.groups
                    and not any(r0 < r <= r1 and c0 <= c <= c1 for (r0, c0), (r1, c1) in sheet.merges)):
                groups[c] = groups[c - 1]
    columns: dict[str, TableColumn] = {}
    ignored, duplicates = [], []
    for c in range(width):
        s_label, s_unit = clean_header(sub[c], year)
        g_label, g_unit = clean_header(groups[c], year)
        s_text, g_text = V.cell_text(sub[c]), V.cell_text(groups[c])
        found, header, unit = None, s_text, s_unit
        if g_label and s_label:
            found = index.match_pair(g_label, s_label)
            header, unit = (f"{g_text} / {s_text}", s_unit or g_unit) if found else (s_text, s_unit)
        if not found and s_label:
            found = index.match_single(s_label)
        if not found and g_label and not s_label:
            found = index.match_single(g_label)
            header, unit = g_text, g_unit
        if found:
            col = TableColumn(c, found, header, unit)
            if found in columns:
                duplicates.append((found, columns[found], col))
            else:
                columns[found] = col
        elif s_text or g_text:
            ignored.append((c, f"{g_text} / {s_text}" if g_text and s_text else (s_text or g_text)))
    return columns, ignored, duplicates


def find_units(texts: list[str]) -> dict[str, str]:
    """Units of a unit line: "单位：千元", "单位：千元、万千瓦时、人" → {family: unit}."""
    units: dict[str, str] = {}
    for text in texts:
        for m in re.finditer(r"单位\s*[:：]?\s*([^\s单]*)", V.nfkc(text)):
            for token in re.split(r"[、,，;；/和及\s]+", m.group(1)):
                token = token.strip("()（）").lower()
                if V.unit_family(token):
                    units.setdefault(V.unit_family(token), token)
    return units


def locate_table(sheet: Sheet, index: HeaderIndex, year: int | None = None) -> Table | None:
    """The header in the first rows of `sheet` matching the most columns (two at least), or None."""
    best = None
    for r in range(min(len(sheet.rows), SCAN_ROWS)):
        if all(V.is_blank_cell(v) for v in sheet.rows[r]):
            continue
        for two in (False, True) if r > 0 else (False,):
            columns, ignored, dups = _match_row(sheet, r, index, year, two)
            if len(columns) >= 2 and (best is None or len(columns) > len(best[2])):
                best = (r, two, columns, ignored, dups)
    if best is None:
        return None
    r, two, columns, ignored, dups = best
    first = r - 1 if two else r
    lines = [(rr, " ".join(t for t in _row_texts(sheet.rows[rr]) if t)) for rr in range(first)]
    lines = [(rr, t) for rr, t in lines if t]
    titles = [t for _, t in lines]
    # a unit can sit above the table or in an unmatched header cell ("单位：万元" at the right)
    units = find_units(titles + [t for _, t in ignored])
    start = r + 1 + (r + 1 < len(sheet.rows) and _is_numbering_row(sheet.rows[r + 1]))
    return Table(sheet, first, r, columns, ignored, dups, titles, [rr for rr, _ in lines], units, start)


# --------------------------------------------------------------------------- periods in titles

_PERIOD_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(?:1\s*[-—–－~～至到]\s*)?(\d{1,2})\s*月")
_YEAR_IN_TEXT = re.compile(r"(\d{4})\s*年")


def period_in_text(text: str) -> tuple[int, int] | None:
    """(year, month) a title names ("…2023年1-8月", "2023年1—8月", "2023年8月"), even an impossible
    month (2031年1-13月: the caller says it is wrong); None when it names none."""
    m = _PERIOD_IN_TEXT.search(V.nfkc(text))
    return (int(m.group(1)), int(m.group(2))) if m and 1900 <= int(m.group(1)) <= 2200 else None


def year_in_text(text: str) -> int | None:
    m = _YEAR_IN_TEXT.search(V.nfkc(text))
    return int(m.group(1)) if m and 1900 <= int(m.group(1)) <= 2200 else None


# --------------------------------------------------------------------------- the stage

def locate(run: Run) -> bool:
    """Set run.table (the best table of the kind among the sheets), run.period and run.units."""
    kind, index = run.kind, HeaderIndex.of(run.kind)
    sheets = run.workbook.sheets
    if run.sheet_name:
        sheets = [s for s in sheets if s.name == run.sheet_name]
        if not sheets:
            names = "、".join(s.name for s in run.workbook.sheets)
            run.error(f"文件中没有名为“{run.sheet_name}”的工作表（现有：{names}）", code="sheet")
            return False
    candidates = []
    for order, sheet in enumerate(sorted(sheets, key=lambda s: not s.visible)):
        year = run.given_period.year if run.given_period else _year_hint(sheet)
        table = None if sheet.is_empty() else locate_table(sheet, index, year)
        if table is not None:
            missing = _missing_columns(kind, table)
            candidates.append((not missing, len(table.columns), -order, table, missing, year))
    if not candidates:
        expected = "、".join(kind.header_of(c) for c in kind.columns if c.required) or \
            "、".join(kind.header_of(c) for c in kind.columns[:4])
        run.error(f"未找到“{kind.label}”表头：前{SCAN_ROWS}行中没有一行能识别出至少两个列名。表头应包含：{expected}。"
                  f"请检查导入类别是否选对（当前：{kind.label}），或下载模板对照", code="header")
        return False
    candidates.sort(key=lambda c: c[:3], reverse=True)
    _, _, _, table, missing, year = candidates[0]
    run.table = table
    for other in candidates[1:]:
        if other[0]:
            run.info(f"工作表“{other[3].sheet.name}”也像“{kind.label}”，本次只导入工作表“{table.sheet.name}”",
                     code="sheet")
    for text in missing:
        run.error(text, row=table.header_last + 1, code="header")
    for name, first, second in table.duplicates:
        run.error(f"表头中“{first.header}”（{column_letter(first.index)}列）与“{second.header}”"
                  f"（{column_letter(second.index)}列）都对应“{kind.header_of(kind.by_name[name])}”，应只保留一列",
                  row=table.header_last + 1, code="header")
    if missing or table.duplicates or not _period(run):
        return False
    if run.year and run.year != year:  # a header "2023年1-8月" reads as 本年 once the year is known
        again = locate_table(table.sheet, index, run.year)
        if again and len(again.columns) >= len(table.columns) and not again.duplicates \
                and not _missing_columns(kind, again):
            run.table = table = again
    if table.ignored:
        names = "、".join(f"{column_letter(c)}列“{t}”" for c, t in table.ignored[:12])
        more = f"等{len(table.ignored)}列" if len(table.ignored) > 12 else ""
        run.info(f"以下列未识别，已忽略：{names}{more}", row=table.header_last + 1, code="ignored")
    return _units(run)


def _year_hint(sheet: Sheet) -> int | None:
    for row in sheet.rows[:10]:
        for v in row:
            if isinstance(v, str) and "年" in v and period_in_text(v):
                return period_in_text(v)[0]
    return None


def _missing_columns(kind, table: Table) -> list[str]:
    out = [f"缺少必需的列“{kind.header_of(c)}”（可用的列名：{'、'.join(kind.aliases(c)[:5])}）"
           for c in kind.columns if c.required and c.name not in table.columns]
    for group in kind.required_any:
        if not any(g in table.columns for g in group):
            out.append(f"缺少列：至少应有以下之一：{'、'.join(kind.header_of(kind.by_name[g]) for g in group[:8])}")
    return out


def _period(run: Run) -> bool:
    """The period: given, else named by the title (or the sheet or file name); they must agree."""
    kind = run.kind
    if not kind.period:
        return True
    monthly = kind.period == "month"
    table = run.table
    found = found_in = at = None  # the period named, the text naming it and its row (a title line's)
    for text, row in [*zip(table.title_lines, table.title_rows), (table.sheet.name, None),
                      (run.workbook.file_name, None)]:
        found = period_in_text(text) if monthly else ((year_in_text(text), 12) if year_in_text(text) else None)
        if found:
            found_in, at = text, None if row is None else row + 1
            break
    where = "文件标题" if at else "工作表名称或文件名"
    if found and not 1 <= found[1] <= 12:
        run.error(f"{where}“{found_in}”中的期别“{found[0]}年1-{found[1]}月”不存在（月份应在1—12之间）；"
                  "应改正为实际的期别", row=at, col=0 if at else None, code="period")
        return False
    given = run.given_period
    if given and found and (found[0] != given.year or (monthly and found[1] != given.month)):
        shown, wanted = (Period(*found).full_label, given.full_label) if monthly else (f"{found[0]}年", f"{given.year}年")
        run.error(f"{where}“{found_in}”中的期别为{shown}，与指定的期别{wanted}不一致；应核对文件，或改正指定的期别",
                  row=at, col=0 if at else None, code="period")
        return False
    period = given or (Period(*found) if found else None)
    if period is None:
        if any(run.has(c) for c in kind.period_optional_if):
            return True
        what = "“2023年1-8月”" if monthly else "“2023年”"
        run.error(f"未能确定期别：文件标题中没有写明期别（如{what}），也没有指定期别；请指定期别（如 2023-08）"
                  "或在标题行写明", code="period")
        return False
    run.period = period if monthly else Period(period.year, 12)
    today = run.today
    if (monthly and (period.year, period.month) > (today.year, today.month)) or period.year > today.year:
        what = f"期别{period.full_label}" if monthly else f"年度{period.year}年"
        run.error(f"{what}在未来（今天是{today.year}年{today.month}月{today.day}日），应为已结束或当前的"
                  f"{'月份' if monthly else '年度'}", code="period")
        return False
    return True


def _units(run: Run) -> bool:
    """The unit of each number column: written in its header, else in the unit line; its factor."""
    ok = True
    for name, tc in run.table.columns.items():
        col = run.kind.by_name[name]
        family = col.parser.family if col.is_number else None
        if not family:
            continue
        unit = tc.unit or run.table.units.get(family)
        if tc.unit and V.unit_family(tc.unit) != family:
            run.error(f"表头中的单位“{tc.unit}”不适用于“{col.label}”，应为以下之一：{'、'.join(V.UNITS[family])}",
                      row=run.table.header_last + 1, col=name, code="unit")
            ok = False
        elif unit:
            run.units[name] = (unit, V.factor(family, unit))
    for unit, stored in sorted({(u, V.STORED_UNIT[run.kind.by_name[n].parser.family])
                                for n, (u, f) in run.units.items() if f != 1}):
        run.info(f"文件中的金额/数量单位为“{unit}”，已按精确换算存为“{stored}”", code="unit")
    return ok
