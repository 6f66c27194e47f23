"""The cockpit (驾驶舱) and the figure explanations. Thin: every number comes from the figure engine."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from yuanqu.core.access import NoCounty
from yuanqu.core.periods import Period
from yuanqu.figures.detail import table as detail_table
from yuanqu.figures.engine import UnknownFigure, compute, figure
from yuanqu.figures.scope import Scope, ScopeError
from yuanqu.org.selectors import county_for

from . import panels, selectors


def _context(request):
    """Period and scope from the query string (defaults: the newest period, the user's whole county)."""
    try:
        region = county_for(request.user)
    except NoCounty as exc:
        raise Http404(str(exc)) from exc
    periods = selectors.periods(request.user, region)
    try:
        period = Period.parse(request.GET["period"]) if request.GET.get("period") else (periods[0] if periods else None)
        scope = Scope.parse(request.GET.get("scope") or "county", region=region)
    except (ValueError, ScopeError) as exc:
        raise Http404(str(exc)) from exc
    if period is None:
        raise Http404("尚无统计数据：请先导入月度统计或生成示例数据")
    return {
        "region": region, "period": period, "scope": scope, "periods": periods,
        "scope_choices": selectors.scope_choices(request.user, region),
        "query": f"period={period}&scope={scope.text}",
    }


@login_required
def dashboard(request):
    ctx = _context(request)
    figures = compute(ctx["scope"], ctx["period"], keys=panels.needed_keys(ctx["scope"]))
    ctx.update(
        cards=panels.cards(figures, ctx["query"], selectors.target_codes(request.user, ctx["region"])),
        charts=panels.charts(figures, ctx["scope"], ctx["period"], request.user),
        lists=panels.lists(figures),
        alerts=panels.alerts(figures),
    )
    return render(request, "cockpit/dashboard.html", ctx)


@login_required
def figures_index(request):
    ctx = _context(request)
    ctx["figures"] = compute(ctx["scope"], ctx["period"]).figures()
    return render(request, "cockpit/figures.html", ctx)


@login_required
def explain(request, key):
    ctx = _context(request)
    try:
        fig = figure(key, ctx["scope"], ctx["period"])
    except UnknownFigure as exc:
        raise Http404(str(exc)) from exc
    ctx.update(fig=fig, detail=detail_table(fig.key, fig.detail), rows=panels.row_refs(fig))
    template = "cockpit/_explain.html" if request.headers.get("HX-Request") else "cockpit/explain.html"
    return render(request, template, ctx)
