"""亩均效益评价 ("亩均论英雄", DOMAIN §8): per-enterprise indicators, score and class A/B/C/D.

Coverage: firms on the year's 规上 roster, and other active firms on ≥ `mujun_min_land_mu` 亩.
Score = Σ (value ÷ benchmark × weight); weights, benchmarks and class percentiles are settings.
A benchmark not set is the evaluated group's own average (Σ numerator ÷ Σ denominator, in SQL).

The platform does not collect 增加值, emissions or R&D spending, so the 规上 set uses stated
proxies (营业收入 for 增加值, 工业用电量 for 能耗) and scores emission and R&D as 0 for every firm
(the ranking, and hence the classes, are unaffected). Firms established in the year evaluated are
new and unclassified; so are firms without data for the year.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, F, FilteredRelation, Max, Q

from yuanqu.enterprises.models import Enterprise, MonthlyStat

from . import sql
from .base import Figure, RowRef, ratio
from .engine import memo, register
from .rules import rule
from . import selectors as sel

ONE = Decimal(1)
ZERO = Decimal(0)
# indicator → (Chinese name, unit, numerator field, denominator field); fields are annotated below.
ABOVE = {
    "tax": ("亩均税收", "万元/亩", "tax", "land"),
    "value_added": ("亩均营业收入（代亩均增加值）", "万元/亩", "revenue", "land"),
    "labour_productivity": ("全员劳动生产率（营业收入口径）", "万元/人", "revenue", "employees"),
    "energy": ("单位电耗营业收入（代单位能耗增加值）", "万元/万千瓦时", "revenue", "electricity"),
    "emission": ("单位排放增加值", "", None, None),
    "rnd": ("R&D经费支出占主营业务收入比重", "%", None, None),
}
BELOW = {
    "tax": ("亩均税收", "万元/亩", "tax", "land"),
    "electricity_tax": ("单位电耗税收", "万元/万千瓦时", "tax", "electricity"),
}
GROUPS = (("above", "规上企业", ABOVE, "mujun_weights_above", "mujun_benchmarks_above"),
          ("below", "规下企业", BELOW, "mujun_weights_below", "mujun_benchmarks_below"))
CLASSES = ("A", "B", "C", "D")


@sql.prepared
def _data_month_statement(region, year) -> sql.Statement:
    return sql.Statement.aggregate(MonthlyStat.objects.filter(region.within_q("enterprise__region"), year=year),
                                   m=Max("month"))


def _data_month(region, year) -> int | None:
    return _data_month_statement(region, year).one()["m"]


def _covered(region, year, month):
    # On the roster of the year: a LEFT JOIN of the (unique per firm and year) roster entry, not an
    # EXISTS subquery: `above` is read by every benchmark's window sum, and PostgreSQL would evaluate
    # the subquery (over the whole year's roster) once per reference.
    return Enterprise.objects.in_region(region).filter(is_active=True).annotate(
        ms=FilteredRelation("monthly_stats", condition=Q(monthly_stats__year=year, monthly_stats__month=month)),
        roster=FilteredRelation("roster_entries", condition=Q(roster_entries__year=year)),
        above=ExpressionWrapper(Q(roster__isnull=False), output_field=BooleanField()),
        land=F("land_area_mu"), tax=F("ms__tax_cum"), revenue=F("ms__revenue_cum"),
        electricity=F("ms__electricity_cum"), employees=F("ms__employees"),
    ).filter(Q(above=True) | Q(land_area_mu__gte=rule("mujun_min_land_mu")))


FIELDS = ("land", "tax", "revenue", "electricity", "employees")
COLUMNS = ("pk", "name", "credit_code", "established", "above") + FIELDS


@sql.prepared
def _statement(region, year, month, configured: dict[str, dict]) -> tuple[str, tuple, sql.Select]:
    """The covered firms' columns with, per indicator without a configured benchmark, its group's
    Σ numerator and Σ denominator over firms with both as window sums (one pass)."""
    inner, params = sql.subquery(_covered(region, year, month).values(*COLUMNS))
    select = sql.Select()
    for group, _, indicators, _, _ in GROUPS:
        member = "c.above" if group == "above" else "NOT c.above"
        for key, (_, _, num, den) in indicators.items():
            if num and key not in configured[group]:
                both = f"{member} AND c.{num} IS NOT NULL AND c.{den} > 0"
                for part, field in (("num", num), ("den", den)):
                    kind = "intsum" if field == "employees" else "money"
                    select.raw(f"{group}_{key}_{part}", f"SUM(CASE WHEN {both} THEN c.{field} END) OVER ()", kind)
    columns = ", ".join(f"c.{sql.quote(name)}" for name in COLUMNS)
    windows = f", {select.sql()}" if select.columns else ""
    return f"SELECT {columns}{windows} FROM ({inner}) c ORDER BY c.{sql.quote('name')}", params, select


def _fetch(region, year, month, configured: dict[str, dict]) -> tuple[list[dict], dict[str, dict]]:
    """The covered firms' rows, and per group the benchmarks: the configured one, or the group's
    average Σnum ÷ Σden over firms with both."""
    statement, params, select = _statement(region, year, month, configured)
    raw = sql.fetch_rows(statement, params)
    own = sql.Select([(name, "", KINDS.get(name, "raw")) for name in COLUMNS])
    rows = [_typed(own.convert(row)) for row in raw]
    # the window sums are the same on every row: converted once, from the first
    totals = select.convert(raw[0][len(COLUMNS):]) if raw else {}
    benchmarks = {}
    for group, _, indicators, _, _ in GROUPS:
        benchmarks[group] = {}
        for key, (_, _, num, _) in indicators.items():
            if key in configured[group]:
                benchmarks[group][key] = Decimal(str(configured[group][key]))
            elif num and totals:
                benchmarks[group][key] = ratio(totals[f"{group}_{key}_num"], totals[f"{group}_{key}_den"], ONE)
            else:
                benchmarks[group][key] = None
    return rows, benchmarks


KINDS = {"land": "money", "tax": "money", "revenue": "money", "electricity": "money", "employees": "intsum"}


def _typed(row: dict) -> dict:
    """Database values as Python ones (SQLite gives dates as text and booleans as 0/1)."""
    day = row["established"]
    if isinstance(day, str):
        row["established"] = dt.date.fromisoformat(day[:10])
    row["above"] = bool(row["above"])
    return row


def _classify(items: list[dict]) -> None:
    """Class by rank percentile within the group: the share of evaluated firms ranked above a firm.

    A when under the A limit (25), B under the B limit (70), C under the C limit (95), else D;
    with 20 firms that is exactly 5 A, 9 B, 5 C and 1 D. Ties share the better rank.
    """
    limits = rule("mujun_class_percentiles")
    ranked = sorted((d for d in items if d["score"] is not None and not d["new"]), key=lambda d: -d["score"])
    n, rank, last = len(ranked), 0, None
    for i, item in enumerate(ranked, start=1):
        if item["score"] != last:
            rank, last = i, item["score"]
        above = Decimal(rank - 1) / Decimal(n) * 100
        item["rank"], item["percentile"] = rank, above
        item["class"] = next((c for c in CLASSES[:3] if above < Decimal(str(limits[c]))), "D")


def _score(row: dict, word: str, month: int, year: int, indicators: dict, factors: dict, bench: dict) -> dict:
    """One firm's indicator values, weighted parts and score (None without any data for the year).

    factors: indicator → weight ÷ benchmark (None when there is no benchmark)."""
    values, parts = {}, {}
    for key, (_, _, num, den) in indicators.items():
        a, b = (row[num], row[den]) if num else (None, None)
        value = a / b if a is not None and b else None
        values[key] = value
        parts[key] = value * factors[key] if value is not None and factors[key] is not None else ZERO
    has_data = row["tax"] is not None or row["revenue"] is not None or row["electricity"] is not None
    return {
        "pk": row["pk"], "enterprise": row["credit_code"], "name": row["name"], "group": word, "month": month,
        "values": values, "benchmarks": bench, "parts": parts,
        "score": sum(parts.values(), ZERO) if has_data else None,
        "new": bool(row["established"] and row["established"].year >= year),
        "rank": None, "percentile": None, "class": None,
    }


@memo
def evaluate(region, year: int) -> list[dict]:
    """One row per covered enterprise: indicator values, score, rank percentile, class (or None)."""
    month = _data_month(region, year)
    if month is None:
        return []
    rows, benchmarks = _fetch(region, year, month, {g[0]: rule(g[4]) or {} for g in GROUPS})
    results = []
    for group, word, indicators, weights_rule, _ in GROUPS:
        weights, bench = rule(weights_rule), benchmarks[group]
        factors = {k: (Decimal(weights.get(k, 0)) / bench[k] if bench[k] else None) for k in indicators}
        items = [_score(row, word, month, year, indicators, factors, bench)
                 for row in rows if row["above"] == (group == "above")]
        _classify(items)
        results.extend(items)
    return results


def evaluation_year(period) -> int:
    """The last complete year: the evaluation is annual (this year only once December is in)."""
    return period.year if period.month == 12 else period.year - 1


@register("mujun.classes", "mujun.covered", scopes=("county",))
def mujun_figures(scope, period):
    year = evaluation_year(period)
    items = evaluate(scope.region, year)
    counts = {c: sum(1 for d in items if d["class"] == c) for c in CLASSES}
    unclassified = len(items) - sum(counts.values())
    detail = [{"class": c, "count": counts[c]} for c in CLASSES] + [{"class": "未分类", "count": unclassified}]
    months = {d["month"] for d in items}
    note = f"{year}年度评价" + (f"（数据截至{year}年1—{max(months)}月）" if months and max(months) < 12 else "")
    limits = rule("mujun_class_percentiles")
    yield Figure(
        key="mujun.classes", label=f"{year}年亩均效益评价分类企业数", value=sum(counts.values()), unit="户",
        detail=detail, note=note + "；新设企业及无数据企业不分类",
        formula=(f"规上与规下企业分别按综合得分排名：前{limits['A']}%为A类，{limits['A']}—{limits['B']}%为B类，"
                 f"{limits['B']}—{limits['C']}%为C类，其余为D类；得分 = Σ(指标值 ÷ 基准值 × 权重)"),
        rows=[RowRef("enterprises.Enterprise", sorted(d["pk"] for d in items))],
    )
    yield Figure(key="mujun.covered", label=f"{year}年亩均效益评价覆盖企业数", value=len(items), unit="户",
                 formula=f"规上企业，及用地{rule('mujun_min_land_mu')}亩以上的其他企业", note=note)
