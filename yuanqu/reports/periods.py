"""The periods a report covers: a month (1—N月), an ISO week (周监测) and a quarter (季盘点)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.rules import rule

CN_DIGITS = "〇一二三四五六七八九"
_WEEK_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$")
_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一是/二是, 第三季度)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{CN_DIGITS[tens] if tens > 1 else ''}十{CN_DIGITS[ones] if ones else ''}"


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def cn_date(day: dt.date, year: int | None = None) -> str:
    """"2023年9月11日"; "9月11日" when `year` is the date's year (GB/T 9704: Arabic numerals)."""
    return fmt.cn_date(day, year)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"成文日期的格式应为 YYYY-MM-DD（如 2023-09-11），实际为“{text}”") from None


def next_working_day(day: dt.date) -> dt.date:
    """`day`, or the Monday after it when it falls on a weekend (public holidays are not known here)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def default_issue_date(kind: str, when) -> dt.date:
    """The 成文日期 a report gets unless the user chooses one: the day of the month after the period
    (月调度) or after the quarter (季盘点) set in YUANQU_RULES["report_issue"], or the given weekday of the
    week after the week (周监测); then the next working day."""
    days = rule("report_issue")
    if kind == "weekly":
        day = when.end + dt.timedelta(days=days["weekly_weekday"])
    else:
        end = when.end if kind == "monthly" else when.period.end
        following = end + dt.timedelta(days=1)
        day = following.replace(day=days["quarterly_day" if kind == "quarterly" else "monthly_day"])
    return next_working_day(day)


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, Monday to Sunday: "2023-W35" is 2023-08-28 — 2023-09-03."""

    year: int
    week: int

    def __post_init__(self):
        try:
            dt.date.fromisocalendar(self.year, self.week, 1)
        except ValueError:
            raise ValueError(f"{self.year}年没有第{self.week}周") from None

    @classmethod
    def parse(cls, text: str) -> "Week":
        m = _WEEK_RE.match(str(text))
        if not m:
            raise ValueError(f"周的格式应为 YYYY-Www（如 2023-W35），实际为“{text}”")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> "Week":
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)

    @property
    def period(self) -> Period:
        """The statistics the week reports: the month that ended within the week, else the last month
        ended before it (monthly figures are 1—N月 figures)."""
        for offset in range(7):
            day = self.start + dt.timedelta(days=offset)
            if (day + dt.timedelta(days=1)).month != day.month:
                return Period(day.year, day.month)
        last = self.start.replace(day=1) - dt.timedelta(days=1)
        return Period(last.year, last.month)

    @property
    def month_end_in_week(self) -> bool:
        return self.start <= self.period.end <= self.end

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.week}周"

    @property
    def span(self) -> str:
        return f"{month_day(self.start)}至{month_day(self.end)}"

    def __str__(self):
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self):
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"季度应在1—4之间，实际为{self.quarter}")

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        m = _QUARTER_RE.match(str(text))
        if not m:
            raise ValueError(f"季度的格式应为 YYYYQn（如 2023Q3），实际为“{text}”")
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter * 3)

    @property
    def word(self) -> str:
        return f"{cn_number(self.quarter)}季度"

    @property
    def label(self) -> str:
        return f"{self.year}年第{cn_number(self.quarter)}季度"

    def __str__(self):
        return f"{self.year}Q{self.quarter}"
