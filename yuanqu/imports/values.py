"""Cell values → Python values, exactly.

Numbers become Decimal (never float): a float from calamine is converted through its shortest
repr, so the 1234.56 a user typed is Decimal("1234.56"). Units are converted to the stored unit
with Decimal arithmetic (千元 ÷ 10, 元 ÷ 10000, 亿元 × 10000 for money held in 万元).

A parser raises `Problem(expected)` with what was expected, in Chinese; the engine adds the
sheet, row, column and the value found.
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation
from itertools import repeat

import numpy as np

from yuanqu.core import creditcode


class Problem(ValueError):
    """A cell that cannot be read as its field. `expected` says what was expected."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


# --------------------------------------------------------------------------- text

DASHES = frozenset({"", "—", "——", "-", "--", "－", "–", "―", "/", "／", "…"})
NO_VALUE = DASHES | {"无"}
_DASH_MARKS = DASHES - {""}
_FRACTION = object()


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


_nfkc_of = functools.partial(unicodedata.normalize, "NFKC")
_SPACE_RE = re.compile(r"\s")  # the characters str.split() splits on (str.isspace)
NoneType = type(None)


def normal_keys(values) -> list[str]:
    """`"".join(nfkc(str(v)).split())` ("" for None) of many values at once: one normalisation of the
    joined text, when no value holds the separator (NFKC never joins across a control character)."""
    texts = ["" if v is None else v if type(v) is str else str(v) for v in values]
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # pragma: no cover - a NUL inside a value
        return ["".join(nfkc(t).split()) for t in texts]
    if not joined.isascii():
        joined = nfkc(joined)
    if _SPACE_RE.search(joined):
        joined = _SPACE_RE.sub("", joined)
    return joined.split("\x00") if texts else []


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


def is_blank_cell(raw) -> bool:
    """An empty cell (nothing typed). A cell holding "—" is not empty, but has no value."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def is_blank(raw) -> bool:
    """A cell with no value: empty, or a dash / "无" meaning none."""
    if raw is None:
        return True
    if isinstance(raw, str):
        s = raw.strip()
        return not s or s in NO_VALUE
    return False


# --------------------------------------------------------------------------- units

# unit family → {unit as written (after NFKC) → factor to the stored unit}
UNITS: dict[str, dict[str, Decimal]] = {
    "money": {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)},
    "energy": {"千瓦时": Decimal("0.0001"), "度": Decimal("0.0001"), "kwh": Decimal("0.0001"),
               "万千瓦时": Decimal(1), "万度": Decimal(1), "万kwh": Decimal(1), "亿千瓦时": Decimal(10000)},
    "area_mu": {"亩": Decimal(1), "公顷": Decimal(15), "hm2": Decimal(15)},
    "area_m2": {"平方米": Decimal(1), "m2": Decimal(1), "平米": Decimal(1), "万平方米": Decimal(10000),
                "万m2": Decimal(10000)},
    "people": {"人": Decimal(1)},
    "rent": {"元/平方米": Decimal(1), "元/m2": Decimal(1), "元/平方米·月": Decimal(1), "元/m2·月": Decimal(1)},
    "percent": {"%": Decimal(1)},
}
# the unit each family is stored in (what a template writes)
STORED_UNIT = {"money": "万元", "energy": "万千瓦时", "area_mu": "亩", "area_m2": "平方米", "people": "人",
               "rent": "元/平方米", "percent": "%"}
ALL_UNITS = {u: fam for fam, units in UNITS.items() for u in units}
# longest first, so that 万元 is not read as 元
_UNIT_ALTERNATION = "|".join(sorted((re.escape(u) for u in ALL_UNITS), key=len, reverse=True))
UNIT_LINE_RE = re.compile(rf"单位\s*[:：]?\s*({_UNIT_ALTERNATION})(?![\w/])", re.IGNORECASE)


def unit_family(unit: str) -> str | None:
    return ALL_UNITS.get(nfkc(unit).strip().lower())


def factor(family: str, unit: str | None) -> Decimal:
    if not unit:
        return Decimal(1)
    return UNITS[family][nfkc(unit).strip().lower()]


# --------------------------------------------------------------------------- numbers

_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def to_decimal(raw) -> Decimal | None:
    """A number cell → Decimal, or None for no value. Raises Problem for anything else.

    Accepts full-width digits, thousands separators (1,234.5 / 1，234.5), a leading ＋/－,
    an accounting negative (123), and a trailing % (returns the number of percent).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise Problem("数字")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise Problem("数字")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        raise Problem("数字（单元格是日期格式）")
    text = nfkc(str(raw)).strip()
    if not text or text in NO_VALUE:
        return None
    text = text.replace(" ", "").replace("\u3000", "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("%"):
        text = text[:-1]
    text = text.replace("−", "-")
    if "," in text:
        if not _THOUSANDS_RE.match(text):
            raise Problem("数字（千分位逗号应每三位一个，如 1,234.56）")
        text = text.replace(",", "")
    if not _PLAIN_RE.match(text):
        raise Problem("数字")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        raise Problem("数字") from None
    return -value if negative else value


def decimals_of(value) -> int:
    if not isinstance(value, Decimal):
        return 0
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


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
    text = nfkc(str(raw)).strip().replace(" ", "")
    if not text or text in NO_VALUE:
        return None
    text = text.split("T")[0]
    if " " in str(raw).strip() and re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", text[:10]):
        text = text[:10]
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
    """Turns one cell into a value. Subclasses set `kind` (for templates and totals)."""

    kind = "text"
    family: str | None = None  # unit family for numbers
    expected = "文本"

    def parse(self, raw, unit_factor: Decimal = Decimal(1)):
        raise NotImplementedError

    def parse_column(self, raws: list, unit_factor: Decimal = Decimal(1)) -> list | None:
        """Every cell of a column at once, as `parse` would give them, when that can be done
        without a problem; None when not (the caller then parses cell by cell, with messages)."""
        return None

    def sample(self):  # pragma: no cover - overridden where a template needs one
        return ""


class Text(Parser):
    kind = "text"

    def __init__(self, max_length: int | None = None, upper: bool = False):
        self.max_length = max_length
        self.upper = upper
        self.expected = f"不超过{max_length}个字的文本" if max_length else "文本"

    def parse(self, raw, unit_factor=Decimal(1)):
        if raw is None:
            return ""
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))  # a code typed as a number: 2023001.0 → "2023001"
        elif isinstance(raw, (dt.date, dt.datetime)):
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

    def parse_column(self, raws, unit_factor=Decimal(1)):
        if type(self).parse is not Text.parse or self.upper:
            return None
        types = set(map(type, raws))
        if not types <= {str, NoneType}:
            return None
        texts = [("" if x is None else x.strip()) for x in raws] if NoneType in types else list(map(str.strip, raws))
        if not _DASH_MARKS.isdisjoint(texts):  # a dash meaning "none"
            texts = ["" if t in DASHES else t for t in texts]
        if self.max_length and texts and max(map(len, texts)) > self.max_length:
            return None
        return texts


class Key(Text):
    """A code or a name that names a row. Stored as written; matched ignoring full-width/half-width
    differences and spaces (see framework._norm_key)."""


class Number(Parser):
    kind = "number"

    def __init__(self, family: str | None = None, *, signed: bool = False, integer: bool = False,
                 max_value: Decimal | int | None = None):
        self.family = family
        self.signed = signed
        self.integer = integer
        self.max_value = Decimal(max_value) if max_value is not None else None
        what = "整数" if integer else "数字"
        self.expected = what if signed else f"不小于0的{what}"

    def parse(self, raw, unit_factor=Decimal(1)):
        if type(raw) is float and raw == raw and not self.integer:  # the common case, fast
            value = Decimal(repr(raw))
            if unit_factor != 1:
                value = value * unit_factor
            if value < 0 and not self.signed:
                raise Problem(self.expected + "（不得为负数）")
            if self.max_value is not None and value > self.max_value:
                raise Problem(f"不大于{self.max_value}的数")
            return value
        value = to_decimal(raw)
        if value is None:
            return None
        if unit_factor != 1:
            value = value * unit_factor
        if not self.signed and value < 0:
            raise Problem(self.expected + "（不得为负数）")
        if self.integer:
            if value != value.to_integral_value():
                raise Problem(self.expected + "（不能有小数）")
            value = int(value)
        if self.max_value is not None and value > self.max_value:
            raise Problem(f"不大于{self.max_value}的数")
        return value


    def _all_none(self, texts: set[str]) -> bool:
        """Whether every one of `texts` reads as no value ("", "—", "-", "无" …), as parse reads it."""
        try:
            return all(self.parse(t) is None for t in texts)
        except Problem:
            return False

    def parse_column(self, raws, unit_factor=Decimal(1)):
        """Numbers typed as numbers (floats from a workbook, ints) and empty cells ("", "—" too) a
        column at once: a column of floats as V.Decimals where it can be, else Decimal(repr) of each;
        anything else (other text, a NaN, a negative where none may be …) cell by cell."""
        if type(self).parse is not Number.parse or self.max_value is not None:
            return None
        types = set(map(type, raws))
        if str in types and types <= {float, int, NoneType, str} and \
                self._all_none({x for x in raws if type(x) is str}):
            raws, types = [None if type(x) is str else x for x in raws], types - {str}  # "", "—": no value
        if any(map(operator.ne, raws, raws)):  # a NaN (NaN ≠ NaN)
            return None
        if self.integer:
            # int(x) is the integer the cell shows (its shortest repr) only below 2**53
            if not types <= {float, NoneType} or unit_factor != 1 or \
                    max((abs(x) for x in raws if x is not None), default=0) >= 2 ** 53:
                return None
            values = [None if x is None else int(x) if x.is_integer() else _FRACTION for x in raws]
            if _FRACTION in values:
                return None
        else:
            if types <= {float, NoneType}:
                column = Decimals.from_floats(raws, unit_factor)
                if column is not None:
                    # a negative number where none may be: cell by cell, with its message
                    return None if column.lowest() < 0 and not self.signed else column
            if not types <= {float, int, NoneType}:
                return None
            # what V.Decimals declined (±inf, more than 15 digits …), or ints: Decimal(repr) is Decimal(int)
            values = [None if x is None else Decimal(repr(x)) for x in raws]
            if unit_factor != 1:
                values = [None if v is None else v * unit_factor for v in values]
            if not all(v is None or v.is_finite() for v in values):
                return None  # ±inf: cell by cell, with its message
        numbers = [v for v in values if v is not None]
        if not self.signed and numbers and min(numbers) < 0:
            return None
        return values


# at most 15 significant digits: such a decimal and the double nearest it convert into each other
# (DBL_DIG = 15), which is what makes a column of them exact as integers and as doubles
_DIGITS15 = 10 ** 15


def double_exact_below(places: int) -> Decimal:
    """The bound under which (in absolute value) a decimal of `places` places has at most 15
    significant digits, so that it and the double nearest it convert into each other exactly."""
    return Decimal(_DIGITS15).scaleb(-places)
_CONTEXT = Context(prec=28)


class Decimals(list):
    """A column of Decimal values (None for an empty cell) that also holds them as integers:
    every value that is not None is exactly `ints[i]` / 10**`places` (|ints[i]| < 10**15),
    `empty` marks the Nones (None: there is none), whose integer is 0.

    It is a list, and every caller may read it as one; the integers let a whole column be
    quantized, bounded, compared or written as doubles at once, without touching each Decimal.
    A slice or a copy is a plain list (`head` keeps the integers)."""

    __slots__ = ("ints", "places", "empty")

    @classmethod
    def of(cls, ints: np.ndarray, places: int, empty: np.ndarray | None) -> Decimals | None:
        """The column of `ints` / 10**places (None where `empty`); None when a value has more than
        15 significant digits."""
        if len(ints) and int(np.abs(ints).max()) >= _DIGITS15:
            return None
        numbers = list(map(_CONTEXT.create_decimal, ints.tolist()))
        if places:
            numbers = list(map(Decimal.scaleb, numbers, repeat(-places)))
        if empty is not None:
            numbers = [None if e else v for v, e in zip(numbers, empty.tolist())]
        self = cls(numbers)
        self.ints, self.places, self.empty = ints, places, empty
        return self

    @classmethod
    def from_floats(cls, raws, unit_factor=Decimal(1)) -> Decimals | None:
        """Cells that are floats or None (not NaN), as `Decimal(repr(x)) * unit_factor` would make
        them, a column at once; None when that cannot be done here (±inf, more than 15 digits, a
        unit factor that is not a power of ten).

        For the fewest places d at which rint(x·10^d)/10^d == x for every x: that integer over 10^d
        is a decimal of ≤ 15 digits whose nearest double is x, and there is only one such decimal,
        so it is the shortest repr of x. Like `Decimal(repr(x))` (a whole number is written "12.0"),
        every value is written with at least one place."""
        factor = unit_factor.normalize().as_tuple()
        if factor.digits != (1,) or not isinstance(factor.exponent, int):
            return None
        a = np.array(raws, dtype=np.float64)  # None → NaN
        empty = np.isnan(a)
        if empty.any():
            a[empty] = 0.0  # its integer is 0
        else:
            empty = None
        if not np.isfinite(a).all():
            return None
        for d in range(7):
            scale = 10.0 ** d
            s = np.rint(a * scale)
            if np.abs(s).max(initial=0.0) >= _DIGITS15:
                return None
            if (s / scale == a).all():
                break
        else:
            return None
        ints = s.astype(np.int64)
        if d == 0:  # written with one place, as repr writes a whole double ("12.0"): the sum of a
            d, ints = 1, ints * 10  # column, read for the check of 合计, keeps the places it had
        if factor.exponent <= 0:  # 千元 → 万元: the same integers, more places
            return cls.of(ints, d - factor.exponent, empty)
        if np.abs(s).max(initial=0.0) * 10.0 ** factor.exponent >= _DIGITS15:  # (before int64 overflows)
            return None
        return cls.of(ints * 10 ** factor.exponent, d, empty)

    def head(self, n: int) -> Decimals:
        """The first n values (with their integers)."""
        if n >= len(self):
            return self
        out = Decimals(self[:n])
        out.ints, out.places = self.ints[:n], self.places
        out.empty = None if self.empty is None or not self.empty[:n].any() else self.empty[:n]
        return out

    def with_places(self, places: int) -> Decimals:
        """The same values written with `places` decimals (≥ self.places): quantized to them. The
        caller keeps every value below 10**(15 − places), so the integers stay within 15 digits."""
        if places == self.places:
            return self
        q = Decimal(1).scaleb(-places)
        numbers = list(map(Decimal.quantize, self, repeat(q))) if self.empty is None else \
            [None if v is None else v.quantize(q) for v in self]
        out = Decimals(numbers)
        out.ints, out.places, out.empty = self.ints * 10 ** (places - self.places), places, self.empty
        return out

    def floats(self) -> np.ndarray:
        """Each value as the double nearest it (NaN for None): an integer below 2**53 over an exact
        power of ten, divided once, is rounded correctly."""
        out = self.ints / 10.0 ** self.places
        if self.empty is not None:
            out[self.empty] = np.nan
        return out

    # an empty cell's integer is 0: it counts for nothing below, and none of them reads `empty`

    def bound(self) -> Decimal:
        """The largest absolute value (0 for none)."""
        return Decimal(int(np.abs(self.ints).max(initial=0))).scaleb(-self.places)

    def total(self) -> Decimal:
        """The sum of the values (None counts for nothing), written with the column's places."""
        return Decimal(sum(self.ints.tolist())).scaleb(-self.places)

    def lowest(self) -> int:
        """The smallest integer (0 for none): below 0 when a value is negative."""
        return int(self.ints.min(initial=0))


def Money(signed=False):
    return Number("money", signed=signed)


class Percent(Number):
    kind = "number"

    def __init__(self, signed=False):
        super().__init__("percent", signed=signed)
        self.expected = "百分数，如 12.5% 或 12.5"


class Date(Parser):
    kind = "date"
    expected = "日期，如 2023-08-15"

    def parse(self, raw, unit_factor=Decimal(1)):
        return to_date(raw)


class Month(Number):
    def __init__(self):
        super().__init__(None, integer=True)
        self.expected = "1—12之间的月份"

    def parse(self, raw, unit_factor=Decimal(1)):
        if isinstance(raw, str):
            raw = nfkc(raw).strip().rstrip("月")
        try:
            value = super().parse(raw)
        except Problem:
            raise Problem(self.expected) from None
        if value is not None and not 1 <= value <= 12:
            raise Problem(self.expected)
        return value


class Year(Number):
    def __init__(self):
        super().__init__(None, integer=True)
        self.expected = "四位年份，如 2023"

    def parse(self, raw, unit_factor=Decimal(1)):
        if isinstance(raw, str):
            raw = nfkc(raw).strip().rstrip("年")
        try:
            value = super().parse(raw)
        except Problem:
            raise Problem(self.expected) from None
        if value is not None and not 1900 <= value <= 2200:
            raise Problem(self.expected)
        return value


class Bool(Parser):
    kind = "bool"
    TRUE = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "★"})
    FALSE = frozenset({"否", "×", "✗", "n", "no", "false", "0", "无"})
    expected = "“是”或“否”"

    def parse(self, raw, unit_factor=Decimal(1)):
        if raw is None:
            return None
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)):
            if raw in (0, 1):
                return bool(raw)
            raise Problem(self.expected)
        text = nfkc(str(raw)).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        if not text or text in NO_VALUE:
            return None
        raise Problem(self.expected)

    def sample(self):
        return "否"


class Choice(Parser):
    """A Chinese label (or the stored value) → the stored value of a TextChoices/IntegerChoices."""

    kind = "choice"

    def __init__(self, choices, extra: dict[str, object] | None = None):
        self.mapping: dict[str, object] = {}
        labels = []
        for value, label in choices:
            if value in ("", None):
                continue
            labels.append(str(label))
            self.mapping[nfkc(str(label)).replace(" ", "").lower()] = value
            self.mapping[nfkc(str(value)).lower()] = value
        for alias, value in (extra or {}).items():
            self.mapping[nfkc(alias).replace(" ", "").lower()] = value
        self.labels = labels
        self.expected = "以下之一：" + "、".join(labels)
        # the empty choice (e.g. Project.KeyLevel.NONE = "") is what a blank cell means
        self.blank = next((v for v, _ in choices if v == ""), None)

    def parse(self, raw, unit_factor=Decimal(1)):
        if is_blank(raw):
            return self.blank
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        key = nfkc(str(raw)).strip().replace(" ", "").lower()
        try:
            return self.mapping[key]
        except KeyError:
            raise Problem(self.expected) from None

    def sample(self):
        return self.labels[0] if self.labels else ""


class CreditCode(Parser):
    kind = "credit_code"
    expected = "18位统一社会信用代码（GB 32100-2015）"

    def parse(self, raw, unit_factor=Decimal(1)):
        if is_blank(raw):
            return ""
        code = creditcode.normalize(raw)
        msg = creditcode.problem(code)
        if msg:
            raise Problem(f"{self.expected}；{msg}")
        return code


class Pattern(Text):
    """Text that must match a regular expression (e.g. an industry code C18 / C1811)."""

    def __init__(self, regex: str, expected: str, max_length: int | None = None, upper: bool = True):
        super().__init__(max_length, upper=upper)
        self.regex = re.compile(regex)
        self.expected = expected

    def parse(self, raw, unit_factor=Decimal(1)):
        text = super().parse(raw, unit_factor)
        if text and not self.regex.match(text):
            raise Problem(self.expected)
        return text
