"""Reading a draft: a .txt or .docx as lines, in document order; a .docx table cell by cell, each cell read
with its row label (the first column, or the one after a 序号 column) and its column header (the header rows
joined), its unit taken from the cell, the header, the row label or the caption ("（亿元）", "单位：万元")."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .limits import Deadline, Limits, scan_docx

# full-width digits and signs as the claims are read (the text keeps its Chinese punctuation)
_WIDTH = str.maketrans("０１２３４５６７８９％．－", "0123456789%.-")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")
UNITS = ("亿元", "万元", "万平方米", "平方米", "万亩", "亩", "万千瓦时", "百分点", "%", "个", "户", "家", "条", "项",
         "宗", "人", "名", "天", "类", "件", "场", "次")
_UNITS = "|".join(UNITS)
_UNIT_IN_LABEL = re.compile(r"[（(]\s*(?:单位[:：]\s*)?(" + _UNITS + r")\s*[)）]|单位[:：]\s*(" + _UNITS + ")")
_COUNT_WORDS = {"户数": "户", "企业数": "户", "家数": "家", "个数": "个", "项目数": "个", "人数": "人", "宗数": "宗",
                "条数": "条", "件数": "件", "天数": "天"}
_GROWTH_WORDS = re.compile(r"增速|增长|同比|增幅")
_CAPTION = re.compile(r"^\s*表\s*[\d一二三四五六七八九十]+")
_SERIAL = {"序号", "编号", "序", "No", "No."}


def normalize(text: str) -> str:
    return _THOUSANDS.sub("", text.translate(_WIDTH)).replace("\r", "")


@dataclass(frozen=True)
class Cell:
    table: int
    row: int
    column: int
    row_label: str
    column_label: str

    @property
    def where(self) -> str:
        return f"表{self.table}第{self.row}行第{self.column}列（{self.row_label}／{self.column_label}）"


@dataclass(frozen=True)
class Line:
    text: str
    number: int  # 第N段; a table's cells carry the number of the paragraph before the table
    cell: Cell | None = None
    start: int = 0  # claims are read from text[start:]; a cell's caption and labels before it are context


@dataclass
class Draft:
    lines: list[Line] = field(default_factory=list)

    @classmethod
    def of_text(cls, text: str) -> "Draft":
        return cls([Line(normalize(line), number) for number, line in enumerate(text.split("\n"), start=1)])

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def chars(self) -> int:
        return sum(len(line.text) for line in self.lines)

    def paragraphs(self) -> list[Line]:
        return [line for line in self.lines if line.cell is None]


# --- .docx ----------------------------------------------------------------------------------

def _strip_units(label: str) -> str:
    return _UNIT_IN_LABEL.sub("", label).strip()


def _unit_of(*labels: str) -> str:
    for label in labels:
        m = _UNIT_IN_LABEL.search(label)
        if m:
            return m.group(1) or m.group(2)
    for label in labels[:2]:
        for word, unit in _COUNT_WORDS.items():
            if word in label:
                return unit
    return ""


def cell_phrase(value: str, row_label: str, column_label: str, caption: str) -> str:
    """A cell's value as a briefing would write it: "22.20" under "规上工业总产值（亿元）" → "22.20亿元",
    "-3.2" under "增速（%）" → "下降3.2%"; "" when the cell holds no figure."""
    value = value.strip()
    if not NUMBER.fullmatch(value):
        return value if NUMBER.search(value) else ""
    unit = _unit_of(column_label, row_label, caption)
    if not unit:
        return ""
    number = float(value.replace("−", "-"))
    magnitude = value.lstrip("-−")
    labels = row_label + column_label
    if unit in ("%", "％") and _GROWTH_WORDS.search(labels):
        return f"{'下降' if number < 0 else '增长'}{magnitude}%"
    if unit == "百分点":
        basis = "时间进度" if "进度" in labels else "目标" if "目标" in labels else ""
        return f"{'低于' if number < 0 else '高于'}{basis}{magnitude}个百分点"
    return f"{value}{unit}"


def table_lines(rows: list[list[str]], caption: str, table_no: int, number: int) -> list[Line]:
    """The figures of one table as lines "caption：row label column label value" (see the module doc)."""
    rows = [[normalize(text).strip() for text in row] for row in rows]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    headers = 1
    while headers < len(rows) - 1 and not any(NUMBER.fullmatch(t) for t in rows[headers][1:]):
        headers += 1
    labels = []
    for c in range(width):
        parts = []
        for r in range(headers):
            if rows[r][c] and rows[r][c] not in parts:
                parts.append(rows[r][c])
        labels.append("".join(parts))
    data = rows[headers:]
    label_col = 0
    if width > 2 and (labels[0] in _SERIAL or all(re.fullmatch(r"\d+", r[0] or "0") for r in data)):
        label_col = 1
    lines = []
    for i, row in enumerate(data, start=headers + 1):
        row_label = row[label_col]
        for c in range(label_col + 1, width):
            phrase = cell_phrase(row[c], row_label, labels[c], caption)
            if not phrase:
                continue
            column = _strip_units(labels[c])
            if phrase.startswith(("增长", "下降")):
                column = _GROWTH_WORDS.sub("", column)
            prefix = f"{_strip_units(caption)}：{_strip_units(row_label)}{column}"
            lines.append(Line(prefix + phrase, number, Cell(table_no, i, c + 1, row_label, labels[c]), len(prefix)))
    return lines


def _row_texts(row) -> list[str]:
    """A row's cell texts, a horizontally merged cell once."""
    seen, texts = set(), []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(cell.text)
    return texts


def read_docx(data: bytes) -> Draft:
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(data))
    lines: list[Line] = []
    number = tables = 0
    previous = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            caption = previous if _CAPTION.match(previous) or "单位" in previous else ""
            lines += table_lines([_row_texts(row) for row in block.rows], caption, tables, number)
            continue
        number += 1
        text = normalize(block.text)
        lines.append(Line(text, number))
        if text.strip():
            previous = text.strip()
    return Draft(lines)


def read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别文件编码：请使用 UTF-8 或 GB18030 编码的文本文件")


def read_draft(name: str, data: bytes, *, limits: Limits | None = None, deadline: Deadline | None = None) -> Draft:
    limits = limits or Limits.from_settings()
    deadline = deadline or Deadline(limits)
    limits.check_size(name, len(data))
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        scan_docx(name, data, limits, deadline)
        try:
            draft = read_docx(data)
        except Exception as exc:  # a corrupt or non-Word file
            raise ValueError(f"无法读取 Word 文件“{name}”：{exc}") from exc
    elif suffix in (".txt", ".text", ".md", ""):
        draft = Draft.of_text(read_text(data))
    else:
        raise ValueError(f"只支持 .txt 和 .docx 文件，实际为“{suffix}”（.doc 请先另存为 .docx）")
    limits.check_chars(draft.chars)
    limits.check_paragraphs(len(draft.paragraphs()))
    deadline.check()
    return draft


def read_draft_file(path, *, limits: Limits | None = None) -> Draft:
    """A draft on disk, its size checked before it is read."""
    path = Path(path)
    limits = limits or Limits.from_settings()
    limits.check_size(path.name, path.stat().st_size)
    return read_draft(path.name, path.read_bytes(), limits=limits)
