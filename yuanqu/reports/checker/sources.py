"""What a draft is checked against: the figures of a scope and period (each figure set computed once), the
periods with statistics, the parks and chains a draft may name, the targets set, the chains' output targets,
the goals and tasks of the 攻坚行动 (recorded plans, and facts once a task is done), and the statistics
bureau's releases (never computed)."""
from __future__ import annotations

from dataclasses import dataclass

from yuanqu.core.access import visible
from yuanqu.core.periods import Period
from yuanqu.figures.engine import UnknownFigure, compute


@dataclass(frozen=True)
class Record:
    """A plan or fact written down in the platform: an action's goal or a task's title."""
    text: str
    source: str  # how the explanation names it: 攻坚行动“…”的目标 / 任务“…”
    done: bool
    url: str


class Sources:
    def __init__(self, scope):
        self.scope = scope
        self._sets: dict[tuple, object] = {}
        self._periods = None
        self._entities = None
        self._records = None
        self._chains = None

    def figures(self, period: Period, scope=None):
        scope = scope or self.scope
        if (scope, period) not in self._sets:
            self._sets[(scope, period)] = compute(scope, period)
        return self._sets[(scope, period)]

    def figure(self, key: str, period: Period, scope=None):
        try:
            return self.figures(period, scope)[key]
        except UnknownFigure:
            return None

    def data_periods(self) -> list[Period]:
        """Periods with statistics in the scope's region, newest first."""
        if self._periods is None:
            from yuanqu.cockpit.selectors import periods

            self._periods = periods(None, self.scope.region)
        return self._periods

    def has_data(self, period: Period) -> bool:
        return period in self.data_periods()

    def latest(self, month: int | None = None) -> Period | None:
        """The newest period with statistics (of that month, when given)."""
        return next((p for p in self.data_periods() if month is None or p.month == month), None)

    def entities(self) -> list[tuple[str, object]]:
        """(name, Scope) of the region's parks (name and short name) and chains, longest names first."""
        if self._entities is None:
            from yuanqu.chains.models import Chain
            from yuanqu.figures.scope import Scope
            from yuanqu.org.models import Park

            found = []
            if self.scope.kind in ("county", "parks"):
                for park in visible(Park.objects.filter(region=self.scope.region)):
                    for name in {park.name, park.short_name}:
                        if name and len(name) >= 2:
                            found.append((name, Scope.park(park)))
                for chain in visible(Chain.objects.filter(region=self.scope.region)):
                    if len(chain.name) >= 2:
                        found.append((chain.name, Scope.chain(chain)))
            self._entities = sorted(found, key=lambda e: -len(e[0]))
        return self._entities

    def targets(self, period: Period, scope=None) -> list:
        """(Target row, its figure at the period) for the targets of the scope."""
        from yuanqu.targets.models import Target

        figs = [f for f in self.figures(period, scope).figures() if f.key.startswith("targets.")]
        codes = {f.key.split(".", 1)[1]: f for f in figs}
        rows = visible(Target.objects.filter(code__in=list(codes)).select_related("park", "chain"))
        return [(t, codes[t.code]) for t in rows]

    def chain_targets(self) -> dict:
        """chain pk → (output target in 万元, its year) for the chains that have one."""
        if self._chains is None:
            from yuanqu.chains.models import Chain

            rows = visible(Chain.objects.filter(region=self.scope.region, target_output__isnull=False))
            self._chains = {c.pk: (c.target_output, c.target_year) for c in rows}
        return self._chains

    def records(self) -> list[Record]:
        """The goals of the region's 攻坚行动 and their tasks' titles."""
        if self._records is None:
            from django.urls import reverse

            from yuanqu.targets.models import Action, Task

            found = []
            for action in visible(Action.objects.filter(region=self.scope.region)):
                if action.goal:
                    found.append(Record(action.goal, f"攻坚行动“{action.name}”的目标", False,
                                        reverse("targets:action", args=[action.pk])))
            for task in visible(Task.objects.filter(action__region=self.scope.region).select_related("action")):
                found.append(Record(task.title, f"“{task.action.name}”的任务“{task.title}”",
                                    task.status == Task.Status.DONE, reverse("targets:action", args=[task.action_id])))
            self._records = found
        return self._records

    def published(self, code: str, period: Period) -> dict | None:
        """The bureau's latest release of an indicator for 1—M月 of the year, M ≤ N."""
        from yuanqu.figures.targets import published

        return published(self.scope.region, period).get(code)
