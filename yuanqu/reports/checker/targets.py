"""Plans and targets.

A claim that plans ("力争…", "预计到20xx年…", "目标为X", "…前完成") is never compared with this year's actual.
It is compared with what the platform records: the targets set (targets.Target, found by the indicator the
claim speaks of or by the target's name in its context; the chains' output targets) and the goals and tasks
of the 攻坚行动. The same number agrees; a different number for a target of the year the claim names differs;
otherwise the claim is reported as 目标/计划, with the targets recorded for that indicator and its actual.

A claim measured against a target — progress ("完成目标的17.69%"), gap ("距2025年目标还差40户"), points
("高于目标1.3个百分点") — is computed from the target and its actual.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt

from .claims import Claim
from .matching import Checker
from .results import AGREES, DIFFERS, NO_DATA, NOT_FOUND, PLAN, Result, agrees, figure_url, rows_of, same_number
from .statements import recorded_claims, same_statement

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Goal:
    """A recorded target: its value in the figure's unit, year, how to name it, and its target figure."""
    value: Decimal
    year: int | None
    name: str
    fig: object = None  # the targets.* figure (value: the actual; detail: progress)
    url: str = ""


def against_target(claim: Claim) -> bool:
    """Whether the claim is measured against a target (progress, gap, points above or below it)."""
    return claim.aspect in ("progress", "gap") or (claim.kind == "points" and "目标" in claim.basis)


def goals(checker: Checker, claim: Claim, key: str | None, scope, period: Period) -> list[Goal]:
    """The targets set for the indicator the claim speaks of, or named in its context."""
    found = []
    scopes = [checker.scope] + ([scope] if scope is not None and scope != checker.scope else [])
    for s in scopes:
        for target, fig in checker.src.targets(period, s):
            indicator = target.indicator.strip()
            same = key and (indicator == key or key == "projects.start_rate" and indicator.startswith(key))
            if not same and target.name not in claim.context:
                continue
            if fig.denominator is None:
                continue
            value = Decimal(fig.denominator)
            shown = fmt.money(value) if fig.unit == "万元" else f"{target.value.normalize():f}{target.unit}"
            found.append(Goal(value, target.year, f"{target.year}年{target.name}目标{shown}", fig,
                              figure_url(fig.key, period, s)))
    if scope is not None and scope.kind == "chain" and key in ("chain.output_ytd", None):
        value, year = checker.src.chain_targets().get(scope.chain.pk, (None, None))
        if value is not None:
            found.append(Goal(Decimal(value), year, f"{scope.chain.name}产业链{year or ''}年产值目标{fmt.money(value)}",
                              url=figure_url("chain.output_ytd", period, scope)))
    return list({g.name: g for g in found}.values())


def check_plan(checker: Checker, claim: Claim, period: Period) -> Result:
    found = checker.locate(claim)
    key, scope = found if found else (None, checker.entity(claim) or checker.scope)
    if key and key.startswith("rankings."):
        return Result(claim, PLAN, key=key, period=period, explanation="表述为目标或计划（排名类），不与实际比对")
    candidates = goals(checker, claim, key, scope, period)
    for goal in candidates:
        if same_number(goal.value, claim):
            return _result(claim, AGREES, goal, period, scope, f"表述为目标，与平台设定的{goal.name}一致")
    for record in checker.src.records():
        if any(same_statement(claim, other) for other in recorded_claims(record.text)):
            return Result(claim, AGREES, target=True, period=period, scope=scope, label=record.source,
                          display=claim.text, url=record.url, explanation=f"表述为计划，与平台记录的{record.source}一致")
    year_goals = [g for g in candidates if claim.target_year and g.year == claim.target_year]
    if year_goals:
        goal = year_goals[0]
        return _result(claim, DIFFERS, goal, period, scope,
                       f"表述为{claim.target_year}年目标，与平台设定的{goal.name}不一致，材料写作“{claim.text}”")
    actual = checker.src.figure(key, period, scope) if key and not key.startswith(("published.", "projects.start")) \
        else None
    if candidates:
        shown = "、".join(g.name for g in candidates)
        return _plan(claim, key, scope, period, actual, f"平台设定的同类目标为{shown}，数值不同，请核对",
                     url=candidates[0].url)
    hints = checker.similar_records(claim, same=False)
    if key is None:
        return Result(claim, PLAN if hints else NOT_FOUND, period=period, scope=scope, hints=hints, target=True,
                      explanation="表述为目标或计划，不与实际比对；未找到对应的平台指标或目标")
    return _plan(claim, key, scope, period, actual, "平台未设定对应目标", hints=hints)


def _plan(claim: Claim, key: str, scope, period: Period, actual, text: str, url: str = "", hints=()) -> Result:
    """A plan reported as such: what the platform has on it, and the indicator's actual for reference."""
    known = actual is not None and actual.value is not None
    now = f"；当前实际为{actual.display()}（{actual.label}）" if known else ""
    return Result(claim, PLAN, key=key or "", period=period, scope=scope, target=True, hints=list(hints),
                  label=actual.label if actual is not None else "",
                  url=figure_url(actual.key, period, scope) if actual is not None else url,
                  explanation=f"表述为目标或计划，不与实际比对；{text}{now}")


def _result(claim: Claim, status: str, goal: Goal, period: Period, scope, text: str) -> Result:
    fig = goal.fig
    shown = fmt.display(goal.value, fig.unit, fig.style, fig.places) if fig is not None else fmt.money(goal.value)
    now = f"；当前实际为{fig.display()}" if fig is not None and fig.value is not None else ""
    return Result(claim, status, key=fig.key if fig is not None else "chain.output_ytd",
                  label=fig.label if fig is not None else goal.name, computed=goal.value, display=shown,
                  unit=fig.unit if fig is not None else "万元", rows=rows_of(fig) if fig is not None else [],
                  target=True, period=period, scope=scope, url=goal.url, explanation=text + now)


def check_against_target(checker: Checker, claim: Claim, period: Period) -> Result:
    """Progress, gap or points against a target (module doc); the target is named anywhere before it in its
    sentence ("园区规上工业企业现有90户，距2025年目标还差40户")."""
    claim = dataclasses.replace(claim, clause=claim.before + claim.text)
    found = checker.locate(claim)
    key, scope = found if found else (None, checker.entity(claim) or checker.scope)
    candidates = [g for g in goals(checker, claim, key, scope, period) if g.fig is not None]
    if claim.target_year:
        candidates = [g for g in candidates if g.year == claim.target_year] or candidates
    if not candidates:
        return Result(claim, NOT_FOUND, key=key or "", period=period, scope=scope,
                      explanation="与目标比较的表述，未找到平台设定的对应目标")
    results = [_against(claim, g, period, scope) for g in candidates]
    return next((r for r in results if r.status == AGREES), results[0])


def _against(claim: Claim, goal: Goal, period: Period, scope) -> Result:
    fig = goal.fig
    if fig.value is None:
        return Result(claim, NO_DATA, key=fig.key, label=fig.label, period=period, scope=scope, url=goal.url,
                      explanation=f"平台无该期数据：{goal.name}尚无实际值（{'；'.join(fig.anomalies) or fig.note}）")
    actual = Decimal(fig.value)
    if claim.aspect == "progress":
        value, what = actual / goal.value * HUNDRED, "完成进度"
        shown = f"{fmt.fixed(value, max(claim.places, 2))}%"
    elif claim.aspect == "gap":
        value, what = goal.value - actual, "距目标差额"
        shown = fmt.display(value, fig.unit, fig.style, fig.places) if fig.style not in ("growth", "share") \
            else f"{fmt.trimmed(value, 2)}{'个百分点' if fig.unit == '%' else fig.unit}"
    else:
        value, what = actual - goal.value, "与目标之差"
        shown = f"{fmt.fixed(value, max(claim.places, 1))}个百分点"
    ok = agrees(value, claim)
    text = (f"{what}与{goal.name}{'一致' if ok else '不一致'}：实际{fig.display()}，平台计算为{shown}"
            + ("" if ok else f"，材料写作“{claim.text}”"))
    return Result(claim, AGREES if ok else DIFFERS, key=fig.key, label=fig.label, computed=value, display=shown,
                  unit=fig.unit, rows=rows_of(fig), period=period, scope=scope, url=goal.url, explanation=text)
