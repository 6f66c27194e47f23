"""Industry-chain figures (链长制, DOMAIN §11; docs/figures.md "Industry").

chain.* = the industry figures over S(chain) (firms linked to any segment of the chain, each once);
chains.main_* = over the distinct firms linked to any main (主特) chain. Per-chain values come
from one statement grouped by chain over distinct (firm, chain) pairs, so a firm on two segments
of a chain counts once in that chain.
"""
from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, Subquery

from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.projects.models import Lead

from .base import Figure, RowRef, growth, or_zero
from .engine import memo, register
from .industry import (BY_STEM, count_figure, growth_figure, output_select, per_chain_totals, roster_totals,
                       stat_rows, ytd_figure)
from .scope import Scope
from .rules import rule
from .sql import Statement, prepared
from . import selectors as sel


@prepared
def chain_list(scope) -> Statement:
    return Statement.of(sel.chains(scope).order_by("sort", "code").values("pk", "code", "name", "is_main"))


@memo
def per_chain(scope, period) -> list[dict]:
    """Every chain of the region with its roster output and growth (one grouped query)."""
    totals = per_chain_totals(scope, period)
    out = []
    for chain in chain_list(scope).dicts():
        row = totals.get(chain["pk"], {})
        out.append({"chain": chain["code"], "name": chain["name"], "is_main": chain["is_main"],
                    "above_scale_count": row.get("firms", 0), "output_ytd": or_zero(row.get("output")),
                    "output_growth": growth(row.get("output_base_cur"), row.get("output_base_prev"))})
    return out


def chain_totals(scope, period):
    """A chain's roster output sums: its row of the region's per-chain statement (memoised, so the
    chains of one computation share one statement), or the sums over no firms."""
    row = per_chain_totals(Scope.county(scope.region), period).get(scope.chain.pk)
    return row if row is not None else output_select(period).empty()


@register("chain.above_scale_count", "chain.output_ytd", "chain.output_growth", scopes=("chain",))
def chain_figures(scope, period):
    totals, rows, output = chain_totals(scope, period), [stat_rows(scope, period)], BY_STEM["output"]
    name = scope.chain.name
    yield count_figure("chain.above_scale_count", f"{name}规上企业户数", totals, scope, period)
    yield ytd_figure(output, totals, period, rows, key="chain.output_ytd", scope=scope,
                     label=f"{name}规上工业总产值（{period.label}累计）")
    yield growth_figure(output, totals, period, rows, key="chain.output_growth",
                        label=f"{name}规上工业总产值同比增速（{period.label}）")


@register("chains.main_above_scale_count", "chains.main_output_ytd", "chains.main_output_growth",
          "chains.hundred_billion_count", scopes=("county", "parks"))
def main_chain_figures(scope, period):
    totals, output = roster_totals(scope, period, "main"), BY_STEM["output"]
    rows = [stat_rows(scope, period, "main")]
    chains = per_chain(scope, period)
    main = [c for c in chains if c["is_main"]]
    names = "、".join(c["name"] for c in main) or "（未设主特产业链）"
    yield count_figure("chains.main_above_scale_count", "主特产业规上企业户数", totals, scope, period, "main")
    main_ytd = ytd_figure(output, totals, period, rows, key="chains.main_output_ytd", scope=scope,
                          label=f"主特产业集群总产值（{period.label}累计）")
    main_ytd.detail, main_ytd.note = main, f"主特产业链：{names}；同一企业属多条链的只计一次" + (
        f"；{main_ytd.note}" if main_ytd.note else "")
    yield main_ytd
    yield growth_figure(output, totals, period, rows, key="chains.main_output_growth",
                        label=f"主特产业集群总产值同比增速（{period.label}）")
    threshold = rule("hundred_billion_chain_output_wan")
    big = [c for c in chains if c["output_ytd"] >= threshold]
    yield Figure(key="chains.hundred_billion_count", label="百亿级产业集群个数", value=len(big), unit="个",
                 detail=chains,
                 rows=[RowRef.lazy(Chain, lambda: sel.chains(scope).filter(code__in=[c["chain"] for c in big]))],
                 formula=f"{period.label}累计规上工业总产值不低于{threshold / 10000:g}亿元的产业链个数",
                 note="按本年1—N月累计产值判断，全年产值达标前不计入")


@prepared
def gap_statement(scope) -> Statement:
    leads = Lead.objects.filter(segment=OuterRef("pk")).order_by().values("segment").annotate(n=Count("pk")).values("n")
    return Statement.of(sel.segments(scope).annotate(
        firms=Count("enterprises", filter=Q(enterprises__is_active=True)),
        lead_count=Subquery(leads[:1]),
    ).filter(firms=0).order_by("chain__sort", "chain__code", "sort", "code").values(
        "pk", "name", "position", "lead_count", chain_name=F("chain__name")))


@register("chains.gaps", scopes=("county", "chain"))
def chain_gap_figures(scope, period):
    found = gap_statement(scope).dicts()
    positions = dict(ChainSegment.Position.choices)
    detail = [{"chain": s["chain_name"], "position": positions.get(s["position"], s["position"]),
               "segment": s["name"], "leads": s["lead_count"] or 0} for s in found]
    yield Figure(key="chains.gaps", label="产业链空白环节数（补链方向）", value=len(detail), unit="个", detail=detail,
                 rows=[RowRef("chains.ChainSegment", sorted(s["pk"] for s in found))],
                 formula="尚无存续企业挂接的产业链环节个数，明细列出各环节已有招商线索数")
