"""Figures as the wording templates see them: display strings, never raw arithmetic.

A `Fact` wraps one engine `Figure`: `str(fact)` is the figure's own display ("83.98亿元",
"增长17.1%", "高于时间进度28.83个百分点"); `fact.ok` says whether there is a value at all, so a
template can leave a sentence out (or say the figure is missing) instead of printing a made-up
number. A `FactBook` hands out the facts of one scope and period, computed lazily by the engine
within one session (each figure group runs once).

Nothing here sums: amounts come from the engine; the only rows read directly are names (project
names behind a count, in the order of their investment) and plain attributes of rows the engine
pointed to.
"""
from __future__ import annotations

from functools import cached_property

from yuanqu.core.access import visible
from yuanqu.figures import format as fmt
from yuanqu.figures.base import Figure
from yuanqu.figures.engine import FigureSet, UnknownFigure, compute

PROJECT_SUFFIXES = ("建设项目", "项目")


def short_project_name(name: str) -> str:
    """"臻秦食品精深加工项目" → "臻秦食品精深加工" (the sample lists names before "等N个项目")."""
    for suffix in PROJECT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def join_names(names, limit: int | None = None) -> str:
    names = [n for n in names if n]
    return "、".join(names[:limit] if limit else names)


def etc(names, limit: int | None = None, total: int | None = None) -> str:
    """"等" when a list of names stops short of everything counted: more than `limit` names, or fewer
    names shown than `total`. "甲、乙等2个项目" for exactly two is wrong; "甲、乙2个项目" is right."""
    shown = len(names[:limit] if limit else names)
    return "等" if shown < (len(names) if total is None else max(total, len(names))) else ""


def rows_of(fig: Figure | None, model_label: str) -> list:
    """Ids of the rows of `model_label` a figure was computed from (first reference of that model)."""
    if fig is None:
        return []
    ref = next((r for r in fig.rows if r.model_label == model_label), None)
    return list(ref.ids) if ref is not None else []


def rows_count(fig: Figure | None) -> int:
    return sum(len(r.ids) for r in fig.rows) if fig is not None else 0


def project_names(ids, limit: int | None = None, short: bool = True) -> list[str]:
    """Names of the given projects, largest total investment first."""
    from yuanqu.projects.models import Project

    if not ids:
        return []
    qs = visible(Project.objects.filter(pk__in=ids)).order_by("-total_investment", "code").values_list("name", flat=True)
    names = list(qs[:limit] if limit else qs)
    return [short_project_name(n) for n in names] if short else names


class Fact:
    """One figure for a template. Missing figures (unknown key, or value None) are not ok and print "—"."""

    def __init__(self, key: str, fig: Figure | None, problem: str = ""):
        self.key, self.fig, self.problem = key, fig, problem

    @property
    def ok(self) -> bool:
        return self.fig is not None and self.fig.value is not None

    @property
    def value(self):
        return self.fig.value if self.fig is not None else None

    @property
    def label(self) -> str:
        return self.fig.label if self.fig is not None else self.key

    @property
    def note(self) -> str:
        return self.fig.note if self.fig is not None else self.problem

    @property
    def detail(self) -> list[dict]:
        return self.fig.detail if self.fig is not None else []

    @property
    def numerator(self):
        return self.fig.numerator if self.fig is not None else None

    @property
    def denominator(self):
        return self.fig.denominator if self.fig is not None else None

    @property
    def positive(self) -> bool:
        """A value above zero (a count or amount worth a sentence)."""
        return self.ok and self.fig.value > 0

    @property
    def text(self) -> str:
        """The figure as the briefing writes it: whole numbers without decimals ("400亿元", "95%")."""
        if self.fig is None:
            return fmt.DASH
        fig = self.fig
        return fmt.display(fig.value, fig.unit, fig.style, fig.places, whole=True)

    def names(self, limit: int | None = 3) -> str:
        """The projects behind this figure, largest first, joined with 、 (short names)."""
        return join_names(project_names(rows_of(self.fig, "projects.Project"), limit))

    def etc(self, limit: int | None = 3) -> str:
        """"等" after the names when the figure counts more projects than `names(limit)` shows."""
        return etc(self.name_list(limit), limit, self.value or 0)

    def name_list(self, limit: int | None = None, short: bool = False) -> list[str]:
        return project_names(rows_of(self.fig, "projects.Project"), limit, short)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self):
        return f"Fact({self.key!r}, {self.text!r})"


class FactBook:
    """The facts of one scope and period; `book["industry.output_ytd"]` → Fact (never raises)."""

    def __init__(self, scope, period):
        self.scope, self.period = scope, period
        self.figures = compute(scope, period)
        self._facts: dict[str, Fact] = {}

    def __getitem__(self, key: str) -> Fact:
        if key not in self._facts:
            try:
                self._facts[key] = Fact(key, self.figures[key])
            except UnknownFigure as exc:
                self._facts[key] = Fact(key, None, str(exc))
        return self._facts[key]

    def have(self, *keys: str) -> bool:
        return all(self[k].ok for k in keys)

    def prefixed(self, prefix: str) -> list[Fact]:
        """Every fact whose key starts with `prefix` (e.g. "targets."), in engine order."""
        try:
            figs = FigureSet(self.scope, self.period, [prefix], session=self.figures.session).figures()
        except UnknownFigure:
            return []
        return [self[f.key] for f in figs]

    @cached_property
    def all_figures(self) -> list[Figure]:
        return self.figures.figures()
