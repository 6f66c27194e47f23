"""Enterprise pages: the list (filters, sort, export), the profile with its monthly series, the edit form."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render

from yuanqu.core import options
from yuanqu.core.access import MASK, masked, may_edit, reads_figures, visible
from yuanqu.core.lists import YES_NO, Choice, Column, ListPage, Search, flag
from yuanqu.core.pages import EditPage, field_rows, get_visible, in_county, page_period, page_region, show
from yuanqu.figures import mujun
from yuanqu.figures.base import growth
from yuanqu.figures.selectors import chain_member_ids
from yuanqu.policies.selectors import matched_policies
from yuanqu.service.models import Assignment, Visit

from . import selectors
from .forms import EnterpriseEditForm
from .models import Enterprise, MonthlyStat, RosterEntry

FLAGS = (("is_treasure", "镇园之宝", "good"), ("is_listed", "上市企业", "good"),
         ("is_listing_reserve", "上市后备", "warn"))


def flag_tags(e) -> list[tuple[str, str]]:
    return [(label, tone) for field, label, tone in FLAGS if getattr(e, field)]


def roster_years(page):
    rows = in_county(visible(RosterEntry.objects.all(), page.request.user), page.region, "enterprise__region")
    years = rows.values_list("year", flat=True).distinct()
    return [(y, f"{y}年规上") for y in sorted(set(years), reverse=True)]


def in_chain(page, qs, code):
    from yuanqu.chains.models import Chain

    chain = visible(Chain.objects.filter(code=code), page.request.user).first()
    return qs.filter(pk__in=chain_member_ids(chain)) if chain else qs.none()


class EnterpriseList(ListPage):
    model = Enterprise
    title = "企业"
    region_path = "region"
    detail_url = "enterprises:detail"
    uses_period = True
    select_related = ("park", "commissioner")
    prefetch_related = ("segments__chain", "chains")
    default_sort = "name"
    intro = "产值为企业自报的本年1—N月累计值；同比按企业自报上年同期数计算。"
    columns = [
        Column("name", link=True),
        Column("credit_code"),
        Column("park_name", "所在园区", sort=("park__sort", "park__code")),
        Column("industry_label", sort="industry_code"),
        Column("chain_names", "产业链", sort=False),
        Column("above", "规上（{year}年名录）", kind="bool"),
        Column("flags", "标识", kind="tags", sort=False),
        Column("output", "工业总产值（{period}累计）", kind="money", confidential=True),
        Column("output_growth", "同比", kind="growth", sort=False, confidential=True),
        Column("land_area_mu", "用地面积（亩）", kind="number"),
        Column("commissioner", sort=("commissioner__display_name", "commissioner__username")),
    ]
    filters = [
        Choice("park", "园区", options=options.parks_with_outside, apply=options.by_park()),
        Choice("roster", "规上名录", options=roster_years, lookup="roster_entries__year"),
        Choice("chain", "产业链", options=options.chains, apply=in_chain),
        Choice("flag", "标识", options=[(f, label) for f, label, _ in FLAGS],
               apply=lambda page, qs, value: qs.filter(**{value: True})),
        Choice("active", "存续", options=YES_NO, apply=flag("is_active")),
        Search(("name", "short_name", "credit_code"), placeholder="企业名称、信用代码"),
    ]

    def annotate(self, qs):
        y, n = self.period.year, self.period.month
        stat = visible(MonthlyStat.objects.filter(enterprise=OuterRef("pk"), year=y, month=n), self.request.user)
        return qs.annotate(
            above=Exists(RosterEntry.objects.filter(enterprise=OuterRef("pk"), year=y)),
            output=Subquery(stat.values("output_cum")[:1]),
            output_prev=Subquery(stat.values("output_prev_cum")[:1]),
        )

    def decorate(self, rows):
        for e in rows:
            e.park_name = e.park.name if e.park else "园区外"
            e.chain_names = "、".join(c.name for c in e.member_chains()) or "—"
            e.flags = flag_tags(e)
            e.output_growth = growth(e.output, e.output_prev)


enterprise_list = EnterpriseList.as_view()

PROFILE = ["credit_code", "short_name", "park", "zone", "industry_label", "land_area_mu",
           "legal_representative", "contact", "phone", "address", "established", "registered_capital",
           "is_active", "commissioner"]


def _series_table(series) -> list[dict]:
    """The monthly series as display strings (money in 亿元/万元, derived values marked 推算)."""
    out = []
    for row in series:
        cells = []
        for v in row["values"]:
            kind = "money" if v["unit"] == "万元" else ("int" if v["unit"] == "人" else "number")
            cells.append({"cum": show(v["cum"], kind), "prev": show(v["prev"], kind),
                          "growth": show(v["growth"], "growth"), "monthly": v["monthly"],
                          "month": show(v["month"], kind), "anomaly": v["anomaly"]})
        out.append({"label": row["label"], "cells": cells, "derivable": row["period"].month > 2})
    return out


def _mujun(region, period, enterprise) -> dict:
    year = mujun.evaluation_year(period)
    items = mujun.evaluate(region, year) if region is not None else []
    item = next((d for d in items if d["pk"] == enterprise.pk), None)
    return {"year": year, "item": item, "score": show(item["score"], "number") if item else "",
            "percentile": show(item["percentile"], "pct") if item and item["percentile"] is not None else ""}


@login_required
def enterprise_detail(request, pk):
    region = page_region(request.user)
    period, periods = page_period(request, region)
    user = request.user
    e = get_visible(request, Enterprise.objects.select_related("park", "zone", "commissioner", "region"), pk=pk)
    hidden = bool(masked(user, e))  # a department handling its ticket: no figures of the firm
    years = selectors.stat_years(e, user)
    wanted = request.GET.get("year", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else (
        period.year if period.year in years or not years else years[0])
    series = selectors.monthly_series(e, year, user)
    ctx = {
        "e": e, "period": period, "periods": periods, "year": year, "years": years,
        "profile": field_rows(e, PROFILE, user), "flags": flag_tags(e), "masked": MASK if hidden else "",
        "segments": visible(e.segments.select_related("chain"), user),
        "chains": e.member_chains(),
        "header": selectors.series_header(), "series": _series_table(series),
        "roster": visible(e.roster_entries.all(), user).order_by("-year"),
        "mujun": {} if hidden else _mujun(region, period, e),
        "tickets": visible(e.tickets.select_related("category", "department"), user).order_by("-received_date"),
        "policies": matched_policies(e, user, region, period),
        "loans": visible(e.loans.select_related("institution"), user).order_by("-date"),
        "assignments": visible(Assignment.objects.filter(enterprise=e).select_related("commissioner"), user),
        "visits": visible(Visit.objects.filter(enterprise=e).select_related("commissioner"), user)[:10],
        "projects": visible(e.projects.select_related("park"), user).order_by("code"),
        "may_edit": may_edit(user, e),
        "government": reads_figures(user),  # links to chain and figure pages (an enterprise user has none)
    }
    return render(request, "enterprises/detail.html", ctx)


class EnterpriseEdit(EditPage):
    model = Enterprise
    form_class = EnterpriseEditForm
    title = "修改企业信息"
    detail_url = "enterprises:detail"


enterprise_edit = EnterpriseEdit.as_view()
