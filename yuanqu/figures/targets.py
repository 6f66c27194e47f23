"""Target figures: one per Target row, key f"targets.{code}" (docs/figures.md "Targets").

The actual comes from the figure the target names (computed for the target's own scope) or,
for `published.CODE`, from the statistics bureau's PublishedIndicator (latest month ≤ N of the
year; never computed). Progress % = actual ÷ target × 100 and gap = target − actual (in the
figure's unit). For annual targets of this year: time progress N/12 and 双过半 status (from June
on, at least half done).
"""
from __future__ import annotations

from decimal import Decimal

from yuanqu.targets.models import PublishedIndicator, Target

from .base import HUNDRED, Figure, RowRef, ratio
from .engine import UnknownFigure, figure, memo, register
from .format import COUNT_UNITS
from .scope import Scope
from .sql import Statement, prepared
from . import selectors as sel

FACTORS = {("亿元", "万元"): Decimal(10000), ("万平方米", "平方米"): Decimal(10000), ("万亩", "亩"): Decimal(10000),
           ("万人", "人"): Decimal(10000)}
RATE_UNITS = {"%", "百分点"}


def convert(value, from_unit: str, to_unit: str) -> Decimal | None:
    """A target value in the figure's unit (亿元 → 万元 …); None when the units do not match."""
    value = Decimal(value)
    if from_unit == to_unit or (from_unit in COUNT_UNITS and to_unit in COUNT_UNITS):
        return value
    if (from_unit, to_unit) in FACTORS:
        return value * FACTORS[(from_unit, to_unit)]
    if (to_unit, from_unit) in FACTORS:
        return value / FACTORS[(to_unit, from_unit)]
    return None


def target_scope(target: Target) -> Scope:
    if target.scope_kind == Target.ScopeKind.PARK and target.park:
        return Scope.park(target.park)
    if target.scope_kind == Target.ScopeKind.CHAIN and target.chain:
        return Scope.chain(target.chain)
    if target.scope_kind == Target.ScopeKind.PARKS:
        return Scope.parks(target.region)
    return Scope.county(target.region)


def targets_of(scope):
    qs = Target.objects.filter(scope.region.within_q()).select_related("region", "park", "chain")
    if scope.kind == "parks":
        qs = qs.filter(scope_kind=Target.ScopeKind.PARKS)
    elif scope.kind == "park":
        qs = qs.filter(scope_kind=Target.ScopeKind.PARK, park=scope.park)
    elif scope.kind == "chain":
        qs = qs.filter(scope_kind=Target.ScopeKind.CHAIN, chain=scope.chain)
    return qs.order_by("year", "sort", "code")


@prepared
def published_statement(region, period) -> Statement:
    return Statement.of(PublishedIndicator.objects.filter(region=region, year=period.year, month__lte=period.month)
                        .order_by("code", "-month").values("pk", "code", "name", "value", "unit", "year", "month"))


@memo
def published(region, period) -> dict[str, dict]:
    """The latest release of each published indicator of the region for 1—M月 of the year, M ≤ N."""
    latest = {}
    for row in published_statement(region, period).dicts():
        latest.setdefault(row["code"], row)
    return latest


def _actual(target: Target, period) -> dict:
    """{value, unit, style, label, rows, note, problem} of the indicator a target names."""
    indicator = target.indicator.strip()
    if indicator.startswith("published."):
        code = indicator.split(".", 1)[1]
        row = published(target.region, period).get(code)
        if row is None:
            return {"problem": f"统计部门尚未发布{period.year}年{period.label}及以前的“{code}”数据"}
        style = "growth" if code.endswith("growth") else ""
        return {"value": row["value"], "unit": row["unit"], "style": style, "label": row["name"],
                "rows": [RowRef("targets.PublishedIndicator", [row["pk"]])],
                "note": f"统计部门发布：{row['name']}（{row['year']}年1—{row['month']}月）"}
    if indicator.startswith("targets."):
        return {"problem": f"目标不能以另一目标“{indicator}”为指标"}
    scope = target_scope(target)
    try:
        fig = figure(indicator, scope, period)
    except UnknownFigure:
        return {"problem": f"指标“{indicator}”不适用于范围“{scope.label}”或不存在"}
    return {"value": fig.value, "unit": fig.unit, "style": fig.style, "label": fig.label, "rows": fig.rows,
            "note": f"实际值取自“{fig.label}”（{indicator}，范围：{scope.label}）"}


def _time_status(target: Target, progress, period, unit: str) -> dict:
    if not target.is_annual or target.year != period.year:
        return {}
    time_pct = period.time_progress * HUNDRED
    status = {"time_progress": time_pct,
              "ahead": None if progress is None else progress - time_pct}
    if unit in RATE_UNITS:
        status["double_half"] = "不适用（比率类指标）"
    elif period.month < 6:
        status["double_half"] = "时间未过半"
    elif progress is None:
        status["double_half"] = "—"
    else:
        status["double_half"] = "实现“双过半”" if progress >= 50 else "未实现“双过半”"
    return status


def target_figure(target: Target, period) -> Figure:
    key, label = f"targets.{target.code}", f"{target.name}（{target.year}年目标）"
    actual = _actual(target, period)
    if "problem" in actual:
        return Figure(key=key, label=label, value=None, unit=target.unit, anomalies=[actual["problem"]],
                      denominator=target.value, formula="完成进度 = 实际值 ÷ 目标值 × 100")
    unit = actual["unit"]
    goal = convert(target.value, target.unit, unit)
    anomalies = [] if goal is not None else [f"目标单位“{target.unit}”与指标单位“{unit}”不一致，无法计算进度"]
    progress = ratio(actual["value"], goal)
    gap = None if goal is None or actual["value"] is None else goal - actual["value"]
    detail = {"target": goal, "target_as_set": f"{target.value.normalize():f}{target.unit}", "year": target.year,
              "progress": progress, "reached": None if progress is None else progress >= 100, "gap": gap,
              "is_annual": target.is_annual,
              "baseline": target.baseline_value, "baseline_year": target.baseline_year}
    detail.update(_time_status(target, progress, period, unit))
    note = actual["note"]
    if progress is not None:
        note += f"；目标{detail['target_as_set']}，完成进度{progress:.2f}%"
    if "double_half" in detail:
        note += f"；时间进度{detail['time_progress']:.2f}%，{detail['double_half']}"
    return Figure(key=key, label=label, value=actual["value"], unit=unit, numerator=actual["value"],
                  denominator=goal, style=actual["style"], rows=actual["rows"], detail=[detail], note=note,
                  anomalies=anomalies, formula="完成进度 = 实际值 ÷ 目标值 × 100（目标值已换算为指标单位）")


@register("targets.*")
def target_figures(scope, period):
    for target in targets_of(scope):
        yield target_figure(target, period)
