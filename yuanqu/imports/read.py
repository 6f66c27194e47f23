"""Stage 1, read: a file → a Workbook of Sheets of cells.

.xlsx/.xlsm/.xls/.ods through python-calamine, .csv in UTF-8 (with or without BOM), UTF-16 or
GBK/GB18030. A sheet's rows keep their position in the file (row 0 is Excel row 1), so every
message can name the real row and column. An .xlsx is looked into before calamine reads it: a
sheet whose cells lie beyond the size limits is refused (calamine would allocate every cell up to
the farthest one), and the cells of formulas without a calculated value, or whose calculation
failed (#DIV/0!), are noted (`Sheet.unreadable`): calamine reads them as empty. Nothing here
touches the database.
"""
from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import html
import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings

from . import values as V


class ReadError(Exception):
    """The file cannot be read as a workbook. The message is for the user, in Chinese."""


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
ENCRYPTED = "设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存再导入"
SPLIT = "请拆分后分别导入"


@dataclass
class Sheet:
    name: str
    rows: list[list]  # rows[r][c]; r, c from 0 = Excel row 1, column A
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    visible: bool = True
    unreadable: dict[tuple[int, int], str] = field(default_factory=dict)  # (r, c) → why the cell holds no value

    @functools.cached_property
    def width(self) -> int:
        return max(map(len, self.rows), default=0)

    def cell(self, r: int, c: int):
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def is_empty(self) -> bool:
        return all(V.is_blank_cell(v) for row in self.rows for v in row)


@dataclass
class Workbook:
    file_name: str
    format: str  # xlsx, xls, ods, csv
    sha256: str
    size: int
    sheets: list[Sheet]
    encoding: str = ""  # for csv


def _rule(name: str, default):
    return settings.YUANQU_RULES.get(name, default)


def max_bytes() -> int:
    return int(Decimal(str(_rule("import_max_mb", 50))) * 1024 * 1024)


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _too_big(name: str, size: int) -> ReadError:
    return ReadError(f"文件“{name}”大小为{_human_size(size)}，超过导入上限{_human_size(max_bytes())}；"
                     "请按园区或月份拆分后分别导入")


def read_bytes(source, file_name: str | None = None) -> tuple[bytes, str]:
    """The bytes of `source` (a path, bytes, or a file-like such as a Django upload), size-checked."""
    limit = max_bytes()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), file_name or "上传文件"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = file_name or path.name
        if not path.is_file():
            raise ReadError(f"“{name}”是文件夹，不是文件" if path.is_dir() else f"文件“{name}”不存在")
        if path.stat().st_size > limit:
            raise _too_big(name, path.stat().st_size)
        data = path.read_bytes()
    else:
        name = os.path.basename(str(file_name or getattr(source, "name", None) or "上传文件"))
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
        data = data.encode("utf-8") if isinstance(data, str) else data
    if len(data) > limit:
        raise _too_big(name, len(data))
    return data, name


def open_workbook(source, file_name: str | None = None) -> Workbook:
    data, name = read_bytes(source, file_name)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip(b" \t\r\n\x00"):
        raise ReadError(f"文件“{name}”是空文件，没有任何内容")
    ext = Path(name).suffix.lower()
    encoding = ""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise ReadError(f"文件“{name}”{ENCRYPTED}")
        fmt, sheets = "xls", _read_calamine(data, name, {})
    elif data.startswith(ZIP_MAGIC):
        fmt = "ods" if b"opendocument.spreadsheet" in data[:200] else "xlsx"
        sheets = _read_calamine(data, name, _look_into_xlsx(data, name) if fmt == "xlsx" else {})
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
    if all(s.is_empty() for s in sheets):
        raise ReadError(f"文件“{name}”是空的：所有工作表都没有数据")
    for sheet in sheets:
        _check_size(sheet.name, len(sheet.rows), sheet.width)
    return Workbook(name, fmt, sha, len(data), sheets, encoding)


def _check_size(sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet of more rows, columns or cells than an import may hold (settings.YUANQU_RULES)."""
    max_rows, max_columns = _rule("import_max_rows", 200000), _rule("import_max_columns", 500)
    max_cells = _rule("import_max_cells", 6_000_000)
    if rows > max_rows:
        raise ReadError(f"工作表“{sheet}”有{rows}行，超过导入上限{max_rows}行；{SPLIT}")
    if columns > max_columns:
        raise ReadError(f"工作表“{sheet}”有{columns}列，超过导入上限{max_columns}列；{SPLIT}")
    if rows * columns > max_cells:
        raise ReadError(f"工作表“{sheet}”有{rows}行{columns}列（共{rows * columns}个单元格），超过导入上限"
                        f"{max_cells}个单元格；{SPLIT}")


# --------------------------------------------------------------------------- looking into an .xlsx

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
# a cell's reference in its r attribute: its column of two or three letters; its row of six digits or
# more; its row
_WIDE_COLUMN = re.compile(rb"""r\s*=\s*["']([A-Z]{2,3})\d""")
_FAR_ROW = re.compile(rb"""r\s*=\s*["'][A-Z]{1,3}(\d{6,})""")
_ROW = re.compile(rb"""r\s*=\s*["'][A-Z]{1,3}(\d+)""")
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb"""\s(r|t)\s*=\s*["']([^"']*)["']""")
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_FORMULA_TEXT = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)


def _look_into_xlsx(data: bytes, name: str) -> dict[str, dict[tuple[int, int], str]]:
    """Before calamine reads it: each sheet's extent from its cells (refused beyond the limits, and
    its parts beyond 20 × the file limit unpacked), and the cells of its formulas that hold no value.
    {sheet name: {(row, column): why}}; {} for a zip that is not a workbook (calamine says so)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(i.file_size for i in archive.infolist()) > 20 * max_bytes():
            raise ReadError(f"文件“{name}”解压后超过{_human_size(20 * max_bytes())}，超过导入上限；{SPLIT}")
        parts = _sheet_parts(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}
    out = {}
    for sheet, part in parts.items():
        try:
            xml = archive.read(part)
        except (KeyError, zipfile.BadZipFile, ValueError):
            continue
        _check_size(sheet, *_extent(xml))
        if b"<f" in xml or b't="e"' in xml or b"<v></v>" in xml:  # a formula, an error, an empty value
            out[sheet] = _unreadable_cells(xml)
    return out


def _extent(xml: bytes) -> tuple[int, int]:
    """The rows and columns a sheet's cells span, from their r attributes (as calamine places them):
    a column of one letter counts as Z and, while that stays within the cell limit, a row number of
    up to five digits as 99999 (bounds that cost two quick scans instead of reading every reference)."""
    columns = max(map(_column_number, set(_WIDE_COLUMN.findall(xml))), default=26)
    rows = max(map(int, _FAR_ROW.findall(xml)), default=0)
    if not rows:
        within = 99_999 <= _rule("import_max_rows", 200000) and 99_999 * columns <= _rule("import_max_cells", 6_000_000)
        rows = 99_999 if within else max(map(int, _ROW.findall(xml)), default=0)
    return rows, columns


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: path of its XML part in the archive}."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    out = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        path = target.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        out[sheet.get("name")] = path.lstrip("/") if path.startswith("/") else posixpath.normpath(f"xl/{path}")
    return out


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _unreadable_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """The cells holding a formula without a calculated value, an error value (#DIV/0!), or a number
    written as nothing (<v></v>: what some programs write for inf or NaN)."""
    out = {}
    for attrs, body in _CELL.findall(xml):
        attr = dict(_ATTR.findall(attrs))
        body = body or b""
        ref = re.match(rb"([A-Z]+)(\d+)$", attr.get(b"r", b""))
        if ref is None:
            continue
        value = _VALUE.search(body)
        formula = _FORMULA_TEXT.search(body)
        at = (int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)
        text = "=" + html.unescape((formula.group(1) or b"").decode("utf-8", "replace")) if formula else ""
        if attr.get(b"t") == b"e":
            shown = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
            out[at] = f"单元格{('的公式“' + text + '”') if text else ''}计算出错（{shown}），没有数值"
        elif attr.get(b"t") in (b"str", b"inlineStr", b"s") or (value and value.group(1).strip()):
            continue  # text (a formula's may be empty), or a value
        elif formula:
            out[at] = f"单元格的公式“{text}”没有计算结果（文件保存时未计算公式），没有数值"
        elif value:
            out[at] = "单元格中的数值无法读取（文件中为空值，常见于写入了无穷大 inf 或非数 NaN 的程序）"
    return out


# --------------------------------------------------------------------------- calamine and csv

def _read_calamine(data: bytes, name: str, unreadable: dict) -> list[Sheet]:
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
        raise ReadError(f"文件“{name}”{ENCRYPTED}") from None
    except Exception as exc:  # calamine raises several error types for a broken or foreign file
        raise ReadError(f"文件“{name}”无法作为 Excel 工作簿读取（文件可能已损坏，或不是 .xlsx/.xls 格式）。"
                        f"技术信息：{type(exc).__name__}") from None
    sheets = []
    try:
        for meta in wb.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue
            sh = wb.get_sheet_by_name(meta.name)
            last_row, last_column = sh.end or (-1, -1)
            _check_size(meta.name, last_row + 1, last_column + 1)
            sheets.append(Sheet(meta.name, sh.to_python(skip_empty_area=False), list(sh.merged_cell_ranges or []),
                                visible="Visible" in str(meta.visible), unreadable=unreadable.get(meta.name, {})))
    except ReadError:
        raise
    except pc.PasswordError:
        raise ReadError(f"文件“{name}”{ENCRYPTED}") from None
    except Exception as exc:
        raise ReadError(f"文件“{name}”的内容无法读取（文件可能已损坏）。技术信息：{type(exc).__name__}") from None
    finally:
        wb.close()
    return sheets


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Bytes → text: BOM first (UTF-8, UTF-16), then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" not in data[:4096]:
        for enc in ("utf-8", "gb18030"):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    raise ReadError(f"文件“{name}”不是 Excel 工作簿，也无法按 UTF-8 或 GBK 编码读作文本格式的 CSV 文件")


def _read_csv(data: bytes, name: str) -> tuple[list[Sheet], str]:
    text, encoding = decode_text(data, name)
    sample = text[:8192]
    if sum(ch.isprintable() or ch in "\r\n\t" for ch in sample) < 0.9 * len(sample):
        raise ReadError(f"文件“{name}”不是 Excel 工作簿，也不是文本格式的 CSV 文件")
    delimiter = max((",", "\t", ";"), key=sample.count)
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ReadError(f"文件“{name}”无法按 CSV 格式读取：{exc}") from None
    return [Sheet(Path(name).stem or "CSV", rows)], encoding
