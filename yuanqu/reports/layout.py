"""Measuring text for the 公文 layout: widths in em, title lines broken at word boundaries, table
column widths from their content. Pure functions, read by word.py and its tests.

Widths are in em of the text's own size: CJK characters and full-width punctuation (the GB fonts
and the SC faces set “” full width) are 1 em, ASCII digits, letters and signs 1/2 em.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Groups a title line is never broken inside: a quoted name, a bracketed part, a date or period
# ("2023年1-8月", "2023年第三季度", "2023年第33周"), any run of digits.
_GROUP_RE = re.compile(
    r"“[^”]*”|‘[^’]*’|（[^）]*）|《[^》]*》"
    r"|\d{4}年(?:第[一二三四]季度|第\d{1,2}周|\d{1,2}(?:[-—－~至]\d{1,2})?月(?:\d{1,2}日)?)?"
    r"|\d[\d.,%-]*"
)
# A break before a group costs this much (lower is better); elsewhere breaking is a last resort.
BREAK_COST = {"date": 0.0, "paren": 0.5, "quote": 2.0}
LAST_RESORT = 8.0
# Words a title line may end with or start with (cheap breaks between CJK characters).
WORD_ENDS = ("行动", "工作", "产业园", "园区", "办公室", "领导小组", "人民政府", "委员会")
WORD_STARTS = ("关于", "调度", "盘点", "监测", "通报", "情况")
WORD_BREAK = 1.0


def char_width(ch: str) -> float:
    if ord(ch) < 0x2000 and unicodedata.east_asian_width(ch) in ("Na", "H", "N"):
        return 0.5
    return 1.0


def width(text: str) -> float:
    """Width of `text` in em."""
    return sum(char_width(ch) for ch in text)


@dataclass(frozen=True)
class _Unit:
    text: str
    kind: str  # char | date | paren | quote


def _units(text: str) -> list[_Unit]:
    units, pos = [], 0
    for m in _GROUP_RE.finditer(text):
        units += [_Unit(ch, "char") for ch in text[pos:m.start()]]
        first = m.group()[0]
        kind = "quote" if first in "“‘《" else "paren" if first == "（" else "date"
        units.append(_Unit(m.group(), kind))
        pos = m.end()
    units += [_Unit(ch, "char") for ch in text[pos:]]
    return units


def _break_cost(units: list[_Unit], i: int) -> float | None:
    """Cost of starting a new line at unit i (None: never, e.g. before closing punctuation)."""
    before, here = units[i - 1], units[i]
    if here.kind in BREAK_COST and not (here.kind == "quote" and before.kind == "quote"):
        return BREAK_COST[here.kind]
    if here.kind == "char" and here.text in "，。、；：）》”’!?！？":
        return None
    if before.kind == "quote" and here.kind == "char":
        return LAST_RESORT * 2  # “企业满园”|行动 splits a name from its word
    head = "".join(u.text for u in units[max(0, i - 4):i])
    tail = "".join(u.text for u in units[i:i + 2])
    if head.endswith(WORD_ENDS) or tail.startswith(WORD_STARTS):
        return WORD_BREAK
    return LAST_RESORT


def break_title(text: str, max_em: float) -> list[str]:
    """The title in lines no wider than `max_em`, broken at word boundaries (GB/T 9704 7.3.3: 词意完整,
    排列对称): the fewest lines, then the cheapest breaks, then the most even lengths."""
    units = _units(text)
    if width(text) <= max_em or len(units) < 2:
        return [text]
    widths = [width(u.text) for u in units]
    n = len(units)
    best: dict[int, tuple[float, list[int]]] = {n: (0.0, [])}

    def line_width(a: int, b: int) -> float:
        return sum(widths[a:b])

    # best[i] = cheapest way to lay units i..n-1, counted as (lines, cost + unevenness)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, n + 1):
            w = line_width(i, j)
            if w > max_em and j > i + 1:
                break
            cost = 0.0 if j == n else _break_cost(units, j)
            if cost is None or j not in best:
                continue
            rest_cost, rest = best[j]
            options.append((1 + len(rest), cost + rest_cost + _uneven(w, max_em, j == n), [j] + rest))
        if options:
            lines, cost, breaks = min(options, key=lambda o: (o[0], o[1]))
            best[i] = (cost, breaks)
    if 0 not in best:
        return [text]
    edges = [0] + best[0][1]
    return ["".join(u.text for u in units[a:b]) for a, b in zip(edges, edges[1:])]


def _uneven(line_em: float, max_em: float, last: bool) -> float:
    """Lines of a title should be of similar length; a short last line costs most."""
    slack = (max_em - line_em) / max_em
    return slack * (3.0 if last else 1.0)


# --- tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnText:
    header: str
    cells: list[str]
    nowrap: bool  # numbers, dates, codes: never broken
    figure: bool = False  # worded figures ("高于时间进度28.83个百分点"): may wrap, never inside the number


_NUMBER_TOKEN_RE = re.compile(r"[\d.,%+\-—]+[^\d\s，、；。（）]{0,4}")


def _widest_number(cells: list[str]) -> float:
    return max((width(m.group()) for c in cells for m in _NUMBER_TOKEN_RE.finditer(c)), default=0.0)


def column_widths(columns: list[ColumnText], total: float, min_text: float = 4.0, pad: float = 1.0) -> list[float]:
    """Column widths in em (summing to at most `total`). Each column has a least width — a number
    column its widest cell (never broken; the header wraps, 2 em a line at least), a worded-figure
    column its widest number with its unit, a text column `min_text` (or its content when shorter) —
    and a wanted width: its content on one line (a number column: room for its header too). When the
    wanted widths fit, the text columns share what is left; otherwise every column gets its least
    width and the room left is shared in proportion to what each still wants."""
    least, need = [], []
    for col in columns:
        cells = max((width(c) for c in col.cells), default=0.0)
        header = width(col.header)
        if col.nowrap:
            low = max(cells, min(header, 2.0)) + pad
            least.append(low)
            need.append(max(low, min(header + pad, low * 1.6)))
        elif col.figure:
            least.append(max(_widest_number(col.cells), min(header, 2.0)) + pad)
            need.append(max(cells, min(header, cells)) + pad)
        else:
            full = max(cells, header) + pad
            least.append(min(full, min_text + pad))
            need.append(full)
    if sum(need) <= total:
        text = [i for i, c in enumerate(columns) if not c.nowrap]
        if not text:
            return need
        spare = total - sum(need)
        return [n + (spare * n / sum(need[i] for i in text) if i in text else 0.0) for i, n in enumerate(need)]
    room = total - sum(least)
    wants = [n - m for n, m in zip(need, least)]
    if room <= 0 or not sum(wants):
        return least
    return [m + room * w / sum(wants) for m, w in zip(least, wants)]
