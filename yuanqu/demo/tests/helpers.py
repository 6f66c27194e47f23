"""Plain ORM aggregation by the definitions of docs/figures.md, for period 2023-08 (no figure engine)."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, OuterRef, Q, Subquery, Sum

from yuanqu.enterprises.models import Enterprise, MonthlyStat
from yuanqu.projects.models import Project, StageChange

Y, N = 2023, 8
W = (date(2023, 1, 1), date(2023, 8, 31))
E = W[1]


def rounded(value, places: str = "0.01") -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def yi(wan) -> Decimal:
    """万元 → 亿元 with two decimals, as displayed."""
    return rounded(Decimal(wan) / 10000)


def pct(num, den, places: str = "0.01") -> Decimal:
    return rounded(Decimal(num) / Decimal(den) * 100, places)


def total(qs, field: str):
    return qs.aggregate(v=Sum(field))["v"] or Decimal(0)


# --- industry -----------------------------------------------------------------------------------

def roster(region, year: int = Y, month: int = N):
    """S(Y, N): firms of the region on the roster of Y that joined by month N."""
    return Enterprise.objects.filter(region=region, roster_entries__year=year,
                                     roster_entries__joined_month__lte=month)


def stats_of(firms, year: int = Y, month: int = N):
    return MonthlyStat.objects.filter(enterprise__in=firms, year=year, month=month)


def main_chain_firms(region):
    return roster(region).filter(segments__chain__is_main=True).distinct()


# --- projects -----------------------------------------------------------------------------------

def first_change(stage: str):
    return Min("stage_changes__date", filter=Q(stage_changes__stage=stage))


def first_in_window(region, stage: str):
    """Projects whose first change to `stage` lies in W."""
    return Project.objects.filter(region=region).annotate(first=first_change(stage)).filter(
        first__gte=W[0], first__lte=W[1])


def stage_as_of(region, day: date):
    latest = StageChange.objects.filter(project=OuterRef("pk"), date__lte=day).order_by("-date", "-id")
    return Project.objects.filter(region=region).annotate(stage_then=Subquery(latest.values("stage")[:1]))
