"""Quarterly review (季盘点) rankings of projects (DOMAIN §11, one published rule: Mianyang).

For quarter q of year Y, a project with an AnnualPlan(Y) is measured by its cumulative completed
investment at the quarter's end (Progress(Y, 3q)) against the plan's cumulative quarterly target
`quarter_targets[q]`; score = actual ÷ target × 100.

- 红榜: exceeded the target and in the top `red_list_top` by score;
- 黑榜: missed the target and in the bottom `black_list_bottom` by score; force majeure exempt;
- 骏马: exceeded the target by ≥ `steed_exceed_share` of it and by ≥ `steed_exceed_wan` 万元;
- 蜗牛: planned to start this year, planned start on or before the quarter's end, not started by
  then; or a continuing project (续建) that missed its quarterly target.
The figures for period (Y, N) rank the latest quarter ended by N (none before the end of March).
"""
from __future__ import annotations

from decimal import Decimal

from django.db.models import F, FilteredRelation, Q

from .base import Figure, RowRef, dec, or_zero, ratio
from .engine import memo, register
from .projects import started_by
from .rules import decimal_rule, quarter_end, rule
from .sql import Statement, prepared
from . import format as fmt
from . import selectors as sel

LISTS = (
    ("red_list", "季度红榜项目", "超额完成季度投资目标且得分居前{top}名的项目"),
    ("black_list", "季度黑榜项目", "未完成季度投资目标且得分居后{bottom}名的项目（不可抗力豁免）"),
    ("steed", "季度骏马项目", "超季度投资目标{share}%以上且超额不少于{wan}万元的项目"),
    ("snail", "季度蜗牛项目", "未按期开工的计划开工项目，或未完成季度投资目标的续建项目"),
)


def _target(quarter_targets, quarter) -> Decimal | None:
    raw = (quarter_targets or {}).get(str(quarter), (quarter_targets or {}).get(quarter))
    return None if raw in (None, "") else dec(raw)


@prepared
def planned_projects(scope, year: int, quarter: int) -> Statement:
    """Projects with a plan for the year: plan, progress at the quarter's end, started by then."""
    end = quarter_end(year, quarter)
    return Statement.of(sel.projects(scope).annotate(
        plan=FilteredRelation("plans", condition=Q(plans__year=year)),
        prog=FilteredRelation("progress", condition=Q(progress__year=year, progress__month=quarter * 3)),
        started=started_by(end),
    ).filter(plan__isnull=False).values(
        "pk", "code", "name", "planned_start", "is_force_majeure", "started",
        targets=F("plan__quarter_targets"), continuing=F("plan__is_continuing"), plan_start=F("plan__plan_start"),
        actual=F("prog__completed_investment_cum"),
    ).order_by("code"))


@memo
def evaluate(scope, year: int, quarter: int) -> dict[str, list[dict]]:
    """The four lists for one quarter; each item is a project with its actual, target and score."""
    end = quarter_end(year, quarter)
    rows = planned_projects(scope, year, quarter).dicts()
    share, wan = decimal_rule("steed_exceed_share"), decimal_rule("steed_exceed_wan")
    ranked, steed, snail = [], [], []
    for row in rows:
        actual, target = or_zero(row["actual"]), _target(row["targets"], quarter)
        item = {"pk": row["pk"], "project": row["code"], "name": row["name"], "actual": actual, "target": target,
                "score": ratio(actual, target), "force_majeure": row["is_force_majeure"], "reason": ""}
        if item["score"] is not None:
            ranked.append(item)
            if actual - target >= target * share and actual - target >= wan:
                steed.append(dict(item, reason=f"超目标{fmt.wan(actual - target)}（{fmt.pct(ratio(actual - target, target))}）"))
        late = (row["plan_start"] and not row["started"] and row["planned_start"] is not None
                and row["planned_start"] <= end)
        if late:
            snail.append(dict(item, reason=f"计划{fmt.cn_date(row['planned_start'], year)}开工，"
                                           f"截至{fmt.cn_date(end, year)}未开工"))
        elif row["continuing"] and target is not None and actual < target:
            snail.append(dict(item, reason=f"续建项目未完成季度目标（完成{fmt.wan(actual)}，目标{fmt.wan(target)}）"))
    ranked.sort(key=lambda d: (-d["score"], d["project"]))
    top, bottom = rule("red_list_top"), rule("black_list_bottom")
    red = [dict(d, rank=i + 1) for i, d in enumerate(ranked[:top]) if d["actual"] > d["target"]]
    eligible = [d for d in ranked if not d["force_majeure"]]
    black = [d for d in eligible[-bottom:] if d["actual"] < d["target"]] if bottom else []
    return {"red_list": red, "black_list": black, "steed": steed, "snail": snail}


def latest_quarter(period) -> int:
    return period.month // 3


@register(*[f"rankings.{stem}" for stem, _, _ in LISTS])
def ranking_figures(scope, period):
    quarter = latest_quarter(period)
    words = {"top": rule("red_list_top"), "bottom": rule("black_list_bottom"),
             "share": fmt.trimmed(decimal_rule("steed_exceed_share") * 100), "wan": rule("steed_exceed_wan")}
    lists = evaluate(scope, period.year, quarter) if quarter else {}
    for stem, label, formula in LISTS:
        items = lists.get(stem)
        yield Figure(
            key=f"rankings.{stem}", label=f"{period.year}年{'一二三四'[quarter - 1]}季度{label[2:]}" if quarter
            else label, value=None if items is None else len(items), unit="个", detail=items or [],
            formula=formula.format(**words) + "；得分 = 季末累计完成投资 ÷ 季度累计计划投资 × 100",
            note="一季度尚未结束，无季度排名" if items is None else f"按{period.year}年第{quarter}季度盘点",
            rows=[RowRef("projects.Project", sorted(d["pk"] for d in items))] if items else [],
        )
