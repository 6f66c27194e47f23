"""Industry figures (DOMAIN §1, §2; docs/figures.md "Industry").

S(Y, scope) = enterprises of the scope on the 规上 roster of Y with joined_month ≤ N.
Sums are over the MonthlyStat rows of S at (Y, N); growth is on a comparable basis: the rows
of S where both this year's and the firm's own 上年同期 value are present. One aggregate query
gives every indicator of a scope, its growth bases and the derived monthly values.
"""
from __future__ import annotations

from django.db.models import F, FilteredRelation, Q

from yuanqu.core.access import visible
from yuanqu.core.periods import Period
from yuanqu.enterprises.indicators import BY_STEM, INDICATORS, Indicator
from yuanqu.enterprises.models import MonthlyStat, RosterEntry, chain_links

from . import sql
from .base import Figure, RowRef, growth, or_zero, ratio
from .engine import memo, register
from .scope import Scope
from . import selectors as sel




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
    """Sums, comparable-basis growth bases and (from March) derived month values of each indicator.

    Each aggregate tests only what its own value does not already make NULL (SUM and COUNT skip
    NULLs): "last year's value where this year's is present" is `CASE WHEN cur IS NOT NULL THEN prev
    END`, a month's value is `cur - last` (NULL unless both are present). This year's base (Σ cur where
    the 上年同期 value is present) is Σ cur less Σ cur where it is absent — the rare case, so that
    sum touches few rows — in exact Decimal (or integer) arithmetic on the converted sums.
    """
    s = sql.Select().count("firms")
    for ind in indicators:
        kind = "intsum" if ind.headcount else "money"
        cur, prev = _stat(ind.cur), _stat(ind.prev)
        (s.sum(ind.stem, cur, kind=kind).sum(f"{ind.stem}_cur_alone", cur, f"{prev} IS NULL", kind)
         .sum(f"{ind.stem}_base_prev", prev, f"{cur} IS NOT NULL", kind)
         .count(f"{ind.stem}_pairs", f"CASE WHEN {prev} IS NOT NULL THEN {cur} END")
         .count(f"{ind.stem}_values", cur))
        s.derive(f"{ind.stem}_base_cur", _base_cur(ind.stem))
        if monthly and ind.derived_month and derivable(period):
            last = _stat(ind.cur, "pm")
            (s.sum(f"{ind.stem}_month", f"{cur} - {last}").count(f"{ind.stem}_month_pairs", f"{cur} - {last}")
             .count(f"{ind.stem}_falling", when=f"{cur} < {last}")
             .count(f"{ind.stem}_no_last", f"CASE WHEN {last} IS NULL THEN {cur} END"))
    return s


def _base_cur(stem: str):
    """Σ this year's value over the firms that also have the 上年同期 value (None when there are none)."""
    def base(row):
        if not row[f"{stem}_pairs"]:
            return None
        alone = row[f"{stem}_cur_alone"]
        return row[stem] if alone is None else row[stem] - alone
    return base


@sql.prepared
def roster_query(scope, period, subset: str = "", group: str = "", output_only: bool = False):
    """`roster_statement` over the scope's firms (`subset_firms`), with all indicators or the output alone:
    (statement, parameters, select)."""
    select = output_select(period) if output_only else _select(period)
    return (*roster_statement(select, subset_firms(scope, subset), period, group), select)


def roster_aggregate(scope, period, subset: str = "", group: str = "", output_only: bool = False) -> list[dict]:
    """Aggregate over S(Y): the scope's enterprises on the roster of Y joined by N, with their
    MonthlyStat row at N (ms) and N−1 (pm). group: "" | "park" | "chain" (key in `key0`)."""
    statement, params, select = roster_query(scope, period, subset, group, output_only)
    return sql.fetch(statement, params, select, keys=1 if group else 0)


def roster_statement(select: sql.Select, firms, period, group: str = "") -> tuple[str, list]:
    """The statement of `roster_aggregate` and its parameters."""
    y, n = period.year, period.month
    r, m = sql.table(RosterEntry), sql.table(MonthlyStat)
    mc, rc = (lambda f: sql.column(MonthlyStat, f)), (lambda f: sql.column(RosterEntry, f))
    # the firms as a derived table e(id, park_id), joined (not `e.id IN (subquery)`: one read of the table)
    firm_table, firm_params = sql.derived_table(firms, id="pk", park_id="park")
    source, source_params, keys = f"{firm_table} e", list(firm_params), ""
    if group == "park":
        keys = "e.park_id"
    elif group == "chain":  # each (firm, chain) pair once, however many segments of the chain it is on
        links, links_params = sql.subquery(chain_links(firms.values("pk")))
        source = f"({links}) g JOIN {firm_table} e ON e.id = g.enterprise_id"  # columns of the first SELECT
        source_params, keys = list(links_params) + list(firm_params), "g.chain_key"
    joins = [f"JOIN {r} r ON r.{rc('enterprise')} = e.id AND r.{rc('year')} = %s AND r.{rc('joined_month')} <= %s",
             f"LEFT JOIN {m} ms ON ms.{mc('enterprise')} = e.id AND ms.{mc('year')} = %s AND ms.{mc('month')} = %s"]
    join_params = [y, n, y, n]
    if derivable(period):
        joins.append(f"LEFT JOIN {m} pm ON pm.{mc('enterprise')} = e.id AND pm.{mc('year')} = %s "
                     f"AND pm.{mc('month')} = %s")
        join_params += [y, n - 1]
    head = f"{keys}, " if keys else ""
    statement = f"SELECT {head}{select.sql()} FROM {source} {' '.join(joins)}"
    if keys:
        statement += f" GROUP BY {keys}"
    return statement, source_params + join_params


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
    return roster_aggregate(scope, period, subset)[0]


BREAKDOWN_TOTALS = {"county": None, "parks": "e.park_id IS NOT NULL"}


@sql.prepared
def breakdown_query(region, period) -> tuple[str, list, sql.Select]:
    select = _select(period)
    statement, params = roster_statement(select.with_totals(BREAKDOWN_TOTALS), sel.enterprises(Scope.county(region)),
                                         period, group="park")
    return statement, params, select


@memo
def region_breakdown(region, period) -> dict:
    """One pass over S(Y, region) grouped by park (NULL = outside the parks): each park's row, and the
    county's and all parks' totals as window sums over the groups (SQL, unrounded)."""
    statement, params, select = breakdown_query(region, period)
    rows, totals = select.split_totals(sql.fetch_rows(statement, params), BREAKDOWN_TOTALS)
    by_park = {row["key0"]: row for row in rows if row["key0"] is not None}
    return {**totals, "by_park": by_park, "empty": select.empty()}


@memo
def per_park_totals(region, period) -> dict:
    """park id → that park's row of the region breakdown."""
    return region_breakdown(region, period)["by_park"]


def output_select(period) -> sql.Select:
    """The output sums and growth bases alone (no other indicator, no month values)."""
    return _select(period, (BY_STEM["output"],), monthly=False)


@memo
def per_chain_totals(scope, period) -> dict:
    """Output sums per chain over S(Y, scope) ∩ the chain's firms (each firm once per chain). chain id → row."""
    rows = roster_aggregate(scope, period, group="chain", output_only=True)
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


def roster_missing(scope, period) -> bool:
    """No firm of the scope's region is on the 规上 roster of Y by month N: the year's roster has not been
    loaded (or the period is before any data), so industry totals are unknown, not zero. One scope with
    no roster firm in a region that has them (a park without 规上 firms) is a true zero."""
    return not region_breakdown(scope.region, period)["county"]["firms"]


def no_roster_note(period) -> str:
    return f"{period.year}年规上企业名录中尚无1—{period.month}月纳入的企业（名录未导入），不计算"


def ytd_figure(ind: Indicator, totals: dict, period, rows: list, key: str | None = None,
               label: str | None = None, scope=None) -> Figure:
    """Σ of the indicator over S(Y, scope); None when nobody reported it, or (given `scope`) when the
    region has no roster for the year at all."""
    name = ind.title if not ind.headcount else "从业人员"
    reported = totals[f"{ind.stem}_values"]
    missing = totals["firms"] - reported
    no_roster = not totals["firms"] and scope is not None and roster_missing(scope, period)
    # Nobody reported the indicator, or there is no roster: no figure rather than a false zero.
    value = None if (totals["firms"] and not reported) or no_roster else or_zero(totals[ind.stem])
    note = (no_roster_note(period) if no_roster else f"本期无企业报送{ind.title}" if value is None
            else f"{missing}户名录企业未报送本期{ind.title}，未计入" if missing else "")
    if label is None:
        label = f"{ind.title}（{period.label}）" if ind.headcount else f"{ind.title}（{period.label}累计）"
    return Figure(
        key=key or ind.key, label=label, value=value, unit=ind.unit,
        formula=f"Σ {ROSTER_WORDS.format(n=period.month)}的{period.label}{name}"
                + ("累计值" if not ind.headcount else "（各企业平均人数之和）"),
        rows=rows,
        note=note, anomalies=[f"{missing}户规上企业缺少本期{ind.title}数据，合计偏小"] if value is not None and missing else [],
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
        key=key or f"industry.{ind.stem}_growth", label=label or f"{ind.title}同比增速（{period.label}）",
        value=value, unit="%", numerator=cur, denominator=prev, style="growth", places=1,
        formula=growth_formula(ind.title), rows=rows, note="；".join(notes),
    )


def _falling_firms(scope, period, ind: Indicator) -> list[str]:
    """Firms whose 1—N月 cumulative value is below their 1—(N−1)月 value: named, never used silently."""
    cur, last = f"ms__{ind.cur}", f"pm__{ind.cur}"
    qs = _with_stats(sel.roster(scope, period), period).filter(**{f"{cur}__lt": F(last)})
    n = period.month
    return [f"{name}：1—{n}月累计{ind.title}{c}{ind.unit}低于1—{n - 1}月累计{p}{ind.unit}，推算当月值为负，请核实"
            for name, c, p in qs.values_list("name", cur, last).order_by("name")]


def month_figure(ind: Indicator, totals: dict, scope, period) -> Figure:
    key, label = f"industry.{ind.stem}_month", f"{ind.title}（{period.month}月当月，推算）"
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
    if not totals["firms"] and roster_missing(scope, period):
        return Figure(key=key, label=label, value=None, unit=ind.unit, formula=formula, rows=rows, derived=True,
                      note=no_roster_note(period))
    value = or_zero(totals[f"{ind.stem}_month"]) if totals[f"{ind.stem}_month_pairs"] or not totals["firms"] else None
    return Figure(key=key, label=label, value=value, unit=ind.unit,
                  formula=formula, rows=rows, derived=True, anomalies=anomalies,
                  note="由累计值推算，非统计部门发布数" + ("；累计值回落的企业见异常提示" if anomalies else ""))


def count_figure(key: str, label: str, totals: dict, scope, period, subset: str = "") -> Figure:
    no_roster = not totals["firms"] and roster_missing(scope, period)
    return Figure(key=key, label=label, value=None if no_roster else totals["firms"], unit="户",
                  note=no_roster_note(period) if no_roster else "",
                  formula=f"{ROSTER_WORDS.format(n=period.month)}户数", rows=[roster_rows(scope, period, subset)])


@register(*[k for ind in INDICATORS for k in (ind.key, f"industry.{ind.stem}_growth")],
          "industry.above_scale_count", *[f"industry.{i.stem}_month" for i in INDICATORS if i.derived_month])
def industry_figures(scope, period):
    totals = roster_totals(scope, period)
    rows = [stat_rows(scope, period)]
    for ind in INDICATORS:
        yield ytd_figure(ind, totals, period, rows, scope=scope)
        yield growth_figure(ind, totals, period, rows)
    yield count_figure("industry.above_scale_count", "规上工业企业户数", totals, scope, period)
    for ind in INDICATORS:
        if ind.derived_month:
            yield month_figure(ind, totals, scope, period)


# --- the 1—N月 trend ---------------------------------------------------------------------------

@memo
def output_trend_rows(scope, period) -> dict[int, dict]:
    """month m → the comparable-basis bases of `industry.output_growth` at (Y, m), for m = 1..N, in one
    statement grouped by month: over S(Y, m) (the scope's firms on the roster of Y with joined_month ≤ m),
    Σ output_cum where output_prev_cum is present, and Σ output_prev_cum where output_cum is present."""
    statement, params, select = output_trend_query(scope, period)
    return {row["key0"]: row for row in sql.fetch(statement, params, select, keys=1)}


@sql.prepared
def output_trend_query(scope, period) -> tuple[str, list, sql.Select]:
    y, n = period.year, period.month
    r, m = sql.table(RosterEntry), sql.table(MonthlyStat)
    mc, rc = (lambda f: sql.column(MonthlyStat, f)), (lambda f: sql.column(RosterEntry, f))
    output = BY_STEM["output"]
    cur, prev = _stat(output.cur), _stat(output.prev)
    select = sql.Select().sum("base_cur", cur, f"{prev} IS NOT NULL").sum("base_prev", prev, f"{cur} IS NOT NULL")
    firm_table, firm_params = sql.derived_table(sel.enterprises(scope), id="pk")
    months = list(range(1, n + 1))
    statement = (
        f"SELECT ms.{mc('month')}, {select.sql()} FROM {firm_table} e "
        f"JOIN {r} r ON r.{rc('enterprise')} = e.id AND r.{rc('year')} = %s "
        f"JOIN {m} ms ON ms.{mc('enterprise')} = e.id AND ms.{mc('year')} = %s "
        f"AND ms.{mc('month')} IN ({', '.join(['%s'] * len(months))}) AND r.{rc('joined_month')} <= ms.{mc('month')} "
        f"GROUP BY ms.{mc('month')}")
    return statement, list(firm_params) + [y, y] + months, select


def trend_rows(scope, period) -> RowRef:
    """The MonthlyStat rows of S(Y, m) at (Y, m) for every month m = 1..N."""
    return RowRef.lazy(MonthlyStat, lambda: visible(MonthlyStat.objects.filter(
        enterprise__in=sel.enterprises(scope), year=period.year, month__lte=period.month,
        enterprise__roster_entries__year=period.year, enterprise__roster_entries__joined_month__lte=F("month"))))


@register("industry.output_trend")
def output_trend_figures(scope, period):
    """1—m月 cumulative output this year and its 上年同期 (comparable basis) for every month m = 1..N:
    each month's numerator and denominator are those of industry.output_growth at (Y, m)."""
    by_month = output_trend_rows(scope, period)
    detail = []
    for month in range(1, period.month + 1):
        row = by_month.get(month, {})
        cur, prev = row.get("base_cur"), row.get("base_prev")
        detail.append({"month": month, "label": Period(period.year, month).label, "numerator": cur,
                       "denominator": prev, "growth": growth(cur, prev)})
    last = detail[-1]
    yield Figure(
        key="industry.output_trend", label=f"规上工业总产值累计走势（1—{period.month}月逐月）",
        value=last["growth"], unit="%", numerator=last["numerator"], denominator=last["denominator"],
        style="growth", places=1, detail=detail, rows=[trend_rows(scope, period)],
        formula="逐月：" + growth_formula(BY_STEM["output"].title) + "；每月的名录口径为该月（纳入月份不晚于该月）",
        note="明细为1月至本月各期的同口径本年累计（分子）与上年同期累计（分母），与各期增速指标一致",
    )


# --- parks ----------------------------------------------------------------------------------

@sql.prepared
def park_list(scope) -> sql.Statement:
    return sql.Statement.of(sel.parks(scope).order_by("sort", "code").values("pk", "code", "name"))


def park_detail(scope, period, county_output) -> list[dict]:
    by_park = per_park_totals(scope.region, period)
    detail = []
    for park in park_list(scope).dicts():
        row = by_park.get(park["pk"], {})
        output = or_zero(row.get("output"))
        detail.append({
            "park": park["code"], "name": park["name"], "above_scale_count": row.get("firms", 0), "output_ytd": output,
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
    county_output = ytd_figure(output, roster_totals(Scope.county(scope.region), period), period, [],
                               scope=scope).value
    rows = [stat_rows(scope, period)]
    detail = park_detail(scope, period, county_output) if scope.kind != "park" else []
    where = "全部园区" if scope.kind != "park" else scope.park.name
    yield count_figure("park.above_scale_count", f"{where}规上工业企业户数", totals, scope, period)
    ytd = ytd_figure(output, totals, period, rows, key="park.output_ytd", scope=scope,
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
