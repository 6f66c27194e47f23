"""Industry figures (DOMAIN §1, §2; docs/figures.md "Industry").

S(Y, scope) = enterprises of the scope on the 规上 roster of Y with joined_month ≤ N.
Sums are over the MonthlyStat rows of S at (Y, N); growth is on a comparable basis: the rows
of S where both this year's and the firm's own 上年同期 value are present. One aggregate query
gives every indicator of a scope, its growth bases and the derived monthly values.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q

from yuanqu.chains.models import ChainSegment
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry

from . import sql
from .base import Figure, RowRef, growth, or_zero, ratio
from .engine import memo, register
from .scope import Scope
from . import selectors as sel


@dataclass(frozen=True)
class Indicator:
    stem: str
    name: str
    unit: str
    cur: str  # MonthlyStat field, this year 1—N月
    prev: str  # MonthlyStat field, 上年同期 1—N月
    key: str
    monthly: bool  # its month value is derived (industry.{stem}_month) and a falling cumulative flagged


INDICATORS = (
    Indicator("output", "规上工业总产值", "万元", "output_cum", "output_prev_cum", "industry.output_ytd", True),
    Indicator("revenue", "营业收入", "万元", "revenue_cum", "revenue_prev_cum", "industry.revenue_ytd", False),
    Indicator("profit", "利润总额", "万元", "profit_cum", "profit_prev_cum", "industry.profit_ytd", False),
    Indicator("tax", "税金总额", "万元", "tax_cum", "tax_prev_cum", "industry.tax_ytd", False),
    Indicator("electricity", "工业用电量", "万千瓦时", "electricity_cum", "electricity_prev_cum",
              "industry.electricity_ytd", False),
    Indicator("employment", "从业人员平均人数", "人", "employees", "employees_prev", "industry.employment", False),
)
BY_STEM = {ind.stem: ind for ind in INDICATORS}


def derivable(period) -> bool:
    """A month's own value exists from March on: 1—2月 is one combined release (DOMAIN §1)."""
    return period.month > 2


def _with_stats(qs, period):
    """Enterprises with their row at N (`ms`) and, when derivable, at N−1 (`pm`): one row per firm."""
    y, n = period.year, period.month
    qs = qs.annotate(ms=FilteredRelation("monthly_stats", condition=Q(monthly_stats__year=y, monthly_stats__month=n)))
    if derivable(period):
        qs = qs.annotate(pm=FilteredRelation(
            "monthly_stats", condition=Q(monthly_stats__year=y, monthly_stats__month=n - 1)))
    return qs


def _stat(field: str, alias: str = "ms") -> str:
    return f"{alias}.{sql.column(MonthlyStat, field)}"


def _select(period, indicators=INDICATORS, monthly: bool = True) -> sql.Select:
    """Sums, comparable-basis growth bases and (from March) derived month values of each indicator."""
    s = sql.Select().count("firms").count("reported", _stat("id"))
    for ind in indicators:
        kind = "intsum" if ind.stem == "employment" else "money"
        cur, prev = _stat(ind.cur), _stat(ind.prev)
        both = f"{cur} IS NOT NULL AND {prev} IS NOT NULL"
        (s.sum(ind.stem, cur, kind=kind).sum(f"{ind.stem}_base_cur", cur, both, kind)
         .sum(f"{ind.stem}_base_prev", prev, both, kind).count(f"{ind.stem}_pairs", when=both)
         .count(f"{ind.stem}_values", cur))
        if monthly and ind.monthly and derivable(period):
            last = _stat(ind.cur, "pm")
            pair = f"{cur} IS NOT NULL AND {last} IS NOT NULL"
            (s.sum(f"{ind.stem}_month", f"{cur} - {last}", pair).count(f"{ind.stem}_month_pairs", when=pair)
             .count(f"{ind.stem}_falling", when=f"{pair} AND {cur} < {last}")
             .count(f"{ind.stem}_no_last", when=f"{cur} IS NOT NULL AND {last} IS NULL"))
    return s


def roster_aggregate(select: sql.Select, firms, period, group: str = "") -> list[dict]:
    """Aggregate `select` over S(Y): the given enterprises on the roster of Y joined by N, with
    their MonthlyStat row at N (ms) and N−1 (pm). group: "" | "park" | "chain" (key in `key0`)."""
    y, n = period.year, period.month
    e, r, m = sql.table(Enterprise), sql.table(RosterEntry), sql.table(MonthlyStat)
    mc, rc = (lambda f: sql.column(MonthlyStat, f)), (lambda f: sql.column(RosterEntry, f))
    ids, ids_params = sql.subquery(firms.values("pk"))
    source, source_params, keys = f"{e} e", [], ""
    if group == "park":
        keys = f"e.{sql.column(Enterprise, 'park')}"
    elif group == "chain":  # each (firm, chain) pair once, however many segments of the chain it is on
        es = lambda f: f"es.{sql.column(sel.EnterpriseSegment, f)}"  # noqa: E731
        source = (f"(SELECT DISTINCT {es('enterprise')} AS eid, cs.{sql.column(ChainSegment, 'chain')} AS chain_id "
                  f"FROM {sql.table(sel.EnterpriseSegment)} es JOIN {sql.table(ChainSegment)} cs "
                  f"ON cs.id = {es('chainsegment')} WHERE {es('enterprise')} IN ({ids})) g JOIN {e} e ON e.id = g.eid")
        source_params, keys = list(ids_params), "g.chain_id"
    joins = [f"JOIN {r} r ON r.{rc('enterprise')} = e.id AND r.{rc('year')} = %s AND r.{rc('joined_month')} <= %s",
             f"LEFT JOIN {m} ms ON ms.{mc('enterprise')} = e.id AND ms.{mc('year')} = %s AND ms.{mc('month')} = %s"]
    join_params = [y, n, y, n]
    if derivable(period):
        joins.append(f"LEFT JOIN {m} pm ON pm.{mc('enterprise')} = e.id AND pm.{mc('year')} = %s "
                     f"AND pm.{mc('month')} = %s")
        join_params += [y, n - 1]
    head = f"{keys}, " if keys else ""
    statement = f"SELECT {head}{select.sql()} FROM {source} {' '.join(joins)} WHERE e.id IN ({ids})"
    if keys:
        statement += f" GROUP BY {keys}"
    return sql.fetch(statement, source_params + join_params + list(ids_params), select, keys=1 if keys else 0)


def subset_roster(scope, period, subset: str = ""):
    """S(Y, scope), optionally narrowed: subset "main" = firms of the main (主特) chains."""
    return subset_firms(scope, subset).filter(
        roster_entries__year=period.year, roster_entries__joined_month__lte=period.month)


def subset_firms(scope, subset: str = ""):
    qs = sel.enterprises(scope)
    if subset == "main":
        qs = qs.filter(pk__in=sel.main_chain_member_ids(scope.region))
    return qs


@memo
def roster_totals(scope, period, subset: str = "") -> dict:
    """Every indicator's sums and growth bases over S(Y, scope).

    County, all-parks and park scopes share one grouped statement (region_breakdown); a chain or
    the main-chain subset is one statement of its own."""
    if not subset and scope.kind != "chain":
        breakdown = region_breakdown(scope.region, period)
        if scope.kind == "park":
            return breakdown["by_park"].get(scope.park.pk) or breakdown["empty"]
        return breakdown[scope.kind]
    return roster_aggregate(_select(period), subset_firms(scope, subset), period)[0]


@memo
def region_breakdown(region, period) -> dict:
    """One pass over S(Y, region) grouped by park (NULL = outside the parks): each park's row, and the
    county's and all parks' totals as window sums over the groups (SQL, unrounded)."""
    select = _select(period)
    park = f"e.{sql.column(Enterprise, 'park')}"
    rows = roster_aggregate(select.with_totals({"county": None, "parks": f"{park} IS NOT NULL"}),
                            sel.enterprises(Scope.county(region)), period, group="park")
    empty = select.empty()
    if not rows:
        return {"county": empty, "parks": empty, "by_park": {}, "empty": empty}
    first = rows[0]
    totals = {name: {alias: first[f"{name}__{alias}"] for alias, _, _ in select.columns}
              for name in ("county", "parks")}
    by_park = {row["key0"]: row for row in rows if row["key0"] is not None}
    return {**totals, "by_park": by_park, "empty": empty}


@memo
def per_park_totals(region, period) -> dict:
    """park id → that park's row of the region breakdown."""
    return region_breakdown(region, period)["by_park"]


@memo
def per_chain_totals(scope, period) -> dict:
    """Output sums per chain over S(Y, scope) ∩ the chain's firms (each firm once per chain). chain id → row."""
    rows = roster_aggregate(_select(period, (BY_STEM["output"],), monthly=False),
                            sel.enterprises(scope), period, group="chain")
    return {row["key0"]: row for row in rows}


def stat_rows(scope, period, subset: str = "", month: int | None = None) -> RowRef:
    return RowRef.lazy(MonthlyStat, lambda: sel.monthly_stats(
        subset_roster(scope, period, subset), period.year, month or period.month))


def roster_rows(scope, period, subset: str = "") -> RowRef:
    return RowRef.lazy(RosterEntry, lambda: RosterEntry.objects.filter(
        enterprise__in=subset_roster(scope, period, subset), year=period.year))


ROSTER_WORDS = "本年规上企业名录内、纳入月份不晚于{n}月的企业"


def growth_formula(name: str) -> str:
    return (f"（Σ本年1—N月{name} ÷ Σ上年同期1—N月{name} − 1）× 100；同口径："
            f"仅本年名录企业、且两期数值均有的企业，上年同期取企业自报数；基数≤0时不计算增速")


def ytd_figure(ind: Indicator, totals: dict, period, rows: list, key: str | None = None,
               label: str | None = None) -> Figure:
    name = ind.name if ind.stem != "employment" else "从业人员"
    reported = totals[f"{ind.stem}_values"]
    missing = totals["firms"] - reported
    # Nobody reported the indicator: no figure rather than a false zero.
    value = None if totals["firms"] and not reported else or_zero(totals[ind.stem])
    note = (f"本期无企业报送{ind.name}" if value is None
            else f"{missing}户名录企业未报送本期{ind.name}，未计入" if missing else "")
    if label is None:
        label = f"{ind.name}（{period.label}）" if ind.stem == "employment" else f"{ind.name}（{period.label}累计）"
    return Figure(
        key=key or ind.key, label=label, value=value, unit=ind.unit,
        formula=f"Σ {ROSTER_WORDS.format(n=period.month)}的{period.label}{name}"
                + ("累计值" if ind.stem != "employment" else "（各企业平均人数之和）"),
        rows=rows,
        note=note, anomalies=[f"{missing}户规上企业缺少本期{ind.name}数据，合计偏小"] if value is not None and missing else [],
    )


def growth_figure(ind: Indicator, totals: dict, period, rows: list, key: str | None = None,
                  label: str | None = None) -> Figure:
    cur, prev = totals[f"{ind.stem}_base_cur"], totals[f"{ind.stem}_base_prev"]
    value = growth(cur, prev)
    excluded = totals[f"{ind.stem}_values"] - totals[f"{ind.stem}_pairs"]
    notes = []
    if excluded:
        notes.append(f"{excluded}户企业缺少上年同期数，未计入增速")
    if not totals[f"{ind.stem}_pairs"]:
        notes.append("无两期均有数据的企业，不计算增速")
    elif value is None:
        notes.append("上年同期基数为零或负数，不计算增速")
    return Figure(
        key=key or f"industry.{ind.stem}_growth", label=label or f"{ind.name}同比增速（{period.label}）",
        value=value, unit="%", numerator=cur, denominator=prev, style="growth", places=1,
        formula=growth_formula(ind.name), rows=rows, note="；".join(notes),
    )


def _falling_firms(scope, period, ind: Indicator) -> list[str]:
    """Firms whose 1—N月 cumulative value is below their 1—(N−1)月 value: named, never used silently."""
    cur, last = f"ms__{ind.cur}", f"pm__{ind.cur}"
    qs = _with_stats(sel.roster(scope, period), period).filter(**{f"{cur}__lt": F(last)})
    n = period.month
    return [f"{name}：1—{n}月累计{ind.name}{c}{ind.unit}低于1—{n - 1}月累计{p}{ind.unit}，推算当月值为负，请核实"
            for name, c, p in qs.values_list("name", cur, last).order_by("name")]


def month_figure(ind: Indicator, totals: dict, scope, period) -> Figure:
    key, label = f"industry.{ind.stem}_month", f"{ind.name}（{period.month}月当月，推算）"
    formula = f"Σ（企业1—{period.month}月累计 − 1—{period.month - 1}月累计），同一企业同一年度，两期均有数据的规上企业"
    if not derivable(period):
        return Figure(key=key, label=label, value=None, unit=ind.unit, formula=formula, derived=True,
                      note="1—2月数据合并发布，不单独推算1月、2月当月值")
    anomalies = []
    if totals[f"{ind.stem}_falling"]:
        anomalies += _falling_firms(scope, period, ind)
    if totals[f"{ind.stem}_no_last"]:
        anomalies.append(f"{totals[f'{ind.stem}_no_last']}户企业缺少1—{period.month - 1}月累计数，未计入当月值")
    rows = [stat_rows(scope, period), stat_rows(scope, period, month=period.month - 1)]
    value = or_zero(totals[f"{ind.stem}_month"]) if totals[f"{ind.stem}_month_pairs"] or not totals["firms"] else None
    return Figure(key=key, label=label, value=value, unit=ind.unit,
                  formula=formula, rows=rows, derived=True, anomalies=anomalies,
                  note="由累计值推算，非统计部门发布数" + ("；累计值回落的企业见异常提示" if anomalies else ""))


def count_figure(key: str, label: str, totals: dict, scope, period, subset: str = "") -> Figure:
    return Figure(key=key, label=label, value=totals["firms"], unit="户",
                  formula=f"{ROSTER_WORDS.format(n=period.month)}户数", rows=[roster_rows(scope, period, subset)])


@register(*[k for ind in INDICATORS for k in (ind.key, f"industry.{ind.stem}_growth")],
          "industry.above_scale_count", *[f"industry.{i.stem}_month" for i in INDICATORS if i.monthly])
def industry_figures(scope, period):
    totals = roster_totals(scope, period)
    rows = [stat_rows(scope, period)]
    for ind in INDICATORS:
        yield ytd_figure(ind, totals, period, rows)
        yield growth_figure(ind, totals, period, rows)
    yield count_figure("industry.above_scale_count", "规上工业企业户数", totals, scope, period)
    for ind in INDICATORS:
        if ind.monthly:
            yield month_figure(ind, totals, scope, period)


# --- parks ----------------------------------------------------------------------------------

def park_detail(scope, period, county_output) -> list[dict]:
    by_park = per_park_totals(scope.region, period)
    detail = []
    for park in sel.parks(scope).order_by("sort", "code"):
        row = by_park.get(park.pk, {})
        output = or_zero(row.get("output"))
        detail.append({
            "park": park.code, "name": park.name, "above_scale_count": row.get("firms", 0), "output_ytd": output,
            "output_growth": growth(row.get("output_base_cur"), row.get("output_base_prev")),
            "output_share": ratio(output, county_output),
        })
    return detail


def parks_for_county(scope):
    """The county's park figures are those of all its parks."""
    return Scope.parks(scope.region) if scope.kind == "county" else scope


@register("park.above_scale_count", "park.output_ytd", "park.output_growth", "park.output_share",
          scopes=("county", "parks", "park"), canonical=parks_for_county)
def park_figures(scope, period):
    """For county/parks: all parks together, with a per-park breakdown; for park: that park."""
    totals = roster_totals(scope, period)
    output = BY_STEM["output"]
    county_output = ytd_figure(output, roster_totals(Scope.county(scope.region), period), period, []).value
    rows = [stat_rows(scope, period)]
    detail = park_detail(scope, period, county_output) if scope.kind != "park" else []
    where = "全部园区" if scope.kind != "park" else scope.park.name
    yield count_figure("park.above_scale_count", f"{where}规上工业企业户数", totals, scope, period)
    ytd = ytd_figure(output, totals, period, rows, key="park.output_ytd",
                     label=f"{where}规上工业总产值（{period.label}累计）")
    yield ytd
    yield growth_figure(output, totals, period, rows, key="park.output_growth",
                        label=f"{where}规上工业总产值同比增速（{period.label}）")
    yield Figure(
        key="park.output_share", label=f"{where}规上工业总产值占全县比重", value=ratio(ytd.value, county_output),
        unit="%", numerator=ytd.value, denominator=county_output, places=2,
        formula=f"{where}规上工业总产值 ÷ 全县规上工业总产值 × 100（均为未经舍入的累计值）",
        rows=rows + [stat_rows(Scope.county(scope.region), period)], detail=detail,
    )
