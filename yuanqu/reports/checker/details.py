"""Parts of a figure a draft names: a row of the figure's detail.

- the figure's own breakdown, named in the claim's segment ("协调解决问题81条（用地保障10条、…）");
- a row of any figure named in the claim's sentence before it (a parcel, a project, an institution): a number
  of the claim's unit in that row, or the same statement in its text (a parcel's reason: "已满548天未动工").
  The row named last before the claim wins; among figures holding it, the one whose label the sentence
  echoes most.
"""
from __future__ import annotations

import re
from decimal import Decimal

from yuanqu.figures import format as fmt
from yuanqu.figures.detail import label as detail_label

from .claims import CLAIM_RE, Claim
from .results import AGREES, Result, agrees, figure_url, rows_of
from .rules import common
from .statements import recorded_claims, same_statement

# detail columns compared with a named part, by the claim's kind
DETAIL_UNITS = {"money": "万元", "area_mu": "亩", "area_m2": "平方米", "rate": "%", "share": "%", "pct": "%"}
SKIP_DETAIL = {"pk", "year", "month", "rank", "baseline_year", "is_main", "force_majeure", "reached"}
PART_VALUES = ("count", "amount", "area", "area_mu", "output_ytd", "above_scale_count")


def named_part(claim: Claim, fig):
    """A row of the figure's detail named in the claim's segment: (name, value, agrees) or None."""
    for item in fig.detail or []:
        names = [v for v in item.values() if isinstance(v, str) and len(v) >= 2 and v in claim.segment]
        if not names:
            continue
        values = [v for k, v in item.items() if k in PART_VALUES and isinstance(v, (int, Decimal))
                  and not isinstance(v, bool)]
        for value in values:
            if agrees(value, claim):
                return names[0], value, True
        if values:
            return names[0], values[0], False
    return None


def named_row(claim: Claim, figures, period, scope) -> Result | None:
    """A row of one of `figures` named in the claim's sentence, agreeing with it (module doc), as a Result."""
    best, best_rank = None, None
    for fig in figures:
        for item in fig.detail or []:
            names = [v for v in item.values() if isinstance(v, str) and len(v) >= 3 and v in claim.before]
            if not names:
                continue
            column = _column(item, claim, fig)
            if column is None:
                continue
            rank = (max(claim.before.rfind(n) for n in names), len(common(claim.before, fig.label)))
            if best_rank is None or rank > best_rank:
                name = item["name"] if item.get("name") in names else max(names, key=len)
                best, best_rank = (fig, name, *column), rank
    if best is None:
        return None
    fig, name, column, value, unit = best
    shown = claim.text if value is None else fmt.display(value, unit, fmt.style_for_unit(unit), claim.places)
    return Result(claim, AGREES, key=fig.key, label=fig.label, computed=value, display=shown, unit=fig.unit,
                  rows=rows_of(fig), period=period, scope=scope, url=figure_url(fig.key, period, scope),
                  explanation=f"与“{fig.label}”明细“{name}”的{column}一致：平台为{shown}")


def _column(item: dict, claim: Claim, fig) -> tuple[str, object, str] | None:
    """(column name, value, unit) of a detail row agreeing with the claim: a number of the claim's unit, or a
    text stating the same (value None)."""
    wanted = DETAIL_UNITS.get(claim.kind, fig.unit if claim.kind == "count" else None)
    for column, value in item.items():
        if isinstance(value, str) and column != "name" and _states(value, claim):
            return detail_label(fig.key, column), None, ""
        if column in SKIP_DETAIL or isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            continue
        if _detail_unit(fig, column) == wanted and agrees(value, claim):
            return detail_label(fig.key, column), value, wanted
    return None


def _states(text: str, claim: Claim) -> bool:
    return any(same_statement(claim, other) for other in recorded_claims(text)) if CLAIM_RE.search(text) else False


def _detail_unit(fig, column: str) -> str | None:
    """The unit of a detail column: from its Chinese name ("面积（亩）"), else the figure's own for
    area and count columns."""
    name = detail_label(fig.key, column)
    m = re.search(r"（(万元|亩|平方米|%|百分点)）", name)
    if m:
        return m.group(1)
    if column in ("area", "count"):
        return fig.unit
    return None
