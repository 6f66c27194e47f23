"""Cell values → Python values, exactly.

Numbers become Decimal (never float): a float from the reader is converted through its shortest
repr, so the 1234.56 a user typed is Decimal("1234.56"). Units are converted to the stored unit
with Decimal arithmetic (千元 × 0.1, 元 × 0.0001, 亿元 × 10000 for money held in 万元).

A parser raises `Problem(expected)` saying what was expected, in Chinese; the parse stage adds
the sheet, row, column and the value found.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal

from yuanqu.core import creditcode, industrycode

ONE, ZERO = Decimal(1), Decimal(0)


class Problem(ValueError):
    """A cell that cannot be read as its column. `expected` says what was expected."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


# --------------------------------------------------------------------------- text

DASHES = frozenset({"", "—", "——", "-", "--", "－", "–", "―", "/", "／", "…"})
NO_VALUE = DASHES | {"无"}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def key_text(value) -> str:
    """A code or a name as compared: full-width/half-width differences and spaces ignored."""
    return "" if value is None else "".join(nfkc(str(value)).split())


def cell_text(raw) -> str:
    """A cell as display text (for messages and the error workbook)."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        return repr(raw) if not raw.is_integer() else str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if (raw.hour or raw.minute) else raw.strftime("%Y-%m-%d")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def shown(value) -> str:
    """A parsed or stored value as exact text, for messages and revision records ("" for none)."""
    if type(value) is Decimal:
        return format(value, "f")
    if value is None or isinstance(value, bool):
        return "" if value is None else "是" if value else "否"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def is_blank_cell(raw) -> bool:
    """An empty cell (nothing typed). A cell holding "—" is not empty, but has no value."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def is_blank(raw) -> bool:
    """A cell with no value: empty, or a dash / "无" meaning none."""
    if isinstance(raw, str):
        return raw.strip() in NO_VALUE
    return raw is None


# --------------------------------------------------------------------------- units

# unit family → {unit as written (after NFKC, lower case) → factor to the stored unit}
UNITS: dict[str, dict[str, Decimal]] = {
    "money": {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": ONE, "亿元": Decimal(10000)},
    "energy": {"千瓦时": Decimal("0.0001"), "度": Decimal("0.0001"), "kwh": Decimal("0.0001"),
               "万千瓦时": ONE, "万度": ONE, "万kwh": ONE, "亿千瓦时": Decimal(10000)},
    "area_mu": {"亩": ONE, "公顷": Decimal(15), "hm2": Decimal(15)},
    "area_m2": {"平方米": ONE, "m2": ONE, "平米": ONE, "万平方米": Decimal(10000), "万m2": Decimal(10000)},
    "people": {"人": ONE},
    "rent": {"元/平方米": ONE, "元/m2": ONE, "元/平方米·月": ONE, "元/m2·月": ONE},
    "percent": {"%": ONE},
}
# the unit each family is stored in (what a template writes)
STORED_UNIT = {"money": "万元", "energy": "万千瓦时", "area_mu": "亩", "area_m2": "平方米", "people": "人",
               "rent": "元/平方米", "percent": "%"}
FAMILY_OF_UNIT = {unit: family for family, unit in STORED_UNIT.items()}
ALL_UNITS = {u: fam for fam, units in UNITS.items() for u in units}
# longest first, so that 万元 is not read as 元
UNIT_ALTERNATION = "|".join(sorted((re.escape(u) for u in ALL_UNITS), key=len, reverse=True))
UNIT_LINE_RE = re.compile(rf"单位\s*[:：]?\s*({UNIT_ALTERNATION})(?![\w/])", re.IGNORECASE)


def unit_family(unit: str) -> str | None:
    return ALL_UNITS.get(nfkc(unit).strip().lower())


def factor(family: str, unit: str | None) -> Decimal:
    return UNITS[family][nfkc(unit).strip().lower()] if unit else ONE


# --------------------------------------------------------------------------- numbers

_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def to_decimal(raw) -> Decimal | None:
    """A number cell → Decimal, or None for no value. Raises Problem for anything else.

    Accepts full-width digits, thousands separators (1,234.5 / 1，234.5), a leading ＋/－,
    an accounting negative (123), and a trailing % (returns the number of percent).
    """
    if type(raw) is float:
        if not math.isfinite(raw):
            raise Problem("有限的数字（不是无穷大或非数）")
        return Decimal(repr(raw))
    if raw is None:
        return None
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time)):
        raise Problem("数字" + ("（单元格是日期格式）" if not isinstance(raw, bool) else ""))
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    text = nfkc(str(raw)).strip()
    if text in NO_VALUE:
        return None
    text = text.replace(" ", "").replace("−", "-")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = text.removesuffix("%")
    if "," in text:
        if not _THOUSANDS_RE.match(text):
            raise Problem("数字（千分位逗号应每三位一个，如 1,234.56）")
        text = text.replace(",", "")
    if not _PLAIN_RE.match(text):
        raise Problem("数字")
    return -Decimal(text) if negative else Decimal(text)


def decimals_of(value) -> int:
    """The number of decimal places a value is written with (0 for an integer)."""
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# --------------------------------------------------------------------------- dates

_DATE_RES = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def to_date(raw) -> dt.date | None:
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        serial = float(raw)
        if serial.is_integer() and 19000101 <= serial <= 22001231:
            return to_date(str(int(serial)))
        if 1 <= serial < 200000:  # an Excel serial day number (a date cell without a date format)
            return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
        raise Problem("日期，如 2023-08-15")
    text = nfkc(str(raw)).strip()
    if text in NO_VALUE:
        return None
    text = text.split("T")[0].split(" ")[0]
    for rx in _DATE_RES:
        m = rx.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise Problem("存在的日期（月份1—12，日不超过当月天数）") from None
    raise Problem("日期，如 2023-08-15、2023/8/15 或 2023年8月15日")


# --------------------------------------------------------------------------- parsers


class Parser:
    """Turns one cell into a value: `parse(raw, unit_factor)`."""

    family: str | None = None  # the unit family of a number
    expected = "文本"

    def parse(self, raw, unit_factor: Decimal = ONE):
        raise NotImplementedError

    def sample(self):
        return ""


class Text(Parser):
    def __init__(self, max_length: int | None = None, upper: bool = False):
        self.max_length = max_length
        self.upper = upper
        self.expected = f"不超过{max_length}个字的文本" if max_length else "文本"

    def parse(self, raw, unit_factor=ONE):
        if raw is None:
            return ""
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))  # a code typed as a number: 2023001.0 → "2023001"
        elif isinstance(raw, (dt.date, float)):
            text = cell_text(raw)
        else:
            text = str(raw).strip()
        if text in DASHES:
            return ""
        if self.upper:
            text = nfkc(text).upper()
        if self.max_length and len(text) > self.max_length:
            raise Problem(self.expected + f"（实际{len(text)}个字）")
        return text


class Key(Text):
    """A code or a name that names a row: stored as written, matched by `key_text`; a `none` word
    ("园区外") means none, as a blank does."""

    def __init__(self, max_length: int | None = None, none: tuple[str, ...] = ()):
        super().__init__(max_length)
        self.none = frozenset(key_text(w) for w in none)

    def parse(self, raw, unit_factor=ONE):
        text = super().parse(raw, unit_factor)
        return "" if self.none and key_text(text) in self.none else text


class IndustryCode(Parser):
    """国民经济行业代码 as the bureau writes it ("3841", "C3841", 2 to 4 digits) → the stored code of the
    GB/T 4754-2017 list (core.industrycode). A number cell is its digits; one of 3 digits may be a 中类
    or a 小类 that lost its leading zero (141: C141 or A0141): the one the list has is taken, and when
    the list has both the cell is an error asking for text."""

    expected = industrycode.SHAPE

    def parse(self, raw, unit_factor=ONE):
        if is_blank(raw):
            return ""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() \
                and len(str(int(raw))) == 3:
            digits = str(int(raw))
            listed = [industrycode.lookup(c)[0] for c in (digits, "0" + digits) if industrycode.is_valid(c)]
            if len(listed) == 2:
                a, b = (industrycode.label(c) for c in listed)
                raise Problem(f"文本格式的行业代码：数字单元格“{digits}”可能是“{a}”，也可能是丢了开头“0”的“{b}”；"
                              f"应把该列设为文本格式，填写“{digits}”或“0{digits}”")
            raw = listed[0] if listed else digits
        try:
            return industrycode.lookup(raw)[0]
        except industrycode.IndustryCodeError as exc:
            raise Problem(f"{industrycode.EDITION} 中的行业代码（{exc}）") from None


class Pattern(Text):
    """Text that must match a regular expression (e.g. an industry code C18 / C1811)."""

    def __init__(self, regex: str, expected: str, max_length: int | None = None):
        super().__init__(max_length, upper=True)
        self.regex = re.compile(regex)
        self.expected = expected

    def parse(self, raw, unit_factor=ONE):
        text = super().parse(raw, unit_factor)
        if text and not self.regex.match(text):
            raise Problem(self.expected)
        return text


class Names(Parser):
    """Several names in one cell, separated by 、，,/；; (full-width or not) → a tuple of them; blank or a
    `none` word (其他, 无): ()."""

    SEPARATORS = re.compile(r"[、，,/／；;]+")
    expected = "名称，多个用“、”分隔"

    def __init__(self, none: tuple[str, ...] = ("其他", "无")):
        self.none = frozenset(none) | DASHES

    def parse(self, raw, unit_factor=ONE):
        if is_blank(raw):
            return ()
        names = [n.strip() for n in self.SEPARATORS.split(nfkc(str(raw)))]
        return tuple(dict.fromkeys(n for n in names if n and n not in self.none))


class Number(Parser):
    def __init__(self, family: str | None = None, *, signed: bool = False, integer: bool = False,
                 max_value: int | None = None):
        self.family = family
        self.signed = signed
        self.integer = integer
        self.max_value = max_value
        what = "整数" if integer else "数字"
        self.expected = what if signed else f"不小于0的{what}"

    def parse(self, raw, unit_factor=ONE):
        value = to_decimal(raw)
        if value is None:
            return None
        if unit_factor is not ONE:
            value *= unit_factor
        if not self.signed and value < ZERO:
            raise Problem(self.expected + "（不得为负数）")
        if self.max_value is not None and value > self.max_value:
            raise Problem(f"不大于{self.max_value}的数")
        if self.integer:
            if value != value.to_integral_value():
                raise Problem(self.expected + "（不能有小数）")
            return int(value)
        return value


class Whole(Number):
    """A whole number within [lowest, highest], optionally written with a suffix ("8月", "2023年")."""

    def __init__(self, lowest: int, highest: int, suffix: str, expected: str):
        super().__init__(integer=True)
        self.lowest, self.highest, self.suffix, self.expected = lowest, highest, suffix, expected

    def parse(self, raw, unit_factor=ONE):
        try:
            value = super().parse(nfkc(raw).strip().removesuffix(self.suffix) if isinstance(raw, str) else raw)
        except Problem:
            raise Problem(self.expected) from None
        if value is not None and not self.lowest <= value <= self.highest:
            raise Problem(self.expected)
        return value


def Month() -> Whole:
    return Whole(1, 12, "月", "1—12之间的月份")


def Year() -> Whole:
    return Whole(1900, 2200, "年", "四位年份，如 2023")


class Date(Parser):
    expected = "日期，如 2023-08-15"

    def parse(self, raw, unit_factor=ONE):
        return to_date(raw)


class Bool(Parser):
    TRUE = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "★"})
    FALSE = frozenset({"否", "×", "✗", "n", "no", "false", "0", "无"})
    expected = "“是”或“否”"

    def __init__(self, true: tuple[str, ...] = (), false: tuple[str, ...] = ()):
        self.true, self.false = self.TRUE | set(true), self.FALSE | set(false)

    def parse(self, raw, unit_factor=ONE):
        if raw is None or isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)):
            if raw in (0, 1):
                return bool(raw)
            raise Problem(self.expected)
        text = nfkc(str(raw)).strip().lower()
        if text in self.true:
            return True
        if text in self.false:
            return False
        if text in NO_VALUE:
            return None
        raise Problem(self.expected)

    def sample(self):
        return "否"


class Choice(Parser):
    """A Chinese label (or the stored value) → the stored value of a TextChoices/IntegerChoices."""

    def __init__(self, choices, extra: dict[str, object] | None = None):
        self.mapping: dict[str, object] = {}
        self.labels = []
        for value, label in choices:
            if value in ("", None):
                continue
            self.labels.append(str(label))
            self.mapping[_choice_key(label)] = value
            self.mapping[_choice_key(value)] = value
        for alias, value in (extra or {}).items():
            self.mapping[_choice_key(alias)] = value
        self.expected = "以下之一：" + "、".join(self.labels)
        # the empty choice (e.g. Project.KeyLevel.NONE = "") is what a blank cell means
        self.blank = next((v for v, _ in choices if v == ""), None)

    def parse(self, raw, unit_factor=ONE):
        if is_blank(raw):
            return self.blank
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            return self.mapping[_choice_key(raw)]
        except KeyError:
            raise Problem(self.expected) from None

    def sample(self):
        return self.labels[0] if self.labels else ""


def _choice_key(value) -> str:
    return nfkc(str(value)).replace(" ", "").lower().strip()


class CreditCode(Parser):
    expected = "18位统一社会信用代码（GB 32100-2015）"

    def parse(self, raw, unit_factor=ONE):
        if is_blank(raw):
            return ""
        code = creditcode.normalize(raw)
        why = creditcode.problem(code)
        if why:
            raise Problem(f"{self.expected}；{why}")
        return code
