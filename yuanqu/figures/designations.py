"""Designations made by other bodies (the city's 骏马项目, a province's 红榜 …), as recorded in
`projects.Designation` with their source: counted, never computed (docs/figures.md "Designations").

For period (Y, N) the figures count the designations of the latest quarter ended by N (as the
county's own rankings do): projects of the scope designated that quarter; a designation of the
county as a whole (no project) is in the detail of the county's figure, not in the count.
"""
from __future__ import annotations

from django.db.models import F, Q

from yuanqu.core.access import visible
from yuanqu.projects.models import Designation

from .base import Figure, RowRef
from .engine import register
from .rankings import latest_quarter
from .sql import Statement, prepared
from . import selectors as sel

KINDS = tuple((kind.value, kind.label) for kind in Designation.Kind)


def designations(scope, year: int, quarter: int):
    """Designations of the quarter whose project is in the scope (and, for the county, of the county itself)."""
    in_scope = Q(project__in=sel.projects(scope).values("pk"))
    if scope.kind == "county":
        in_scope |= Q(project__isnull=True) & scope.region.within_q("region")
    return visible(Designation.objects.for_quarter(year, quarter)).filter(in_scope)


@prepared
def designation_statement(scope, year: int, quarter: int) -> Statement:
    return Statement.of(designations(scope, year, quarter).values(
        "pk", "kind", "level", "issuer", "document", "published_date", "project_id",
        project_code=F("project__code"), project_name=F("project__name"),
        investment=F("project__total_investment"), region_name=F("region__name"),
    ).order_by("kind", "level", "-investment", "project_code", "pk"))


@register(*[f"designations.{kind}" for kind, _ in KINDS])
def designation_figures(scope, period):
    quarter = latest_quarter(period)
    rows = designation_statement(scope, period.year, quarter).dicts() if quarter else []
    levels = dict(Designation.Level.choices)
    for kind, word in KINDS:
        items = [{
            "pk": r["pk"], "project": r["project_code"], "name": r["project_name"] or r["region_name"],
            "is_project": r["project_id"] is not None, "level": r["level"], "level_label": levels[r["level"]],
            "issuer": r["issuer"], "document": r["document"], "published_date": r["published_date"],
        } for r in rows if r["kind"] == kind]
        projects = [d for d in items if d["is_project"]]
        sources = sorted({f"{d['issuer']}{'《' + d['document'] + '》' if d['document'] else ''}" for d in items})
        yield Figure(
            key=f"designations.{kind}", unit="个", detail=items,
            label=(f"{period.year}年{'一二三四'[quarter - 1]}季度上级评定的{word}" if quarter else f"上级评定的{word}"),
            value=len(projects) if quarter else None,
            formula=f"记录的上级评定（{word}）中本范围的项目个数：按发布单位的通报录入，平台不计算",
            note=("一季度尚未结束，无季度评定" if not quarter
                  else "来源：" + "；".join(sources) if sources else f"{period.year}年第{quarter}季度未录入评定"),
            rows=[RowRef("projects.Designation", sorted(d["pk"] for d in items))] if items else [],
        )
