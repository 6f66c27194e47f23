"""Enterprise counts behind the campaign targets: listed firms, 镇园之宝, new 10亿级 firms."""
from __future__ import annotations

from django.db.models import Count, Min, Q

from yuanqu.core.access import visible
from yuanqu.enterprises.models import Enterprise, MonthlyStat
from yuanqu.targets.models import Target

from .base import Figure, RowRef
from .engine import register
from .rules import rule
from .sql import Statement, prepared
from . import selectors as sel

FLAGS = (("listed_count", "is_listed", "上市企业户数"), ("treasure_count", "is_treasure", "“镇园之宝”企业户数"),
         ("listing_reserve_count", "is_listing_reserve", "上市后备企业户数"))


@prepared
def baseline_statements(region) -> dict[str, Statement]:
    return {
        "target": Statement.of(Target.objects.filter(
            region.within_q(), indicator="enterprises.billion_new_count", baseline_year__isnull=False,
        ).order_by("baseline_year").values("name", "baseline_year")[:1]),
        "first_year": Statement.aggregate(MonthlyStat.objects.all(), y=Min("year")),
    }


def billion_baseline(scope, period) -> tuple[int, str]:
    """The baseline year of the 10亿级 target of this region, else last year."""
    target = baseline_statements(scope.region)["target"].dicts()
    if target:
        name, year = target[0]["name"], target[0]["baseline_year"]
        return year, f"基期为目标“{name}”的基期{year}年"
    return period.year - 1, f"未设目标基期，以{period.year - 1}年为基期"


def active_firms(scope):
    return sel.enterprises(scope).filter(is_active=True)


@prepared
def flag_statement(scope) -> Statement:
    return Statement.aggregate(active_firms(scope), **{stem: Count("pk", filter=Q(**{flag: True}))
                                                       for stem, flag, _ in FLAGS})


@register(*[f"enterprises.{stem}" for stem, _, _ in FLAGS])
def enterprise_figures(scope, period):
    agg = flag_statement(scope).one()
    for stem, flag, label in FLAGS:
        yield Figure(key=f"enterprises.{stem}", label=label, value=agg[stem], unit="户",
                     rows=[RowRef.lazy(Enterprise, lambda f=flag: active_firms(scope).filter(**{f: True}))],
                     formula=f"存续企业中标记为“{label[:-2]}”的户数", note="按企业当前标识统计")


@prepared
def billion_statement(scope, period, threshold, first_year: int, baseline: int) -> Statement:
    periods = Q(year=period.year, month=period.month)
    for year in range(first_year, period.year):
        periods |= Q(year=year, month=12)
    reached = visible(MonthlyStat.objects.filter(periods, enterprise__in=sel.enterprises(scope),
                                                 output_cum__gte=threshold))
    return Statement.of(reached.values("enterprise", "enterprise__name").annotate(first=Min("year"))
                        .filter(first__gt=baseline).order_by("first", "enterprise__name"))


@register("enterprises.billion_new_count")
def billion_figures(scope, period):
    threshold = rule("billion_firm_output_wan")
    baseline, note = billion_baseline(scope, period)
    # Annual output is the 1—12月 value of past years; this year counts its 1—N月 value. The periods
    # are listed so the (year, month) index is used.
    first_year = baseline_statements(scope.region)["first_year"].one()["y"] or period.year
    firsts = billion_statement(scope, period, threshold, first_year, baseline).dicts()
    yield Figure(key="enterprises.billion_new_count", label="新增10亿级企业户数", value=len(firsts), unit="户",
                 detail=[{"enterprise": r["enterprise__name"], "first_year": r["first"]} for r in firsts],
                 rows=[RowRef("enterprises.Enterprise", sorted(r["enterprise"] for r in firsts))],
                 formula=f"年工业总产值首次达到{threshold / 10000:g}亿元的年份晚于基期的企业户数"
                         f"（往年按1—12月，本年按{period.label}累计）",
                 note=note)
