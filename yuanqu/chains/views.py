"""Industry-chain pages: chains with their output (figure engine, Scope.chain) and the segment map."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import render

from yuanqu.core.access import visible
from yuanqu.core.lists import YES_NO, Choice, Column, ListPage, Search, flag
from yuanqu.core.pages import figure_cards, get_visible, page_period, page_region
from yuanqu.enterprises.models import Enterprise
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope
from yuanqu.projects.models import Lead, Project

from .models import Chain, ChainSegment

CHAIN_KEYS = ["chain.output_ytd", "chain.output_growth", "chain.above_scale_count"]


class ChainList(ListPage):
    model = Chain
    title = "产业链"
    region_path = "region"
    detail_url = "chains:detail"
    uses_period = True
    select_related = ("region", "owner", "lead_department")
    intro = "产值为链上规上企业（同一企业挂接多个环节只计一次）的1—N月累计值，由指标引擎计算。"
    columns = [
        Column("name", link=True),
        Column("is_main", "主特产业"),
        Column("leader_name"),
        Column("owner"),
        Column("lead_department"),
        Column("segment_count", "环节数", kind="int"),
        Column("firms", "规上企业（户）", kind="int", sort="python"),
        Column("output", "规上工业总产值（{period}）", kind="money", sort="python"),
        Column("output_growth", "同比", kind="growth", sort="python"),
        Column("target_output", "产值目标", kind="money"),
        Column("target_year"),
    ]
    filters = [
        Choice("main", "主特产业", options=YES_NO, apply=flag("is_main")),
        Search(("name", "code", "leader_name"), placeholder="产业链、链长"),
    ]

    def annotate(self, qs):
        return qs.annotate(segment_count=Count("segments"))

    def decorate(self, rows):
        for chain in rows:
            figs = compute(Scope.chain(chain), self.period, keys=CHAIN_KEYS)
            chain.output = figs["chain.output_ytd"].value
            chain.output_growth = figs["chain.output_growth"].value
            chain.firms = figs["chain.above_scale_count"].value


chain_list = ChainList.as_view()


@login_required
def chain_detail(request, pk):
    region = page_region(request.user)
    period, periods = page_period(request, region)
    user = request.user
    chain = get_visible(request, Chain.objects.select_related("region", "owner", "lead_department"), pk=pk)
    scope = Scope.chain(chain)
    figs = compute(scope, period, keys=[*CHAIN_KEYS, "chains.gaps"])
    gaps = figs["chains.gaps"]
    gap_ids = set(gaps.rows[0].ids) if gaps.rows else set()
    segments = visible(chain.segments.all(), user).prefetch_related(
        Prefetch("enterprises", queryset=visible(Enterprise.objects.select_related("park"), user).order_by("name")),
        Prefetch("projects", queryset=visible(Project.objects.select_related("park"), user).order_by("code")),
        Prefetch("leads", queryset=visible(Lead.objects.all(), user).order_by("-found_date", "name")),
    ).order_by("sort", "code")
    by_position = {value: [] for value, _ in ChainSegment.Position.choices}
    for s in segments:
        s.is_gap = s.pk in gap_ids
        by_position.setdefault(s.position, []).append(s)
    columns = [{"label": label, "segments": by_position[value]} for value, label in ChainSegment.Position.choices]
    ctx = {
        "chain": chain, "period": period, "periods": periods, "scope": scope, "columns": columns,
        "cards": figure_cards(figs, [*CHAIN_KEYS, ("chains.gaps", "空白环节（补链方向）")], scope, period),
        "gap_count": len(gap_ids),
    }
    return render(request, "chains/detail.html", ctx)
