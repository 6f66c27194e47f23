"""The reading layer: a file → sheets of cells → the table inside each sheet.

`open_workbook` reads .xlsx/.xlsm/.xls/.ods with python-calamine and .csv (UTF-8 with or
without BOM, UTF-16, GBK/GB18030) into `Sheet`s whose rows keep their position in the file
(row 0 is Excel row 1), so every message can name the real row and column.

`locate_table` finds the table as offices really lay it out: title lines, a unit line
("单位：千元"), a one- or two-row header with merged group cells (the merged value is in the
first cell only: it is filled across the merge), a 栏次 row (甲 乙 1 2 3 …), detail rows, blank
rows, 合计/总计 rows and footer lines (单位负责人：… 填表人：…).

Nothing here touches the database.
"""
from __future__ import annotations

import codecs
import functools
import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from . import values as V


class ReadError(Exception):
    """The file cannot be read as a workbook. The message is for the user, in Chinese."""


# --------------------------------------------------------------------------- files

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Sheet:
    name: str
    rows: list[list]  # rows[r][c]; r, c from 0 = Excel row 1, column A
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    visible: bool = True

    @functools.cached_property
    def width(self) -> int:
        return max(map(len, self.rows), default=0)

    def cell(self, r: int, c: int):
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def is_empty(self) -> bool:
        return not any(not V.is_blank_cell(v) for row in self.rows for v in row)


@dataclass
class Workbook:
    file_name: str
    format: str  # xlsx, xls, ods, csv
    sha256: str
    size: int
    sheets: list[Sheet]
    encoding: str = ""  # for csv


def max_bytes() -> int:
    return int(Decimal(str(settings.YUANQU_RULES.get("import_max_mb", 50))) * 1024 * 1024)


def max_rows() -> int:
    return int(settings.YUANQU_RULES.get("import_max_rows", 200000))


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_bytes(source, file_name: str | None = None) -> tuple[bytes, str]:
    """The bytes of `source` (a path, bytes, or a file-like such as a Django upload), size-checked."""
    limit = max_bytes()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = file_name or "上传文件"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = file_name or path.name
        if not path.exists():
            raise ReadError(f"文件“{name}”不存在")
        if path.is_dir():
            raise ReadError(f"“{name}”是文件夹，不是文件")
        size = path.stat().st_size
        if size > limit:
            raise ReadError(f"文件“{name}”大小为{_human_size(size)}，超过导入上限{_human_size(limit)}；"
                            "请按园区或月份拆分后分别导入")
        data = path.read_bytes()
    else:
        name = file_name or getattr(source, "name", None) or "上传文件"
        name = os.path.basename(str(name))
        size = getattr(source, "size", None)
        if size is not None and size > limit:
            raise ReadError(f"文件“{name}”大小为{_human_size(size)}，超过导入上限{_human_size(limit)}；"
                            "请按园区或月份拆分后分别导入")
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        data = source.read(limit + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    if len(data) > limit:
        raise ReadError(f"文件“{name}”大小为{_human_size(len(data))}，超过导入上限{_human_size(limit)}；"
                        "请按园区或月份拆分后分别导入")
    return data, name


def open_workbook(source, file_name: str | None = None) -> Workbook:
    data, name = read_bytes(source, file_name)
    sha = hashlib.sha256(data).hexdigest()
    if not data or not data.strip(b" \t\r\n\x00"):
        raise ReadError(f"文件“{name}”是空文件，没有任何内容")
    ext = Path(name).suffix.lower()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise ReadError(f"文件“{name}”设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存再导入")
        fmt = "xls"
        sheets = _read_calamine(data, name)
    elif data.startswith(ZIP_MAGIC):
        fmt = "ods" if b"opendocument.spreadsheet" in data[:200] else "xlsx"
        sheets = _read_calamine(data, name)
    else:
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
            raise ReadError(f"文件“{name}”是网页（HTML/XML）格式，虽然扩展名是“{ext or '无'}”，但不是真正的 Excel 工作簿；"
                            "请在 Excel/WPS 中打开后“另存为”.xlsx 再导入")
        if head.startswith(b"%pdf"):
            raise ReadError(f"文件“{name}”是 PDF 文件，不是 Excel 工作簿或 CSV 文件")
        if ext in (".xlsx", ".xlsm", ".xls", ".ods", ".et"):
            raise ReadError(f"文件“{name}”的扩展名是“{ext}”，但内容不是 Excel 工作簿（可能已损坏或只是改了扩展名）")
        fmt = "csv"
        sheets, encoding = _read_csv(data, name)
        wb = Workbook(name, fmt, sha, len(data), sheets, encoding)
        _check_not_empty(wb)
        return wb
    wb = Workbook(name, fmt, sha, len(data), sheets)
    _check_not_empty(wb)
    return wb


def _check_not_empty(wb: Workbook) -> None:
    if not wb.sheets or all(s.is_empty() for s in wb.sheets):
        raise ReadError(f"文件“{wb.file_name}”是空的：所有工作表都没有数据")
    limit = max_rows()
    for s in wb.sheets:
        if len(s.rows) > limit:
            raise ReadError(f"工作表“{s.name}”有{len(s.rows)}行，超过导入上限{limit}行；请拆分后分别导入")


def _read_calamine(data: bytes, name: str) -> list[Sheet]:
    import python_calamine as pc

    try:
        try:
            wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except pc.CalamineError:
            if not data.startswith(OLE_MAGIC):
                raise
            # from a file-like object calamine cannot tell an encrypted .xls ("cannot detect the
            # format"); from a path it can, and says it is password protected
            import tempfile
            with tempfile.NamedTemporaryFile(suffix=".xls") as tmp:
                tmp.write(data)
                tmp.flush()
                wb = pc.CalamineWorkbook.from_path(tmp.name)
    except pc.PasswordError:
        raise ReadError(f"文件“{name}”设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存再导入") from None
    except Exception as exc:  # calamine raises several error types for a broken or foreign file
        raise ReadError(f"文件“{name}”无法作为 Excel 工作簿读取（文件可能已损坏，或不是 .xlsx/.xls 格式）。"
                        f"技术信息：{type(exc).__name__}") from None
    sheets = []
    limit = max_rows()
    try:
        for meta in wb.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet") and "WorkSheet" not in str(meta.typ):
                continue
            sh = wb.get_sheet_by_name(meta.name)
            if sh.total_height > limit:
                raise ReadError(f"工作表“{meta.name}”有{sh.total_height}行，超过导入上限{limit}行；请拆分后分别导入")
            rows = sh.to_python(skip_empty_area=False)
            try:
                merges = list(sh.merged_cell_ranges or [])
            except Exception:  # pragma: no cover - not every format reports merges
                merges = []
            sheets.append(Sheet(meta.name, rows, merges,  # a new list of new lists (the cells)
                                visible="Visible" in str(meta.visible)))
    except ReadError:
        raise
    except pc.PasswordError:
        raise ReadError(f"文件“{name}”设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存再导入") from None
    except Exception as exc:
        raise ReadError(f"文件“{name}”的内容无法读取（文件可能已损坏）。技术信息：{type(exc).__name__}") from None
    finally:
        wb.close()
    return sheets


CSV_ENCODINGS = ("utf-8", "gb18030")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Bytes → text: BOM first (UTF-8, UTF-16), then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReadError(f"文件“{name}”不是 Excel 工作簿，也不是文本格式的 CSV 文件")
    for enc in CSV_ENCODINGS:
        try:
            return data.decode(enc, errors="strict"), enc
        except UnicodeDecodeError:
            continue
    raise ReadError(f"文件“{name}”不是 Excel 工作簿，也无法按 UTF-8 或 GBK 编码读作 CSV 文件")


def _read_csv(data: bytes, name: str) -> tuple[list[Sheet], str]:
    text, enc = decode_text(data, name)
    sample = text[:8192]
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ReadError(f"文件“{name}”无法按 CSV 格式读取：{exc}") from None
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\r\n\t")
    if sample and printable / len(sample) < 0.9:
        raise ReadError(f"文件“{name}”不是 Excel 工作簿，也不是文本格式的 CSV 文件")
    return [Sheet(Path(name).stem or "CSV", rows)], enc


# --------------------------------------------------------------------------- header text

_BRACKETS_RE = re.compile(r"[(（\[【〔]([^()（）\[\]【】〔〕]*)[)）\]】〕]")
_DASHES_RE = re.compile(r"[—–－―~～〜至到]+")
_MONTH_RANGE_RE = re.compile(r"1-(\d{1,2})月")
_YEAR_PREFIX_RE = re.compile(r"^(\d{4})年度?")
_TRAILING_UNIT_RE = re.compile(rf"[/、,:_]({V._UNIT_ALTERNATION})$", re.IGNORECASE)
_BARE_TRAILING_UNIT_RE = re.compile(r"(万元|千元|亿元|万千瓦时|千瓦时|万平方米|平方米|公顷)$")


@functools.lru_cache(maxsize=4096)  # a header text is cleaned once (locating tries each row twice)
def clean_header(text, year: int | None = None) -> tuple[str, str | None]:
    """A header cell → (normalised label, unit found in it).

    NFKC, lower case, no spaces or line breaks, dashes unified ("1—本月" = "1-本月"), a month
    range "1-8月" read as "1-本月", a leading year read as 本年/上年 when the period's year is
    known, qualifiers such as (当年价格) dropped, and a unit in brackets or at the end taken out.
    """
    from .aliases import IGNORED_QUALIFIERS

    if text is None:
        return "", None
    s = V.nfkc(V.cell_text(text)).lower()
    s = "".join(s.split()).replace("*", "").replace("※", "").rstrip(":")
    unit = None

    def bracket(m):
        nonlocal unit
        inner = m.group(1)
        inner_unit = inner
        um = V.UNIT_LINE_RE.search(inner)
        if um:
            inner_unit = um.group(1)
        if V.unit_family(inner_unit):
            unit = V.nfkc(inner_unit).lower()
            return ""
        if inner in IGNORED_QUALIFIERS:
            return ""
        return inner

    s = _BRACKETS_RE.sub(bracket, s)
    s = _DASHES_RE.sub("-", s)
    s = _MONTH_RANGE_RE.sub("1-本月", s)
    if year:
        m = _YEAR_PREFIX_RE.match(s)
        if m:
            y = int(m.group(1))
            if y == year:
                s = "本年" + s[m.end():]
            elif y == year - 1:
                s = "上年" + s[m.end():]
    if unit is None:
        m = _TRAILING_UNIT_RE.search(s) or _BARE_TRAILING_UNIT_RE.search(s)
        if m and m.start() > 0:
            unit = m.group(1).lower()
            s = s[: m.start()]
    return s, unit


def alias_key(alias: str) -> str:
    return clean_header(alias)[0]


# --------------------------------------------------------------------------- header index


@dataclass
class HeaderIndex:
    """Normalised aliases → field names, for one import kind."""

    singles: dict[str, str] = field(default_factory=dict)  # label → field
    weak: dict[str, str] = field(default_factory=dict)  # group alone → its main field (lower priority)
    groups: dict[str, str] = field(default_factory=dict)  # group label → group key
    roles: dict[str, str] = field(default_factory=dict)  # role label → role key
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)  # (group key, role key) → field

    def match_single(self, label: str) -> str | None:
        if not label:
            return None
        f = self.singles.get(label)
        if f:
            return f
        # a flat header with group and role in one cell: "工业总产值本年1-本月", "本年工业总产值"
        for g_label, g in self.groups.items():
            if label.startswith(g_label):
                r = self.roles.get(label[len(g_label):])
                if r and (g, r) in self.pairs:
                    return self.pairs[(g, r)]
            if label.endswith(g_label):
                r = self.roles.get(label[: -len(g_label)])
                if r and (g, r) in self.pairs:
                    return self.pairs[(g, r)]
        return self.weak.get(label)

    def match_pair(self, group_label: str, role_label: str) -> str | None:
        g = self.groups.get(group_label)
        r = self.roles.get(role_label)
        if g and r:
            return self.pairs.get((g, r))
        return None


@dataclass
class TableColumn:
    index: int
    field: str
    header: str  # as shown to the user, e.g. "工业总产值 / 本年1-本月"
    unit: str | None = None  # unit written in the header (normalised)


@dataclass
class Table:
    sheet: Sheet
    header_first: int
    header_last: int
    columns: dict[str, TableColumn]
    ignored: list[tuple[int, str]]  # unmatched header cells
    duplicates: list[tuple[str, TableColumn, TableColumn]]  # a field matched by two columns
    title_lines: list[str]
    units: dict[str, str]  # unit family → unit from the unit line
    data_start: int

    @property
    def header_text(self) -> dict[int, str]:
        return {c.index: c.header for c in self.columns.values()}


FOOTER_RE = re.compile(
    r"^(单位负责人|统计负责人|部门负责人|负责人|填表人|填报人|制表人|制表|审核人|审核|复核人|报出日期|填报日期|填表日期|"
    r"联系电话|联系人)\s*[:：]?"
    r"|^(注|说明|备注|资料来源|数据来源|附注)\s*[:：\d]"
)
TOTAL_RE = re.compile(r"^(全县|全区|全市|全部|总|园区)?(合计|总计)[:：]?$")
SUBTOTAL_RE = re.compile(r"^(其中|小计)")
ORDINALS = frozenset("甲乙丙丁戊己abcdefg")


def _row_texts(row) -> list[str]:
    return ["" if V.is_blank_cell(v) else V.cell_text(v) for v in row]


def is_blank_row(row) -> bool:
    return all(V.is_blank_cell(v) for v in row)


def row_kind(cells) -> str:
    """'blank', 'footer', 'total', 'subtotal' or 'data', from the first three non-empty cells
    (this runs once per row of the file: it looks no further)."""
    texts = []
    for v in cells:
        if v is None or v == "":
            continue
        if isinstance(v, str):
            t = v.strip()
            if not t:
                continue
            texts.append(t)
        else:
            texts.append(None)  # a number or a date: neither a footer nor a 合计 label
        if len(texts) == 3:
            break
    if not texts:
        return "blank"
    first = texts[0]
    # every footer, 合计 and 其中/小计 label is Chinese: ASCII text (a credit code) is none of them;
    # 合计/总计/小计 hold 计, 其中 holds 其, and no character becomes 计 or 其 under NFKC (tested)
    if first is not None and not first.isascii() and FOOTER_RE.match("".join(V.nfkc(first).split())):
        return "footer"
    for t in texts:
        if t is None or len(t) > 12 or ("计" not in t and "其" not in t):
            continue
        t = "".join(V.nfkc(t).split())
        if TOTAL_RE.match(t):
            return "total"
        if SUBTOTAL_RE.match(t):
            return "subtotal"
    return "data"


def row_kinds(rows) -> list[str]:
    """`row_kind` of each row. The usual data row is told at once: a number, then two texts (a code,
    a name) neither holding 计 or 其 (so neither a 合计 nor a 其中/小计 label), the number being no
    footer; every other row goes through row_kind."""
    return ["data" if len(c) > 2 and type(c[0]) in _NUMBER_TYPES and type(c[1]) is str and type(c[2]) is str
            and c[1].strip() and c[2].strip() and "计" not in c[1] and "其" not in c[1]
            and "计" not in c[2] and "其" not in c[2] else row_kind(c) for c in rows]


_NUMBER_TYPES = frozenset({int, float})


def _is_numbering_row(row) -> bool:
    """The 栏次 row under a bureau header: 甲 乙 1 2 3 … (or A B C …)."""
    texts = [V.nfkc(t).strip().lower() for t in _row_texts(row) if t]
    if len(texts) < 3:
        return False
    numbers = []
    for t in texts:
        if t in ORDINALS:
            continue
        if t.isdigit():
            numbers.append(int(t))
        else:
            return False
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _group_row(sheet: Sheet, r: int, width: int) -> list:
    """Row r with merged cells filled across their merge (calamine gives the first cell only)."""
    row = list(sheet.rows[r]) + [None] * (width - len(sheet.rows[r]))
    for (r0, c0), (r1, c1) in sheet.merges:
        if r0 <= r <= r1:
            v = sheet.cell(r0, c0)
            for c in range(c0, min(c1 + 1, width)):
                if V.is_blank_cell(row[c]):
                    row[c] = v
    return row


def _merged_down_from_above(sheet: Sheet, r: int, c: int) -> bool:
    return any(r0 < r <= r1 and c0 <= c <= c1 for (r0, c0), (r1, c1) in sheet.merges)


SCAN_ROWS = 40


def _label(cell, year) -> tuple[str, str | None, str]:
    label, unit = clean_header(cell, year)
    return label, unit, V.cell_text(cell)


def _match_row(sheet: Sheet, r: int, index: HeaderIndex, year, two_rows: bool):
    """Match header row r (with row r-1 as the group row when two_rows). Returns columns etc."""
    width = sheet.width
    sub = list(sheet.rows[r]) + [None] * (width - len(sheet.rows[r]))
    groups = _group_row(sheet, r - 1, width) if two_rows else [None] * width
    if two_rows:
        # fill group cells that a producer left unmerged: an empty group cell over a role cell takes
        # the group of its left neighbour when that neighbour is a group over a role too
        for c in range(1, width):
            if (V.is_blank_cell(groups[c]) and not V.is_blank_cell(sub[c]) and not V.is_blank_cell(groups[c - 1])
                    and not V.is_blank_cell(sub[c - 1]) and not _merged_down_from_above(sheet, r, c)):
                g_label = clean_header(groups[c - 1], year)[0]
                if g_label in index.groups:
                    groups[c] = groups[c - 1]
    columns: dict[str, TableColumn] = {}
    ignored, duplicates = [], []
    for c in range(width):
        s_label, s_unit, s_text = _label(sub[c], year)
        g_label, g_unit, g_text = _label(groups[c], year) if two_rows else ("", None, "")
        f = header = None
        unit = s_unit
        if g_label and s_label:
            f = index.match_pair(g_label, s_label)
            if f:
                header, unit = f"{g_text} / {s_text}", s_unit or g_unit
        if not f and s_label:
            f = index.match_single(s_label)
            if f:
                header = s_text
        if not f and g_label and not s_label:
            f = index.match_single(g_label)
            if f:
                header, unit = g_text, g_unit
        if f:
            col = TableColumn(c, f, header, unit)
            if f in columns:
                duplicates.append((f, columns[f], col))
            else:
                columns[f] = col
        elif s_text or g_text:
            ignored.append((c, f"{g_text} / {s_text}" if g_text and s_text else (s_text or g_text)))
    return columns, ignored, duplicates


def find_units(texts: list[str]) -> dict[str, str]:
    """Units from a unit line: "单位：千元", "单位：千元、万千瓦时、人" → {family: unit}."""
    units: dict[str, str] = {}
    for text in texts:
        t = V.nfkc(text)
        for m in re.finditer(r"单位\s*[:：]?\s*([^\s单]*)", t):
            for token in re.split(r"[、,，;；/和及\s]+", m.group(1)):
                token = token.strip("()（）").lower()
                fam = V.unit_family(token)
                if fam and fam not in units:
                    units[fam] = token
    return units


def locate_table(sheet: Sheet, index: HeaderIndex, year: int | None = None, min_fields: int = 2) -> Table | None:
    """The best header in the first rows of `sheet`, or None when no row matches `min_fields` fields."""
    best = None
    limit = min(len(sheet.rows), SCAN_ROWS)
    for r in range(limit):
        if is_blank_row(sheet.rows[r]):
            continue
        for two in (False, True) if r > 0 else (False,):
            columns, ignored, dups = _match_row(sheet, r, index, year, two)
            score = len(columns)
            if score >= min_fields and (best is None or score > best[0]):
                best = (score, r, two, columns, ignored, dups)
    if best is None:
        return None
    _, r, two, columns, ignored, dups = best
    first = r - 1 if two else r
    titles = []
    for rr in range(first):
        texts = [t for t in _row_texts(sheet.rows[rr]) if t]
        if texts:
            titles.append(" ".join(texts))
    # a unit can sit above the table or in an unmatched header cell ("单位：万元" at the right)
    units = find_units(titles + [t for _, t in ignored])
    start = r + 1
    if start < len(sheet.rows) and _is_numbering_row(sheet.rows[start]):
        start += 1
    return Table(sheet, first, r, columns, ignored, dups, titles, units, start)


# --------------------------------------------------------------------------- periods in titles

_PERIOD_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(?:1\s*[-—–－~～至到]\s*)?(\d{1,2})\s*月")
_YEAR_IN_TEXT = re.compile(r"(\d{4})\s*年")


def period_in_text(text: str):
    """(year, month) named in a title line ("…2023年1-8月", "2023年1—8月", "2023年8月"), or None."""
    m = _PERIOD_IN_TEXT.search(V.nfkc(text))
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1900 <= year <= 2200:
            return year, month
    return None


def year_in_text(text: str):
    m = _YEAR_IN_TEXT.search(V.nfkc(text))
    if m and 1900 <= int(m.group(1)) <= 2200:
        return int(m.group(1))
    return None


def column_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s
