"""Number wording for briefings (DOMAIN §3; GB/T 15835-2011 and NBS practice).

Rounding is ROUND_HALF_UP and happens here only; figures keep unrounded values.
Money is held in 万元; 亿元 is a display unit (÷ 10 000).
`whole=True` (the briefings): a value that is a whole number in the unit shown is written without
decimals ("400亿元", "增长10%", "95%"), as offices write targets and exact counts; other values keep
the fixed decimals of DOMAIN §3 ("81.60亿元", "增长17.1%").
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

DASH = "—"
WAN_PER_YI = Decimal(10000)
M2_PER_WAN = Decimal(10000)
COUNT_UNITS = {"个", "户", "家", "条", "宗", "人", "类", "项", "名", "次", "宗地", "项目"}


def rounded(value, places: int) -> Decimal:
    """Half-up rounding to `places` decimals (the statistics bureau's rule, not banker's)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fixed(value, places: int) -> str:
    """Rounded with exactly `places` decimals: fixed(84.2331, 2) → "84.23"."""
    shown = rounded(value, places)
    return format(abs(shown) if shown == 0 else shown, "f")  # never "-0.00"


def trimmed(value, places: int = 2) -> str:
    """Rounded to at most `places` decimals, trailing zeros dropped: 120.00 → "120", 4.60 → "4.6"."""
    text = fixed(value, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def is_whole(value) -> bool:
    return value is not None and Decimal(value) == Decimal(value).to_integral_value()


def _fixed_or_whole(value, places: int, whole: bool) -> str:
    return fixed(value, 0) if whole and is_whole(value) else fixed(value, places)


def cn_date(day: dt.date, year: int | None = None) -> str:
    """A date as Chinese text: "2023年5月31日", or "5月31日" when it lies in `year`."""
    if day is None:
        return DASH
    if year is not None and day.year == year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def yi(value_wan, places: int = 2, whole: bool = False) -> str:
    """Money in 万元 shown in 亿元 with two decimals: 839800 → "83.98亿元" (whole: 4000000 → "400亿元")."""
    if value_wan is None:
        return DASH
    return f"{_fixed_or_whole(Decimal(value_wan) / WAN_PER_YI, places, whole)}亿元"


def wan(value_wan, places: int = 2) -> str:
    """Small money in 万元: 5000 → "5000万元", 12.5 → "12.5万元"."""
    if value_wan is None:
        return DASH
    return f"{trimmed(value_wan, places)}万元"


def money(value_wan, whole: bool = False) -> str:
    """亿元 (two decimals) from 1亿元 up, 万元 below (DOMAIN §3)."""
    if value_wan is None:
        return DASH
    return yi(value_wan, whole=whole) if abs(Decimal(value_wan)) >= WAN_PER_YI else wan(value_wan)


def money_list(values, whole: bool = False) -> list[str]:
    """Amounts of one list in one unit: all in 亿元 when the largest reaches 1亿元, else all in 万元."""
    present = [abs(Decimal(v)) for v in values if v is not None]
    if present and max(present) >= WAN_PER_YI:
        return [yi(v, whole=whole) if v is not None else DASH for v in values]
    return [wan(v) if v is not None else DASH for v in values]


def pct(value, places: int = 1, whole: bool = False) -> str:
    """A share or rate: pct(84.2331, 2) → "84.23%" (whole: 95 → "95%")."""
    if value is None:
        return DASH
    return f"{_fixed_or_whole(value, places, whole)}%"


def times_phrase(ratio) -> str:
    """A ratio of this year to last year of 2 or more, in 倍: 2.5 → "增长1.5倍" (DOMAIN §3)."""
    if ratio is None:
        return DASH
    return f"增长{trimmed(Decimal(ratio) - 1, 1)}倍"


def growth_phrase(value, places: int = 1, whole: bool = False) -> str:
    """Growth % as worded: "增长17.1%", "下降3.2%", "持平"; a ratio ≥ 2 as "增长1.5倍"; None → "—"."""
    if value is None:
        return DASH
    value = Decimal(value)
    if value >= 100:
        return times_phrase(value / 100 + 1)
    shown = rounded(value, places)
    if shown == 0:
        return "持平"
    return (f"增长{_fixed_or_whole(value, places, whole)}%" if shown > 0
            else f"下降{_fixed_or_whole(-value, places, whole)}%")


def points_phrase(deviation, places: int = 2, basis: str = "时间进度") -> str:
    """Points against a basis: "高于时间进度28.83个百分点" / "低于时间进度3.50个百分点"."""
    if deviation is None:
        return DASH
    deviation = Decimal(deviation)
    shown = rounded(deviation, places)
    if shown == 0:
        return f"与{basis}持平"
    word = "高于" if shown > 0 else "低于"
    return f"{word}{basis}{fixed(abs(deviation), places)}个百分点"


def points_change(difference, places: int = 1, up: str = "加快", down: str = "放缓") -> str:
    """A difference of two rates: "加快2.1个百分点" / "放缓0.4个百分点" (or 收窄/扩大 …)."""
    if difference is None:
        return DASH
    difference = Decimal(difference)
    shown = rounded(difference, places)
    if shown == 0:
        return "持平"
    return f"{up if shown > 0 else down}{fixed(abs(difference), places)}个百分点"


def area(value, unit: str = "亩", in_wan: bool | None = None) -> str:
    """Areas: "120亩"; square metres from 1万 up as "4.6万平方米" (`in_wan` forces one way or the other)."""
    if value is None:
        return DASH
    value = Decimal(value)
    if unit == "平方米" and (abs(value) >= M2_PER_WAN if in_wan is None else in_wan):
        return f"{trimmed(value / M2_PER_WAN, 2)}万平方米"
    return f"{trimmed(value, 2)}{unit}"


def area_list(values, unit: str = "亩") -> list[str]:
    """Areas of one list in one unit: all in 万平方米 when the largest reaches 1万平方米."""
    present = [abs(Decimal(v)) for v in values if v is not None]
    in_wan = unit == "平方米" and bool(present) and max(present) >= M2_PER_WAN
    return [area(v, unit, in_wan) for v in values]


def count(value, unit: str = "") -> str:
    if value is None:
        return DASH
    return f"{value}{unit}" if isinstance(value, int) else f"{trimmed(value, 2)}{unit}"


def style_for_unit(unit: str) -> str:
    if unit == "万元":
        return "amount"
    if unit == "%":
        return "share"
    if unit == "百分点":
        return "points"
    if unit in ("亩", "平方米"):
        return "area"
    if unit in COUNT_UNITS:
        return "count"
    return "number"


def display(value, unit: str, style: str, places: int | None = None, whole: bool = False) -> str:
    """One figure's value as a briefing writes it (`whole`: whole numbers without decimals)."""
    if value is None:
        return DASH
    if style == "amount":
        return money(value, whole)
    if style == "growth":
        return growth_phrase(value, 1 if places is None else places, whole)
    if style == "share":
        return pct(value, 1 if places is None else places, whole)
    if style == "points":
        return points_phrase(value, 2 if places is None else places)
    if style == "area":
        return area(value, unit)
    if style == "count":
        return count(value, unit)
    return f"{trimmed(value, 2 if places is None else places)}{unit}"
