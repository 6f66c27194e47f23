"""Reads for one enterprise's pages: its own monthly series (never a sum across firms)."""
from __future__ import annotations

from yuanqu.core.access import visible
from yuanqu.core.models import in_year_range
from yuanqu.core.periods import Period
from yuanqu.figures.base import growth
from yuanqu.figures.industry import derivable

from .indicators import INDICATORS
from .models import MonthlyStat

MONEY_UNIT = "万元"


def stat_years(enterprise, user) -> list[int]:
    """Years with statistics for the firm, newest first (a year out of range, stored before the rule, is not)."""
    return sorted(set(visible(MonthlyStat.objects.filter(in_year_range(), enterprise=enterprise), user)
                      .values_list("year", flat=True)), reverse=True)


def monthly_series(enterprise, year: int, user) -> list[dict]:
    """The firm's 1—N月 rows of `year` as reported, each indicator with its growth on the firm's own
    上年同期 value and, from March on, the month's own value derived as cum(N) − cum(N−1) (推算).

    A cumulative value below last month's gives no derived value but an anomaly to check (DOMAIN §1).
    """
    rows = list(visible(MonthlyStat.objects.filter(enterprise=enterprise, year=year), user).order_by("month"))
    by_month = {r.month: r for r in rows}
    series = []
    for row in rows:
        period = Period(year, row.month)
        last = by_month.get(row.month - 1)
        values = []
        for ind in INDICATORS:
            cur, prev = getattr(row, ind.cur), getattr(row, ind.prev)
            item = {"stem": ind.stem, "unit": ind.unit, "cum": cur, "prev": prev, "growth": growth(cur, prev),
                    "monthly": ind.derived_month, "month": None, "anomaly": ""}
            if ind.derived_month and derivable(period) and cur is not None:
                before = getattr(last, ind.cur) if last is not None else None
                if before is None:
                    item["anomaly"] = f"缺少1—{row.month - 1}月累计数，无法推算"
                elif cur < before:
                    item["anomaly"] = f"累计值低于1—{row.month - 1}月（{before}），请核实"
                else:
                    item["month"] = cur - before
            values.append(item)
        series.append({"period": period, "label": period.label, "values": values})
    return series


def series_header() -> list[dict]:
    """The indicators of the series table, in order."""
    return [{"stem": ind.stem, "name": ind.name, "unit": ind.unit, "monthly": ind.derived_month,
             "money": ind.unit == MONEY_UNIT} for ind in INDICATORS]
