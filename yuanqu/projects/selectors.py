"""Reads for one project's page: plan against monthly progress, and its key-project light."""
from __future__ import annotations

from yuanqu.core.periods import Period
from yuanqu.figures.base import HUNDRED, ratio
from yuanqu.figures.engine import figure
from yuanqu.figures.projects import KEY_LEVELS, LIGHTS, traffic_light
from yuanqu.figures.scope import Scope

from .models import Stage

KEY_STEMS = {level: stem for stem, level, _ in KEY_LEVELS}


def first_start(history) -> object:
    """The date of the project's first 开工 change (history: its StageChange rows)."""
    dates = [c.date for c in history if c.stage == Stage.STARTED]
    return min(dates) if dates else None


def progress_rows(project, plan, progress, history, year: int) -> list[dict]:
    """One row per reported month: completion of the annual plan, deviation from time progress (N/12)
    and the traffic light by the engine's rule (yellow 10—30 behind, red > 30 or start 3 months late).
    The figures of one project: nothing is summed across projects."""
    started_on = first_start(history)
    planned = plan.planned_investment if plan is not None else None
    rows = []
    for p in progress:
        period = Period(year, p.month)
        completion = ratio(p.completed_investment_cum, planned)
        time_pct = period.time_progress * HUNDRED
        deviation = None if completion is None else completion - time_pct
        light, reason = ("", "")
        if plan is not None:
            light, reason = traffic_light(deviation, project.planned_start,
                                          started_on is not None and started_on <= period.end, period)
        quarter_target = (plan.quarter_targets or {}).get(str(period.quarter)) if plan is not None else None
        rows.append({"progress": p, "label": period.label, "completion": completion, "time_progress": time_pct,
                     "deviation": deviation, "light": light, "light_label": LIGHTS.get(light, ""),
                     "reason": reason, "quarter_target": quarter_target,
                     "quarter_end": period.month % 3 == 0})
    return rows


def key_status(project, period) -> dict | None:
    """The project's row in the engine's key-project detail for `period` (completion, deviation, light)."""
    stem = KEY_STEMS.get(project.key_level)
    if not stem:
        return None
    fig = figure(f"projects.key_{stem}.progress_deviation", Scope.county(project.region), period)
    return next((d for d in fig.detail if d["project"] == project.code), None)
