"""A policy's structured eligibility (Policy.eligibility) as a database filter on enterprises.

Recognised conditions (all must hold; an empty dict means every active enterprise of the county):

    above_scale      true/false  on (or not on) the 规上 roster of the year
    in_park          true/false  in a park (or outside every park)
    parks            ["CODE", …] in one of these parks
    industry_prefixes ["C18", …] GB/T 4754-2017 code starts with one of these ("18", "c18": C18)
    chains           ["textile", …] linked to a segment of one of these chains
    min_revenue_wan  2000        last year's annual 营业收入 (1—12月) ≥ this many 万元
    flags            ["is_treasure", "is_listed", "is_listing_reserve"] all set

`q()` builds a Q over Enterprise fields (or over a relation to Enterprise with `prefix`, e.g. for
Push rows "enterprise__"); the revenue condition needs `with_revenue()` first.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When

from yuanqu.core import industrycode

FLAGS = {"is_treasure": "镇园之宝", "is_listed": "上市企业", "is_listing_reserve": "上市后备企业"}
KNOWN = {"above_scale", "in_park", "parks", "industry_prefixes", "chains", "min_revenue_wan", "flags"}
REVENUE = "eligibility_revenue"


class EligibilityError(ValueError):
    """Eligibility that cannot be evaluated (message in Chinese)."""


def problems(eligibility) -> list[str]:
    """What is wrong with an eligibility dict, in Chinese; empty when it can be evaluated."""
    if not isinstance(eligibility, dict):
        return ["适用条件应为键值结构"]
    found = []
    for key in sorted(set(eligibility) - KNOWN):
        found.append(f"未识别的适用条件“{key}”")
    for key in ("above_scale", "in_park"):
        if key in eligibility and not isinstance(eligibility[key], bool):
            found.append(f"适用条件“{key}”应为 true 或 false")
    for key in ("parks", "industry_prefixes", "chains", "flags"):
        if key in eligibility and not (isinstance(eligibility[key], list)
                                       and all(isinstance(v, str) for v in eligibility[key])):
            found.append(f"适用条件“{key}”应为文字列表")
    for flag in eligibility.get("flags") or []:
        if isinstance(flag, str) and flag not in FLAGS:
            found.append(f"未识别的企业标识“{flag}”")
    for code in eligibility.get("industry_prefixes") or []:
        if isinstance(code, str):
            msg = industrycode.problem(code) if code.strip() else "行业代码不能为空"
            if msg:
                found.append(f"适用条件“industry_prefixes”：{msg}")
    if "min_revenue_wan" in eligibility:
        try:
            Decimal(str(eligibility["min_revenue_wan"]))
        except InvalidOperation:
            found.append("适用条件“min_revenue_wan”应为数字（万元）")
    return found


def needs_revenue(eligibility) -> bool:
    return "min_revenue_wan" in (eligibility or {})


def with_revenue(qs, year: int, enterprise_ref: str = "pk"):
    """Annotate last year's annual revenue (MonthlyStat(year − 1, 12).revenue_cum) for `min_revenue_wan`."""
    from yuanqu.enterprises.models import MonthlyStat

    revenue = MonthlyStat.objects.filter(enterprise=OuterRef(enterprise_ref), year=year - 1, month=12).order_by()
    return qs.annotate(**{REVENUE: Subquery(revenue.values("revenue_cum")[:1])})


def q(eligibility, year: int, prefix: str = "") -> Q:
    """The eligibility as a Q on Enterprise fields (with `prefix` for a relation to Enterprise)."""
    found = problems(eligibility)
    if found:
        raise EligibilityError("；".join(found))
    from yuanqu.chains.models import Chain
    from yuanqu.enterprises.models import RosterEntry, chain_member_ids

    p = prefix
    cond = Q(**{f"{p}is_active": True})
    if "above_scale" in eligibility:
        on = Q(Exists(RosterEntry.objects.filter(enterprise=OuterRef(f"{p}pk"), year=year)))
        cond &= on if eligibility["above_scale"] else ~on
    if "in_park" in eligibility:
        cond &= Q(**{f"{p}park__isnull": not eligibility["in_park"]})
    if eligibility.get("parks") is not None:
        cond &= Q(**{f"{p}park__code__in": eligibility["parks"]})
    if eligibility.get("industry_prefixes") is not None:
        any_prefix = Q()
        for code in eligibility["industry_prefixes"]:
            any_prefix |= Q(**{f"{p}industry_code__startswith": industrycode.normalize(code)})
        cond &= any_prefix if eligibility["industry_prefixes"] else Q(**{f"{p}pk__in": []})
    if eligibility.get("chains") is not None:
        members = chain_member_ids(Chain.objects.filter(code__in=eligibility["chains"]))
        cond &= Q(**{f"{p}pk__in": members})
    for flag in eligibility.get("flags") or []:
        cond &= Q(**{f"{p}{flag}": True})
    if "min_revenue_wan" in eligibility:
        cond &= Q(**{f"{REVENUE}__gte": Decimal(str(eligibility["min_revenue_wan"]))})
    return cond


def eligible_enterprises(policy, year: int, enterprises=None):
    """Active enterprises of the policy's county (or of `enterprises`) meeting its eligibility."""
    from yuanqu.enterprises.models import Enterprise

    qs = enterprises if enterprises is not None else Enterprise.objects.filter(region=policy.region)
    if needs_revenue(policy.eligibility):
        qs = with_revenue(qs, year)
    return qs.filter(q(policy.eligibility, year))


def flagged(enterprises, classes, year: int):
    """`enterprises` annotated with one flag per (county id, eligibility) of `classes`: c0, c1, … = 1
    when the firm is in that county and meets the conditions, else 0. Every condition is evaluated on
    the firm's own row in one pass (the reach rate counts all classes at once)."""
    if any(needs_revenue(eligibility) for _, eligibility in classes):
        enterprises = with_revenue(enterprises, year)
    return enterprises.annotate(**{
        f"c{i}": Case(When(Q(region_id=region_id) & q(eligibility, year), then=Value(1)), default=Value(0),
                      output_field=IntegerField())
        for i, (region_id, eligibility) in enumerate(classes)})


def matches(eligibility, enterprise, year: int) -> bool:
    """Whether one enterprise meets an eligibility dict (one query)."""
    from yuanqu.enterprises.models import Enterprise

    qs = Enterprise.objects.filter(pk=enterprise.pk)
    if needs_revenue(eligibility):
        qs = with_revenue(qs, year)
    return qs.filter(q(eligibility, year)).exists()


def describe(eligibility) -> str:
    """The conditions in Chinese, for the policy page and the figure's explanation."""
    if not eligibility:
        return "全县存续企业"
    parts = []
    if "above_scale" in eligibility:
        parts.append("规上企业" if eligibility["above_scale"] else "规下企业")
    if "in_park" in eligibility:
        parts.append("园区内企业" if eligibility["in_park"] else "园区外企业")
    if eligibility.get("parks"):
        parts.append("园区：" + "、".join(eligibility["parks"]))
    if eligibility.get("industry_prefixes"):
        parts.append("行业代码：" + "、".join(map(industrycode.label, eligibility["industry_prefixes"])))
    if eligibility.get("chains"):
        parts.append("产业链：" + "、".join(eligibility["chains"]))
    if "min_revenue_wan" in eligibility:
        parts.append(f"上年营业收入不低于{eligibility['min_revenue_wan']}万元")
    for flag in eligibility.get("flags") or []:
        parts.append(FLAGS.get(flag, flag))
    return "，".join(parts)
