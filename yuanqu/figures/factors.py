"""Factor figures (要素保障): finance and labour (docs/figures.md "Service, policies, factors")."""
from __future__ import annotations

from django.db.models import Count, Sum

from .base import Figure, RowRef, or_zero
from .engine import register
from . import selectors as sel


@register("finance.institutions", "finance.loans", "labour.supplied")
def factor_figures(scope, period):
    window = f"{period.year}年1月1日至{period.end:%Y-%m-%d}"
    loans = sel.loans(scope).between(period.start, period.end)
    agg = loans.aggregate(institutions=Count("institution", distinct=True), amount=Sum("amount"))
    rows = [RowRef.of(loans)]
    by_institution = [{"institution": r["institution__short_name"] or r["institution__name"], "amount": r["s"],
                       "count": r["n"]}
                      for r in loans.values("institution__name", "institution__short_name")
                      .annotate(s=Sum("amount"), n=Count("pk")).order_by("-s")]
    yield Figure(key="finance.institutions", label="为企业放贷的金融机构数", value=agg["institutions"], unit="家",
                 detail=by_institution, rows=rows, formula=f"{window}向本范围企业发放贷款的金融机构（去重）")
    yield Figure(key="finance.loans", label="金融机构为企业贷款金额", value=or_zero(agg["amount"]), unit="万元",
                 detail=by_institution, rows=rows, formula=f"Σ {window}发放给本范围企业的贷款金额")
    supplies = sel.labour_supplies(scope).between(period.start, period.end)
    yield Figure(key="labour.supplied", label="为企业输送员工人数", unit="人",
                 value=or_zero(supplies.aggregate(s=Sum("workers"))["s"]), rows=[RowRef.of(supplies)],
                 formula=f"Σ {window}用工输送记录的人数")
