"""The six indicators every 规上 firm reports each month (DOMAIN §1, §2), defined once.

MonthlyStat's fields, the figure engine (figures/industry.py) and the statistics import
(imports/kinds/stats.py) all read this list: each indicator has this year's 1—N月 value and the
firm's own 上年同期 value for (firm, year, month).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


@dataclass(frozen=True)
class Indicator:
    stem: str  # in the figure engine's keys: industry.{stem}_growth
    name: str  # as the statistics form names it
    unit: str  # the stored unit
    cur: str  # MonthlyStat field: this year's 1—N月 value
    prev: str  # MonthlyStat field: the firm's own 上年同期 1—N月 value
    key: str  # the figure engine's key of the year-to-date sum
    headline: str = ""  # the figure's name, when it is not `name`
    signed: bool = False  # may be negative (a loss)
    headcount: bool = False  # a whole number of people, the period's average (not a sum over months)
    never_falls: bool = True  # a 1—N月 sum that cannot fall from one month to the next (a profit can)
    derived_month: bool = False  # the figure engine derives the month's own value, cum(N) − cum(N−1)

    @property
    def title(self) -> str:
        return self.headline or self.name

    def fields(self) -> tuple[models.Field, models.Field]:
        """MonthlyStat's two fields of this indicator: this year's value, and the 上年同期 one."""
        if self.headcount:
            return (models.PositiveIntegerField(f"{self.name}（本年）", null=True, blank=True),
                    models.PositiveIntegerField(f"{self.name}（上年同期）", null=True, blank=True))
        validators = [] if self.signed else [MinValueValidator(Decimal("0"))]
        return tuple(models.DecimalField(f"{self.name}（{when}1—本月）", max_digits=16, decimal_places=2, null=True,
                                         blank=True, validators=validators, help_text=f"单位：{self.unit}")
                     for when in ("本年", "上年同期"))


OUTPUT = Indicator("output", "工业总产值", "万元", "output_cum", "output_prev_cum", "industry.output_ytd",
                   headline="规上工业总产值", derived_month=True)
REVENUE = Indicator("revenue", "营业收入", "万元", "revenue_cum", "revenue_prev_cum", "industry.revenue_ytd")
PROFIT = Indicator("profit", "利润总额", "万元", "profit_cum", "profit_prev_cum", "industry.profit_ytd",
                   signed=True, never_falls=False)
TAX = Indicator("tax", "税金总额", "万元", "tax_cum", "tax_prev_cum", "industry.tax_ytd")
ELECTRICITY = Indicator("electricity", "工业用电量", "万千瓦时", "electricity_cum", "electricity_prev_cum",
                        "industry.electricity_ytd")
EMPLOYMENT = Indicator("employment", "从业人员平均人数", "人", "employees", "employees_prev", "industry.employment",
                       headcount=True, never_falls=False)

INDICATORS = (OUTPUT, REVENUE, PROFIT, TAX, ELECTRICITY, EMPLOYMENT)
BY_STEM = {ind.stem: ind for ind in INDICATORS}
# MonthlyStat's value fields, in order (the figure engine's covering index holds them all)
STAT_COLUMNS = tuple(f for ind in INDICATORS for f in (ind.cur, ind.prev))
