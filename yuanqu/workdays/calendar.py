"""Working days (工作日) on the Chinese calendar: the platform's one answer (DOMAIN.md §13).

Sources, the later overriding the earlier date by date:
1. the `chinese-calendar` package: the State Council's arrangements from 2004 to its last year;
2. the holiday table (admin: 节假日安排), which an administrator extends when a new year is published.
A day is a working day when a source makes it one (调休上班日), or when it is Monday–Friday and no
source makes it a day off. A year neither source knows is refused (UnknownYear), never guessed.

Counting: `add_workdays(d, n)` is the n-th working day after d — d itself is not counted, so
`add_workdays(2023-09-28, 5)` is 2023-10-11 — and `add_workdays(d, 0)` is d. `workdays_between(a, b)`
counts the working days x with a < x ≤ b, so `workdays_between(a, add_workdays(a, n)) == n`.

The merged calendar is cached in the process. A change to the table through the ORM (the admin)
empties the cache at once (signals.py); a change another process made is seen within CACHE_SECONDS.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import time
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar.constants import Holiday

from .models import HolidayArrangement, HolidayYear

CACHE_SECONDS = 300
PACKAGE = "package"
TABLE = "table"
ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = "一二三四五六日"

# The package's Chinese names are short ("中秋", "端午"); these are the names the notices use.
NAMES = {
    Holiday.new_years_day: "元旦", Holiday.spring_festival: "春节", Holiday.tomb_sweeping_day: "清明节",
    Holiday.labour_day: "劳动节", Holiday.dragon_boat_festival: "端午节", Holiday.national_day: "国庆节",
    Holiday.mid_autumn_festival: "中秋节",
}


class UnknownYear(Exception):
    """The year's holiday arrangement is not published (or not yet entered): no working day can be counted."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"{year}年的节假日安排尚未公布（国务院办公厅通知），无法计算工作日；"
                         f"请管理员在“节假日安排”中补充")


@dataclass(frozen=True)
class Marked:
    """A date a source marks: its holiday's name and which source said so."""
    name: str
    source: str


@dataclass(frozen=True)
class Calendar:
    rest: dict[dt.date, Marked]  # days off, weekends inside a holiday included
    work: dict[dt.date, Marked]  # make-up working days (调休上班日)
    years: frozenset[int]
    notices: dict[int, str] = field(default_factory=dict)  # year → notice named in the table

    def check(self, year: int) -> None:
        if year not in self.years:
            raise UnknownYear(year)

    def is_workday(self, day: dt.date) -> bool:
        self.check(day.year)
        if day in self.work:
            return True
        return day not in self.rest and day.weekday() < 5


def package_version() -> str:
    return importlib.metadata.version("chinese-calendar")


def _package_name(value: str) -> str:
    holiday = Holiday(value)
    return NAMES.get(holiday, holiday.chinese)


@functools.cache
def _package() -> Calendar:
    rest = {d: Marked(_package_name(v), PACKAGE) for d, v in chinese_calendar.holidays.items()}
    work = {d: Marked(_package_name(v), PACKAGE) for d, v in chinese_calendar.workdays.items()}
    return Calendar(rest=rest, work=work, years=frozenset(d.year for d in rest))


def load() -> Calendar:
    """The package's calendar with the holiday table's rows laid over it."""
    base = _package()
    rest, work = dict(base.rest), dict(base.work)
    for day, kind, name in HolidayArrangement.objects.values_list("date", "kind", "name"):
        rest.pop(day, None)
        work.pop(day, None)
        (work if kind == HolidayArrangement.Kind.WORK else rest)[day] = Marked(name, TABLE)
    notices = dict(HolidayYear.objects.values_list("year", "notice"))
    return Calendar(rest=rest, work=work, years=base.years | set(notices), notices=notices)


_cached: tuple[float, Calendar] | None = None


def current() -> Calendar:
    global _cached
    entry = _cached
    if entry is None or time.monotonic() - entry[0] > CACHE_SECONDS:
        entry = (time.monotonic(), load())
        _cached = entry
    return entry[1]


def invalidate(**kwargs) -> None:
    global _cached
    _cached = None


def _date(day) -> dt.date:
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise TypeError(f"需要日期（datetime.date），收到 {day!r}；时刻请先取当地日期 timezone.localdate()")
    return day


# --- the platform's functions ---------------------------------------------------------------

def known_years() -> list[int]:
    return sorted(current().years)


def is_workday(day: dt.date) -> bool:
    return current().is_workday(_date(day))


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (`day` itself not counted); `day` when n is 0."""
    if n < 0:
        raise ValueError(f"工作日数应为不小于0的整数，收到 {n}")
    calendar, current_day, left = current(), _date(day), n
    while left:
        current_day += ONE_DAY
        if calendar.is_workday(current_day):
            left -= 1
    return current_day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days x with start < x ≤ end; negative when end is before start."""
    start, end = _date(start), _date(end)
    if end < start:
        return -workdays_between(end, start)
    calendar = current()
    return sum(calendar.is_workday(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1))


# --- what is known of a year (yuanqu workdays --year) -----------------------------------------

@dataclass(frozen=True)
class Break:
    """Consecutive days off."""
    start: dt.date
    end: dt.date
    names: tuple[str, ...]
    sources: frozenset[str]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class MakeUpDay:
    date: dt.date
    name: str
    source: str


@dataclass(frozen=True)
class YearCalendar:
    year: int
    breaks: list[Break]
    make_up_days: list[MakeUpDay]
    workdays: int
    package: bool  # the package knows the year
    notice: str | None  # the table's notice for the year, if any


def _breaks(rest: dict[dt.date, Marked]) -> list[Break]:
    breaks: list[Break] = []
    for day in sorted(rest):
        mark = rest[day]
        last = breaks[-1] if breaks else None
        if last and last.end + ONE_DAY == day:
            names = last.names if mark.name in last.names else (*last.names, mark.name)
            breaks[-1] = Break(last.start, day, names, last.sources | {mark.source})
        else:
            breaks.append(Break(day, day, (mark.name,), frozenset({mark.source})))
    return breaks


def year_calendar(year: int) -> YearCalendar:
    """The days off and make-up working days of `year`, as known; UnknownYear if it is not."""
    calendar = current()
    calendar.check(year)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rest = {d: m for d, m in calendar.rest.items() if d.year == year}
    make_up = [MakeUpDay(d, m.name, m.source) for d, m in sorted(calendar.work.items()) if d.year == year]
    workdays = sum(calendar.is_workday(first + dt.timedelta(days=i)) for i in range((last - first).days + 1))
    return YearCalendar(year=year, breaks=_breaks(rest), make_up_days=make_up, workdays=workdays,
                        package=year in _package().years, notice=calendar.notices.get(year))


def weekday_label(day: dt.date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"
