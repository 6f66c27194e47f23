"""What changed in a week (周监测), against the week before: the events of each week (stage changes,
tickets received and closed) and the monthly figures, which move only when a month's statistics
come in. The rows are listed, never summed; amounts stay the engine's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from yuanqu.core.access import visible
from yuanqu.figures import selectors as sel
from yuanqu.figures.service import DONE
from yuanqu.projects.models import Stage, StageChange

from .facts import FactBook
from .periods import Week

# the stages a week's news is about, as the sheet words them
NEWS_STAGES = ((Stage.SIGNED, "新签约"), (Stage.STARTED, "新开工"), (Stage.COMPLETED, "竣工"),
               (Stage.PRODUCTION, "投产"))


def stage_changes(scope, week: Week) -> list[StageChange]:
    return list(visible(StageChange.objects.filter(project__in=sel.projects(scope), date__gte=week.start,
                                                   date__lte=week.end)).select_related("project").order_by("date", "id"))


def tickets_received(scope, week: Week) -> list:
    return list(sel.tickets(scope).filter(received_date__gte=week.start, received_date__lte=week.end)
                .select_related("category").order_by("received_date", "code"))


def tickets_closed(scope, week: Week) -> list:
    return list(sel.tickets(scope).closed_between(week.start, week.end).filter(status__in=DONE)
                .select_related("category").order_by("resolved_date", "code"))


@dataclass
class WeekNews:
    """One week's events: stage changes by stage, tickets received and closed."""

    week: Week
    changes: list = field(default_factory=list)
    received: list = field(default_factory=list)
    closed: list = field(default_factory=list)

    @classmethod
    def of(cls, scope, week: Week) -> "WeekNews":
        return cls(week, stage_changes(scope, week), tickets_received(scope, week), tickets_closed(scope, week))

    def at_stage(self, stage) -> list:
        return [c for c in self.changes if c.stage == stage]

    def counts(self) -> list[tuple[str, str, int]]:
        """(what, unit, how many): projects reaching each news stage, tickets received and closed."""
        rows = [(f"{word}项目", "个", len({c.project_id for c in self.at_stage(stage)})) for stage, word in NEWS_STAGES]
        return rows + [("受理企业诉求", "条", len(self.received)), ("办结企业诉求", "条", len(self.closed))]

    @property
    def quiet(self) -> bool:
        return not any(n for _, _, n in self.counts())


def news_items(news: WeekNews, before: WeekNews) -> list[dict]:
    """This week's counts beside last week's, the items where either week had something."""
    return [{"what": what, "unit": unit, "n": n, "before": m}
            for (what, unit, n), (_, _, m) in zip(news.counts(), before.counts()) if n or m]


def moved_figures(book: FactBook, before: FactBook | None, keys) -> list[dict]:
    """The figures whose worded value differs from the week before (a month's statistics came in)."""
    if before is None:
        return []
    out = []
    for key in keys:
        now, then = book[key], before[key]
        if now.fig is None or now.text == then.text:
            continue
        out.append({"key": key, "label": now.label, "now": now.text, "before": then.text})
    return out
