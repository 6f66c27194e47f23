"""Factor figures (要素保障): finance and labour (docs/figures.md "Service, policies, factors")."""
from __future__ import annotations

from django.db.models import Count, Sum

from yuanqu.factors.models import LabourSupply, Loan

from .base import Figure, RowRef, or_zero
from .engine import register
from .sql import Statement, prepared
from . import selectors as sel


def window_loans(scope, period):
    return sel.loans(scope).between(period.start, period.end)


def window_supplies(scope, period):
    return sel.labour_supplies(scope).between(period.start, period.end)


@prepared
def statements(scope, period) -> dict[str, Statement]:
    loans = window_loans(scope, period)
    return {
        "loans": Statement.aggregate(loans, institutions=Count("institution", distinct=True), amount=Sum("amount")),
        "by_institution": Statement.of(loans.values("institution__name", "institution__short_name")
                                       .annotate(s=Sum("amount"), n=Count("pk")).order_by("-s")),
        "labour": Statement.aggregate(window_supplies(scope, period), s=Sum("workers")),
    }


@register("finance.institutions", "finance.loans", "labour.supplied")
def factor_figures(scope, period):
    window = f"{period.year}年1月1日至{period.end:%Y-%m-%d}"
    run = statements(scope, period)
    agg = run["loans"].one()
    rows = [RowRef.lazy(Loan, lambda: window_loans(scope, period))]
    by_institution = [{"institution": r["institution__short_name"] or r["institution__name"], "amount": r["s"],
                       "count": r["n"]} for r in run["by_institution"].dicts()]
    yield Figure(key="finance.institutions", label="为企业放贷的金融机构数", value=agg["institutions"], unit="家",
                 detail=by_institution, rows=rows, formula=f"{window}向本范围企业发放贷款的金融机构（去重）")
    yield Figure(key="finance.loans", label="金融机构为企业贷款金额", value=or_zero(agg["amount"]), unit="万元",
                 detail=by_institution, rows=rows, formula=f"Σ {window}发放给本范围企业的贷款金额")
    yield Figure(key="labour.supplied", label="为企业输送员工人数", unit="人",
                 value=or_zero(run["labour"].one()["s"]),
                 rows=[RowRef.lazy(LabourSupply, lambda: window_supplies(scope, period))],
                 formula=f"Σ {window}用工输送记录的人数")
