"""Policy pages: the list (valid, delivery mode, level …) and a policy with its eligible firms,
pushes and claims ("应享尽享": every eligible firm should receive it)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render

from yuanqu.core.access import visible
from yuanqu.core.lists import Choice, Column, ListPage, Search, choices_of
from yuanqu.core.pages import field_rows, get_visible, in_county, page_period, page_region
from yuanqu.enterprises.models import Enterprise

from . import eligibility as elig
from .models import Claim, Policy, Push

VALIDITY = [("valid", "有效"), ("expired", "已失效"), ("future", "未生效")]


def categories(page):
    qs = in_county(visible(Policy.objects.all(), page.request.user), page.region, "region")
    return [(c, c) for c in qs.order_by("category").values_list("category", flat=True).distinct()]


def by_validity(page, qs, value):
    day = page.period.end
    if value == "valid":
        return qs.filter(Q(issued_date__isnull=True) | Q(issued_date__lte=day)).valid_on(day)
    if value == "expired":
        return qs.filter(valid_to__lt=day)
    return qs.filter(Q(valid_from__gt=day) | Q(issued_date__gt=day))


def _count(model, user):
    rows = visible(model.objects.filter(policy=OuterRef("pk")), user).order_by().values("policy")
    return Coalesce(Subquery(rows.annotate(n=Count("enterprise", distinct=True)).values("n")[:1]), 0)


class PolicyList(ListPage):
    model = Policy
    title = "惠企政策"
    region_path = "region"
    detail_url = "policies:detail"
    uses_period = True
    default_sort = "-issued_date"
    intro = "有效性按所选期别的期末日期判断；推送、申报企业数为去重户数。"
    columns = [
        Column("title", link=True),
        Column("issuer"),
        Column("level"),
        Column("doc_number"),
        Column("category"),
        Column("delivery_mode"),
        Column("issued_date"),
        Column("valid_to"),
        Column("pushed", "推送企业（户）", kind="int"),
        Column("claimed", "申报兑现企业（户）", kind="int"),
    ]
    filters = [
        Choice("validity", "有效性", options=VALIDITY, apply=by_validity),
        Choice("level", "层级", options=choices_of(Policy.Level)),
        Choice("delivery", "兑现方式", options=choices_of(Policy.Delivery), lookup="delivery_mode"),
        Choice("category", "政策类别", options=categories),
        Search(("title", "doc_number", "issuer"), placeholder="政策名称、文号、发文单位"),
    ]

    def annotate(self, qs):
        user = self.request.user
        return qs.annotate(pushed=_count(Push, user), claimed=_count(Claim, user))


policy_list = PolicyList.as_view()

FIELDS = ["issuer", "level", "doc_number", "issued_date", "valid_from", "valid_to", "category", "delivery_mode",
          "audience", "summary"]


@login_required
def policy_detail(request, pk):
    region = page_region(request.user)
    period, periods = page_period(request, region)
    user = request.user
    policy = get_visible(request, Policy.objects.select_related("region"), pk=pk)
    pushes = list(visible(policy.pushes.select_related("enterprise", "pushed_by"), user).order_by("-date"))
    claims = list(visible(policy.claims.select_related("enterprise"), user).order_by("-applied_date"))
    problems = elig.problems(policy.eligibility)
    eligible = []
    if not problems:
        firms = visible(Enterprise.objects.filter(region=policy.region).select_related("park"), user)
        pushed = {p.enterprise_id for p in pushes}
        claimed = {c.enterprise_id: c for c in claims}
        eligible = [{"e": e, "pushed": e.pk in pushed, "claim": claimed.get(e.pk)}
                    for e in elig.eligible_enterprises(policy, period.year, firms).order_by("name")]
    ctx = {
        "policy": policy, "period": period, "periods": periods, "fields": field_rows(policy, FIELDS),
        "conditions": elig.describe(policy.eligibility), "problems": problems, "eligible": eligible,
        "reached": sum(1 for x in eligible if x["pushed"]), "pushes": pushes, "claims": claims,
    }
    return render(request, "policies/detail.html", ctx)
