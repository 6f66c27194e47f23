"""Benefit-policy figures (DOMAIN §11 惠企政策, "应享尽享"; docs/figures.md "Service, policies").

Reach rate = Σ over valid policies of |eligible firms that received a push by the period's end|
÷ Σ |eligible firms| (policy–firm pairs). Eligibility is the policy's structured conditions
(yuanqu.policies.eligibility); policies with the same conditions share one count.
"""
from __future__ import annotations

import json

from django.db.models import Sum

from yuanqu.policies import eligibility as elig
from yuanqu.policies.models import Claim, Policy, Push

from . import sql
from .base import Figure, RowRef, or_zero, ratio
from .engine import memo, register
from .sql import Statement, prepared
from . import selectors as sel


def valid_policies(scope, period):
    """Policies of the county issued on or before the period's end and valid on it."""
    return sel.policies(scope).filter(issued_date__lte=period.end).valid_on(period.end)


def _classes(policies: list[dict]) -> tuple[dict[tuple, list[dict]], list[str]]:
    """Policies grouped by (county, identical eligibility); and the problems of those that cannot be evaluated."""
    classes: dict[tuple, list[dict]] = {}
    bad = []
    for p in policies:
        found = elig.problems(p["eligibility"])
        if found:
            bad.append(f"政策“{p['title']}”适用条件无法判定（{'；'.join(found)}），未计入触达率")
            continue
        key = (p["region"], json.dumps(p["eligibility"], sort_keys=True, ensure_ascii=False))
        classes.setdefault(key, []).append(p)
    return classes, bad


def _in_list(values) -> tuple[str, list]:
    return ", ".join(["%s"] * len(values)), list(values)


@prepared
def policy_statements(scope, period) -> dict[str, Statement]:
    valid = valid_policies(scope, period)
    # per category, and the total as a window sum over the categories: one statement
    inner, params = sql.subquery(valid.values("pk", "category"))
    counts = sql.Select().count("n").raw("total", "SUM(COUNT(*)) OVER ()", "intsum")
    return {
        "valid": Statement.of(valid.values("pk", "title", "eligibility", "region").order_by("pk")),
        "by_category": (f"SELECT v.{sql.quote('category')}, {counts.sql()} FROM ({inner}) v "
                        f"GROUP BY v.{sql.quote('category')} ORDER BY v.{sql.quote('category')}", params, counts),
        "granted": Statement.aggregate(granted_claims(scope, period), s=Sum("amount_granted")),
    }


def granted_claims(scope, period):
    return Claim.objects.filter(sel.of_enterprises(scope), policy__in=valid_policies(scope, period),
                                status=Claim.Status.GRANTED, granted_date__gte=period.start,
                                granted_date__lte=period.end)


@memo
def reach(scope, period) -> dict:
    """Eligible and reached policy–firm pairs. The scope's firms are flagged once per eligibility
    class (compiled conditions, in a common table expression read twice); one statement counts the
    eligible firms of every class (its first part) and per policy the eligible firms pushed to by the
    period's end (its second part)."""
    policies = policy_statements(scope, period)["valid"].dicts()
    classes, bad = _classes(policies)
    if not classes:
        return {"eligible": 0, "reached": 0, "detail": [], "bad": bad}
    classes_key = tuple((key, tuple(p["pk"] for p in members)) for key, members in classes.items())
    statement, params = reach_statement(scope, period, classes_key)
    rows = sql.fetch_rows(statement, params)
    select = reach_select(len(classes))
    counts = next(select.convert(row[2:-1]) for row in rows if row[0] == 0)
    reached = {row[1]: sql.integer(row[-1]) for row in rows if row[0] == 1}
    detail, eligible_total = [], 0
    for i, ((_, text), members) in enumerate(classes.items()):
        eligible = counts[f"c{i}"]
        eligible_total += eligible * len(members)
        for p in members:
            got = reached.get(p["pk"], 0)
            detail.append({"policy": p["title"], "eligibility": elig.describe(json.loads(text)),
                           "eligible": eligible, "reached": got, "rate": ratio(got, eligible)})
    return {"eligible": eligible_total, "reached": sum(reached.values()), "detail": detail, "bad": bad}


def reach_select(n: int) -> sql.Select:
    select = sql.Select()
    for i in range(n):
        select.count(f"c{i}", when=f"f.c{i} = 1")
    return select


@prepared
def reach_statement(scope, period, classes: tuple) -> tuple[str, list]:
    """The reach statement for these eligibility classes (((region, conditions), (policy ids …)), …)."""
    conditions = [(region, json.loads(text)) for (region, text), _ in classes]
    flags = elig.flagged(sel.enterprises(scope), conditions, period.year)
    # f: the scope's firms with one 0/1 flag per eligibility class (each condition evaluated once)
    f, f_params = sql.derived_table(flags, id="pk", **{f"c{i}": f"c{i}" for i in range(len(conditions))})
    select = reach_select(len(conditions))
    pe, pp = f"pu.{sql.column(Push, 'enterprise')}", f"pu.{sql.column(Push, 'policy')}"
    due, due_params = [], []
    for i, (_, ids) in enumerate(classes):
        marks, ids = _in_list(ids)
        due.append(f"({pp} IN ({marks}) AND f.c{i} = 1)")
        due_params += ids
    blanks = ", ".join(["NULL"] * len(conditions))
    statement = (
        f"WITH f AS {f} "
        f"SELECT 0 AS part, NULL AS policy, {select.sql()}, NULL AS n FROM f "
        f"UNION ALL "
        f"SELECT 1, {pp}, {blanks}, COUNT(DISTINCT {pe}) FROM {sql.table(Push)} pu JOIN f ON f.id = {pe} "
        f"WHERE pu.{sql.column(Push, 'date')} <= %s AND ({' OR '.join(due)}) GROUP BY {pp}")
    return statement, list(f_params) + [sql.date_param(period.end)] + due_params


@register("policies.count", "policies.reach_rate", "policies.granted_amount")
def policy_figures(scope, period):
    run = policy_statements(scope, period)
    by_category = sql.fetch(*run["by_category"], keys=1)
    rows = [RowRef.lazy(Policy, lambda: valid_policies(scope, period))]
    yield Figure(key="policies.count", label="梳理惠企政策条数", value=by_category[0]["total"] if by_category else 0,
                 unit="条", detail=[{"category": r["key0"], "count": r["n"]} for r in by_category],
                 rows=rows, note="政策按全县梳理，各范围相同" if scope.kind != "county" else "",
                 formula=f"本县梳理、发布日期不晚于{period.end:%Y-%m-%d}且当日仍在有效期内的政策条数")
    r = reach(scope, period)
    yield Figure(key="policies.reach_rate", label="惠企政策精准推送触达率", value=ratio(r["reached"], r["eligible"]),
                 unit="%", numerator=r["reached"], denominator=r["eligible"], places=1, detail=r["detail"],
                 anomalies=r["bad"], rows=rows,
                 formula="Σ各政策已推送的符合条件企业数 ÷ Σ各政策符合适用条件的企业数 × 100（按政策—企业对计）")
    yield Figure(key="policies.granted_amount", label="惠企政策兑现金额", unit="万元",
                 value=or_zero(run["granted"].one()["s"]),
                 rows=[RowRef.lazy(Claim, lambda: granted_claims(scope, period))],
                 formula=f"Σ {period.year}年1月1日至{period.end:%Y-%m-%d}已兑现的政策兑现金额")
