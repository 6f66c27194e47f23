"""The periods a draft speaks of: "1-8月", "1—8月", "2023年1-8月", "8月份", "截至8月底", "上半年", "前三季度",
"一季度" (1—3月, and the quarter for rankings), "二季度" (a quarter: rankings only).

The draft's own period is its title's (its first line, when that names one), else the period named most
often (1—N月 forms count most); its year is the one written beside a period, else that of a date in its first
or last lines (a draft dated 2023-11-01 about 1-8月 is about 2023), else unknown (the checker then takes the
year chosen, or the latest year with data).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from yuanqu.core.periods import Period

CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_M = r"(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
_Y = r"(?:(?P<year>(?:19|20)\d{2})年(?:度)?)?"
MENTION_RE = re.compile(
    _Y + r"(?:"
    r"(?:1|一)\s*[-—–－～~至到]\s*(?P<to>" + _M + r")\s*月(?:份)?"
    r"|(?P<half>上半年)|(?P<three>前三季度)"
    r"|第?(?P<q>[一二三四1-4])季度"
    r"|截至(?:今年)?(?P<upto>" + _M + r")月(?:底|末)"
    r"|(?P<mon>1[0-2]|[1-9])月份"
    r"|(?<=年)(?P<ym>1[0-2]|[1-9])月(?![\d份底末])"
    r")"
)
DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(1[0-2]|0?[1-9])\s*[-月/.]\s*(3[01]|[12]\d|0?[1-9])")
# weights for the draft's own period: a 1—N月 form says most about what a draft covers
WEIGHTS = {"to": 3, "half": 3, "three": 3, "upto": 2, "mon": 2, "ym": 2, "q": 1}


def _month(text: str) -> int:
    return int(text) if text.isdigit() else CN[text]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    form: str  # a key of WEIGHTS
    year: int | None
    month: int | None  # the cumulative period 1—month, when the mention names one
    quarter: int | None = None

    def period(self, year: int) -> Period | None:
        return Period(self.year or year, self.month) if self.month else None


def mentions(text: str) -> list[Mention]:
    found = []
    for m in MENTION_RE.finditer(text):
        g = m.groupdict()
        year = int(g["year"]) if g["year"] else None
        form = next(k for k in WEIGHTS if g[k])
        quarter = None
        if form == "q":
            quarter = _month(g["q"])
            month = 3 if quarter == 1 else None
        elif form == "half":
            month = 6
        elif form == "three":
            month = 9
        else:
            month = _month(g[form])
        if form == "ym" and year is None:
            continue
        found.append(Mention(m.start(), m.end(), m.group(0), form, year, month, quarter))
    return found


@dataclass(frozen=True)
class DraftPeriod:
    """What the draft says it covers: month and year (None when it does not say), and the words it uses."""
    month: int | None
    year: int | None
    words: str = ""
    year_written: bool = False  # the year stands beside the period, not guessed from a date

    def period(self, default_year: int) -> Period | None:
        return Period(self.year or default_year, self.month) if self.month else None


def _dated_year(text: str, month: int) -> int | None:
    """The year of the latest date in the draft, the year before when that date is before the period's end."""
    dates = []
    for y, m, d in DATE_RE.findall(text):
        try:
            dates.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    if not dates:
        return None
    latest = max(dates)
    return latest.year if latest.month >= month else latest.year - 1


def draft_period(title: str, lines: list[str], dated: str) -> DraftPeriod:
    """The draft's own period (module doc): `title` its first line, `lines` the lines that report (not the
    plans), `dated` where the draft's own date stands (its first and last lines)."""
    named = [m for m in mentions(title) if m.month]
    chosen = named[0] if named else None
    found = [m for text in lines for m in mentions(text) if m.month]
    if chosen is None and found:
        weight = Counter()
        for m in found:
            weight[m.month] += WEIGHTS[m.form]
        chosen = max(found, key=lambda m: (weight[m.month], m.month, WEIGHTS[m.form]))
    if chosen is None:
        return DraftPeriod(None, None)
    if chosen.year:
        return DraftPeriod(chosen.month, chosen.year, chosen.text, True)
    years = Counter(m.year for m in found if m.year and m.month == chosen.month)
    if years:
        return DraftPeriod(chosen.month, years.most_common(1)[0][0], chosen.text, True)
    return DraftPeriod(chosen.month, _dated_year(dated, chosen.month), chosen.text)
