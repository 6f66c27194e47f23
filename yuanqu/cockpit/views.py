"""The cockpit (驾驶舱) and the figure explanations. Thin: every number comes from the figure engine.

For the roles that read the region's figures (access.reads_figures); what a figure's detail, anomaly
notes and source rows name is kept to the rows the user may read (figures.detail.for_user). An
enterprise user lands on their own enterprise's page instead.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from yuanqu.core.access import ENTERPRISE, NoCounty, reads_figures, role_of
from yuanqu.core.periods import Period
from yuanqu.figures.detail import for_user
from yuanqu.figures.detail import table as detail_table
from yuanqu.figures.engine import UnknownFigure, compute, figure
from yuanqu.figures.scope import Scope, ScopeError
from yuanqu.org.selectors import county_for

from . import panels, selectors


NOT_FOR_YOU = "驾驶舱和指标说明页面供政府部门用户查看"


def _context(request):
    """Period and scope from the query string (defaults: the newest period, the user's whole county)."""
    if not reads_figures(request.user):
        raise PermissionDenied(NOT_FOR_YOU)
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
    if role_of(request.user) == ENTERPRISE and request.user.enterprise_id and not request.user.is_superuser:
        return redirect("enterprises:detail", request.user.enterprise_id)
    ctx = _context(request)
    figures = compute(ctx["scope"], ctx["period"], keys=panels.needed_keys(ctx["scope"]))
    readable = {key: for_user(figures[key], request.user) for key in figures}  # what lists and alerts name
    ctx.update(
        cards=panels.cards(figures, ctx["query"], selectors.target_codes(request.user, ctx["region"])),
        charts=panels.charts(figures, ctx["scope"], ctx["period"], request.user),
        lists=panels.lists(readable),
        alerts=panels.alerts(readable),
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
    fig = for_user(fig, request.user)
    ctx.update(fig=fig, detail=detail_table(fig.key, fig.detail), rows=panels.row_refs(fig, request.user))
    template = "cockpit/_explain.html" if request.headers.get("HX-Request") else "cockpit/explain.html"
    return render(request, template, ctx)
