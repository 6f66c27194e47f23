"""Periods (DOMAIN §1): a period is (year, month) and means 1—N月 of that year."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*$")

# Every year and date entered (forms, admin, services, imports) lies in these years.
YEAR_MIN, YEAR_MAX = 1900, 2200


def year_error(year) -> str:
    """Why `year` is not a year the platform accepts, or "" when it is."""
    if YEAR_MIN <= int(year) <= YEAR_MAX:
        return ""
    return f"年份应在{YEAR_MIN}—{YEAR_MAX}之间，实际为{year}"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValueError(f"月份应在1—12之间，实际为{self.month}")
        if year_error(self.year):
            raise ValueError(year_error(self.year))

    @classmethod
    def parse(cls, text: str) -> "Period":
        m = _PERIOD_RE.match(str(text))
        if not m:
            raise ValueError(f"期别格式应为 YYYY-MM（如 2023-08），实际为“{text}”")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        """'1-8月'; February is '1-2月'; January alone is '1月' (not released alone)."""
        return "1月" if self.month == 1 else f"1-{self.month}月"

    @property
    def full_label(self) -> str:
        return f"{self.year}年{self.label}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self) -> "Period | None":
        """The period before within the same year (None for January)."""
        return Period(self.year, self.month - 1) if self.month > 1 else None

    @property
    def last_year(self) -> "Period":
        return Period(self.year - 1, self.month)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def time_progress(self) -> Decimal:
        """Time progress as a fraction: N/12 by month (DOMAIN §4), unrounded."""
        return Decimal(self.month) / Decimal(12)
