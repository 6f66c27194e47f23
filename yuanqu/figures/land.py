"""Land and building figures (DOMAIN §7; docs/figures.md "Land and buildings").

Parcel and building attributes (developed area, let area, status) are current values: a figure
for a past period uses the supply/completion dates to select rows, and says so.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, F, FilteredRelation, Q, Sum, Value, When, Window

from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization

from .base import Figure, RowRef, or_zero, ratio
from .scope import Scope
from .sql import Statement, money, prepared
from .engine import memo, register
from .rules import decimal_rule, rule
from . import format as fmt
from . import selectors as sel

ACTIVE_SUPPLIED = ~Q(status=LandParcel.Status.RECOVERED)


def supplied_parcels(scope, period):
    """Parcels supplied by the end of the period and not recovered."""
    return sel.parcels(scope).filter(ACTIVE_SUPPLIED, supplied_date__isnull=False, supplied_date__lte=period.end)


# --- 53号令 idle land -----------------------------------------------------------------------

def idle_q(period) -> tuple[Q, Q]:
    """(unstarted, stalled) conditions of 国土资源部令第53号 art. 2, as of the period's end."""
    end = period.end
    unstarted_cutoff = end - dt.timedelta(days=rule("idle_unstarted_days"))
    stopped_cutoff = end - dt.timedelta(days=rule("idle_stopped_days"))
    not_started = Q(actual_start_date__isnull=True) | Q(actual_start_date__gt=end)
    unstarted = not_started & Q(agreed_start_date__isnull=False, agreed_start_date__lte=unstarted_cutoff)
    little_done = (Q(developed_area_mu__lt=F("area_mu") * decimal_rule("idle_developed_share"))
                   | Q(agreed_investment__gt=0,
                       invested_amount__lt=F("agreed_investment") * decimal_rule("idle_invested_share"))
                   | Q(agreed_investment__gt=0, invested_amount__isnull=True))
    stalled = (Q(actual_start_date__isnull=False, actual_start_date__lte=end, status=LandParcel.Status.STOPPED,
                 stopped_date__isnull=False, stopped_date__lte=stopped_cutoff) & little_done)
    return unstarted, stalled


def _idle_reason(p: dict, period) -> str:
    end = period.end
    if p["unstarted"]:
        days = (end - p["agreed_start_date"]).days
        return (f"约定开工日期{fmt.cn_date(p['agreed_start_date'], end.year)}，截至{fmt.cn_date(end, end.year)}"
                f"已满{days}天未动工")
    parts = []
    share = ratio(p["developed_area_mu"], p["area_mu"])
    if share is not None and share < decimal_rule("idle_developed_share") * 100:
        parts.append(f"已开发面积{fmt.area(p['developed_area_mu'])}，不足总面积{fmt.area(p['area_mu'])}的三分之一")
    invested = ratio(or_zero(p["invested_amount"]), p["agreed_investment"])
    if invested is not None and invested < decimal_rule("idle_invested_share") * 100:
        parts.append(f"已投资{fmt.wan(or_zero(p['invested_amount']))}，不足约定投资{fmt.wan(p['agreed_investment'])}的25%")
    days = (end - p["stopped_date"]).days
    return "已动工但" + "，".join(parts) + f"，且自{fmt.cn_date(p['stopped_date'], end.year)}停工满{days}天"


def _idle_action(p: dict, period) -> str:
    since = p["agreed_start_date"] if p["unstarted"] else p["stopped_date"]
    days = (period.end - since).days
    limit = rule("idle_unstarted_days") if p["unstarted"] else rule("idle_stopped_days")
    if days >= 2 * limit:
        return "满两年：可无偿收回土地使用权"
    return "满一年：可按土地出让或划拨价款的20%征缴土地闲置费"


def idle_parcels(scope, period):
    """Supplied parcels meeting 53号令 art. 2 as of the period's end, flagged `is_unstarted`."""
    unstarted, stalled = idle_q(period)
    return supplied_parcels(scope, period).filter(unstarted | stalled).annotate(
        is_unstarted=Case(When(unstarted, then=Value(True)), default=Value(False), output_field=BooleanField()))


def with_totals(qs):
    """The rows with the set's count and area as window aggregates (one query gives both)."""
    return qs.annotate(set_n=Window(Count("pk")), set_area=Window(Sum("area_mu")))


@prepared
def idle_statement(scope, period) -> Statement:
    return Statement.of(with_totals(idle_parcels(scope, period)).order_by("code").values(
        "code", "name", "park__name", "area_mu", "developed_area_mu", "agreed_start_date", "stopped_date",
        "agreed_investment", "invested_amount", "holder__name", "holder_name", "set_n", "set_area",
        unstarted=F("is_unstarted")))


def idle_detail(scope, period) -> list[dict]:
    detail = []
    for p in idle_statement(scope, period).dicts():
        detail.append({
            "parcel": p["code"], "name": p["name"], "park": p["park__name"], "area_mu": p["area_mu"],
            "holder": p["holder__name"] or p["holder_name"], "reason": _idle_reason(p, period),
            "action": _idle_action(p, period), "set_n": p["set_n"], "set_area": p["set_area"],
        })
    return detail


# --- low-efficiency land --------------------------------------------------------------------

@prepared
def tax_per_mu_statement(region, year: int) -> Statement:
    from yuanqu.enterprises.models import Enterprise

    qs = Enterprise.objects.in_region(region).filter(land_area_mu__gt=0).annotate(
        ms=FilteredRelation("monthly_stats", condition=Q(monthly_stats__year=year, monthly_stats__month=12)),
    ).filter(ms__tax_cum__isnull=False)
    return Statement.aggregate(qs, tax=Sum("ms__tax_cum"), land=Sum("land_area_mu"))


@memo
def tax_per_mu_average(region, year: int) -> Decimal | None:
    """Last year's industry 亩均税收: Σ tax ÷ Σ land area over firms of the region with land (万元/亩)."""
    agg = tax_per_mu_statement(region, year).one()
    return ratio(agg["tax"], agg["land"], Decimal(1))


def low_efficiency_parcels(scope, period, average):
    """Flagged parcels (认定), plus built parcels with plot ratio < rule or holder's 亩均税收 < share × average
    (the region's last-year average, `tax_per_mu_average`)."""
    last_year = period.year - 1
    min_ratio, tax_share = decimal_rule("low_efficiency_plot_ratio"), decimal_rule("low_efficiency_tax_share")
    built = Q(built_date__isnull=False, built_date__lte=period.end)
    rule_q = built & Q(plot_ratio__isnull=False, plot_ratio__lt=min_ratio)
    qs = supplied_parcels(scope, period).annotate(
        hs=FilteredRelation("holder__monthly_stats",
                            condition=Q(holder__monthly_stats__year=last_year, holder__monthly_stats__month=12)),
    )
    if average is not None:
        rule_q |= built & Q(holder__land_area_mu__gt=0, hs__tax_cum__isnull=False,
                            hs__tax_cum__lt=F("holder__land_area_mu") * average * tax_share)
    return qs.filter(Q(is_low_efficiency=True) | rule_q)


@prepared
def low_efficiency_statement(scope, period, average) -> Statement:
    return Statement.of(with_totals(low_efficiency_parcels(scope, period, average)).order_by("code").values(
        "code", "name", "park__name", "area_mu", "plot_ratio", "is_low_efficiency", "built_date",
        "holder__name", "holder__land_area_mu", "set_n", "set_area", tax=F("hs__tax_cum")))


def low_efficiency_detail(scope, period, average) -> list[dict]:
    min_ratio, tax_share = decimal_rule("low_efficiency_plot_ratio"), decimal_rule("low_efficiency_tax_share")
    detail = []
    for p in low_efficiency_statement(scope, period, average).dicts():
        reasons = []
        if p["is_low_efficiency"]:
            reasons.append("经认定为低效用地")
        if p["built_date"] and p["plot_ratio"] is not None and p["plot_ratio"] < min_ratio:
            reasons.append(f"容积率{p['plot_ratio']}低于{min_ratio}")
        per_mu = ratio(p["tax"], p["holder__land_area_mu"], Decimal(1))
        if p["built_date"] and average is not None and per_mu is not None and per_mu < average * tax_share:
            reasons.append(f"用地企业上年亩均税收{per_mu:.2f}万元，低于全县平均{average:.2f}万元的"
                           f"{tax_share * 100:.0f}%")
        detail.append({"parcel": p["code"], "name": p["name"], "park": p["park__name"], "area_mu": p["area_mu"],
                       "holder": p["holder__name"], "reason": "；".join(reasons), "set_n": p["set_n"],
                       "set_area": p["set_area"]})
    return detail


def _parcel_set(key: str, word: str, build, detail: list[dict], formula: str):
    """A count figure with the parcels' detail, and the matching area figure; `build()` gives the
    parcels' queryset (for the rows, built when they are read).

    The count and area are SQL window aggregates carried on every detail row (set_n, set_area).
    """
    n = detail[0].pop("set_n") if detail else 0
    area = or_zero(detail[0].pop("set_area")) if detail else Decimal(0)
    for item in detail:
        item.pop("set_n", None), item.pop("set_area", None)
    rows = [RowRef.lazy(LandParcel, build)]
    yield Figure(key=key, label=f"{word}宗数", value=n, unit="宗", detail=detail, formula=formula, rows=rows)
    yield Figure(key=f"{key}_area_mu", label=f"{word}面积", value=money(area), unit="亩",
                 formula=f"Σ {word}面积（口径同{word}宗数）", rows=rows)


def county_for_parks(scope):
    """Every parcel and building is in a park: the county's land figures are the parks' ones."""
    return Scope.county(scope.region) if scope.kind == "parks" else scope


LAND_SCOPES = ("county", "parks", "park", "chain")


@prepared
def land_use_statement(scope, period) -> Statement:
    return Statement.aggregate(supplied_parcels(scope, period), area=Sum("area_mu"), developed=Sum("developed_area_mu"))


@register("land.supplied_use_rate", scopes=LAND_SCOPES, canonical=county_for_parks)
def land_use_figures(scope, period):
    agg = land_use_statement(scope, period).one()
    yield Figure(
        key="land.supplied_use_rate", label="已供土地利用率（土地建成率）",
        value=ratio(agg["developed"], agg["area"]), unit="%", places=1,
        numerator=or_zero(agg["developed"]), denominator=or_zero(agg["area"]),
        rows=[RowRef.lazy(LandParcel, lambda: supplied_parcels(scope, period))],
        formula=f"Σ 已开发（建成）面积 ÷ Σ 已供地面积 × 100，已供地块为{period.end:%Y-%m-%d}前供地且未收回的地块",
        note="样稿“已供土地利用率”并非正式指标，按《开发区土地集约利用评价》的土地建成率计算；已开发面积为当前填报值",
    )


# --- supply: 批而未供, 供而未用, 土地供应率 (DOMAIN §7), from each parcel's own dates ------------

def supply_conditions(period) -> dict[str, Q]:
    """As of the period's end: approved (a supplied parcel was approved, dated or not), supplied,
    started; recovered parcels are out of every set."""
    end = period.end
    supplied = Q(supplied_date__isnull=False, supplied_date__lte=end)
    approved = Q(approved_date__isnull=False, approved_date__lte=end) | supplied
    started = Q(actual_start_date__isnull=False, actual_start_date__lte=end)
    return {"approved": approved, "supplied": supplied, "unsupplied": approved & ~supplied,
            "unused": supplied & ~started}


def supply_parcels(scope, period, part: str):
    return sel.parcels(scope).filter(ACTIVE_SUPPLIED).filter(supply_conditions(period)[part])


@prepared
def supply_statements(scope, period) -> dict[str, Statement]:
    c = supply_conditions(period)
    active = sel.parcels(scope).filter(ACTIVE_SUPPLIED)
    sums = {}
    for part in ("approved", "supplied", "unsupplied", "unused"):
        sums[f"{part}_n"] = Count("pk", filter=c[part])
        sums[f"{part}_mu"] = Sum("area_mu", filter=c[part])
    flags = {part: Case(When(c[part], then=Value(True)), default=Value(False), output_field=BooleanField())
             for part in ("unsupplied", "unused")}
    return {
        "totals": Statement.aggregate(active, **sums),
        "detail": Statement.of(active.filter(c["unsupplied"] | c["unused"]).annotate(**flags).order_by("code").values(
            "code", "name", "park__name", "area_mu", "approved_date", "supplied_date", "agreed_start_date",
            "holder__name", "holder_name", "unsupplied", "unused")),
    }


@register("land.supply_rate", "land.approved_unsupplied", "land.approved_unsupplied_area_mu",
          "land.supplied_unused", "land.supplied_unused_area_mu", scopes=LAND_SCOPES, canonical=county_for_parks)
def supply_figures(scope, period):
    run = supply_statements(scope, period)
    t, rows = run["totals"].one(), run["detail"].dicts()
    as_of = f"截至{period.end:%Y-%m-%d}"
    approved, supplied = or_zero(t["approved_mu"]), or_zero(t["supplied_mu"])
    yield Figure(
        key="land.supply_rate", label="土地供应率", value=ratio(supplied, approved), unit="%", places=1,
        numerator=supplied, denominator=approved,
        rows=[RowRef.lazy(LandParcel, lambda: supply_parcels(scope, period, "approved"))],
        formula=f"{as_of}已供地面积 ÷ 已批准（可供）面积 × 100（《开发区土地集约利用评价》），已收回地块不计",
        note="已供地块即使未填批准日期，也计入已批准面积",
    )
    for part, key, word, formula in (
            ("unsupplied", "land.approved_unsupplied", "批而未供土地", f"{as_of}已批准、尚未供地的地块"),
            ("unused", "land.supplied_unused", "供而未用土地",
             f"{as_of}已供地、尚未动工的地块（含闲置土地；按实际开工日期判断）")):
        detail = [{"parcel": r["code"], "name": r["name"], "park": r["park__name"], "area_mu": r["area_mu"],
                   "holder": r["holder__name"] or r["holder_name"], "approved_date": r["approved_date"],
                   "supplied_date": r["supplied_date"], "agreed_start_date": r["agreed_start_date"]}
                  for r in rows if r[part]]
        parcel_rows = [RowRef.lazy(LandParcel, lambda p=part: supply_parcels(scope, period, p))]
        yield Figure(key=key, label=f"{word}宗数", value=t[f"{part}_n"], unit="宗", detail=detail,
                     formula=formula, rows=parcel_rows)
        yield Figure(key=f"{key}_area_mu", label=f"{word}面积", value=or_zero(t[f"{part}_mu"]), unit="亩",
                     formula=f"Σ {word}面积（口径同{word}宗数）", rows=parcel_rows)


@register("land.idle", "land.idle_area_mu", scopes=LAND_SCOPES, canonical=county_for_parks)
def idle_figures(scope, period):
    yield from _parcel_set(
        "land.idle", "闲置土地", lambda: idle_parcels(scope, period), idle_detail(scope, period),
        "已供地块中：超过约定开工日期满一年未动工；或已动工但开发面积不足三分之一或投资额不足25%、"
        "且停工满一年（国土资源部令第53号第二条）")


@register("land.low_efficiency", "land.low_efficiency_area_mu", scopes=LAND_SCOPES, canonical=county_for_parks)
def low_efficiency_figures(scope, period):
    average = tax_per_mu_average(scope.region, period.year - 1)
    yield from _parcel_set(
        "land.low_efficiency", "低效用地", lambda: low_efficiency_parcels(scope, period, average),
        low_efficiency_detail(scope, period, average),
        f"经认定的低效用地；或已建成地块容积率低于{rule('low_efficiency_plot_ratio')}、"
        f"或用地企业上年亩均税收低于全县平均的{decimal_rule('low_efficiency_tax_share') * 100:.0f}%")


def window_actions(scope, period):
    return sel.revitalizations(scope).filter(date__gte=period.start, date__lte=period.end)


@prepared
def revitalization_statements(scope, period) -> dict[str, Statement]:
    actions = window_actions(scope, period)
    return {
        "grouped": Statement.of(actions.values("method").annotate(
            n_mu=Count("pk", filter=Q(parcel__isnull=False)), mu=Sum("area_mu", filter=Q(parcel__isnull=False)),
            n_m2=Count("pk", filter=Q(building__isnull=False)), m2=Sum("area_m2", filter=Q(building__isnull=False)),
        ).order_by("method")),
        "totals": Statement.aggregate(actions, total_mu=Sum("area_mu", filter=Q(parcel__isnull=False)),
                                      total_m2=Sum("area_m2", filter=Q(building__isnull=False))),
    }


@register("land.revitalized_mu", "buildings.revitalized_m2", scopes=LAND_SCOPES, canonical=county_for_parks)
def revitalization_figures(scope, period):
    """Revitalization actions dated in the window: land (亩) and factory space (㎡), by method and in total."""
    labels = dict(Revitalization.Method.choices)
    run = revitalization_statements(scope, period)
    grouped, totals = run["grouped"].dicts(), run["totals"].one()
    window = f"{period.year}年1月1日至{period.end:%Y-%m-%d}"
    for key, label, unit, n, area, total, target, words in (
            ("land.revitalized_mu", "盘活低效闲置土地", "亩", "n_mu", "mu", "total_mu", "parcel", "地块"),
            ("buildings.revitalized_m2", "盘活闲置厂房", "平方米", "n_m2", "m2", "total_m2", "building", "厂房")):
        detail = [{"method": labels.get(r["method"], r["method"]), "count": r[n], "area": r[area]}
                  for r in grouped if r[n]]
        yield Figure(
            key=key, label=f"{period.year}年{label}", unit=unit,
            value=or_zero(totals[total]), detail=detail,
            rows=[RowRef.lazy(Revitalization, lambda t=target: window_actions(scope, period).filter(
                **{f"{t}__isnull": False}))],
            formula=f"Σ {window}{words}盘活处置面积（收回、转让、合作开发、招商入驻等）",
        )


def standard_buildings(scope, period):
    return sel.buildings(scope).filter(is_standard=True, completed_date__isnull=False, completed_date__lte=period.end)


@prepared
def building_statement(scope, period) -> Statement:
    return Statement.aggregate(standard_buildings(scope, period), floor=Sum("floor_area_m2"), let=Sum("let_area_m2"))


@register("buildings.vacancy_rate", "buildings.floor_area_m2", scopes=LAND_SCOPES, canonical=county_for_parks)
def building_figures(scope, period):
    agg = building_statement(scope, period).one()
    floor, let = or_zero(agg["floor"]), or_zero(agg["let"])
    rows = [RowRef.lazy(FactoryBuilding, lambda: standard_buildings(scope, period))]
    yield Figure(
        key="buildings.vacancy_rate", label="标准厂房空置率", value=ratio(floor - let, floor), unit="%", places=1,
        numerator=floor - let, denominator=floor, rows=rows,
        formula=f"（Σ 建筑面积 − Σ 已出租面积）÷ Σ 建筑面积 × 100，{period.end:%Y-%m-%d}前建成的标准厂房",
        note="已出租面积为当前填报值",
    )
    yield Figure(key="buildings.floor_area_m2", label="已建成标准厂房建筑面积", value=floor, unit="平方米",
                 formula="Σ 建筑面积（口径同空置率）", rows=rows)
