"""The figure engine: a registry of figure groups and the lazily computed `FigureSet`.

A figure group is a plain function `(scope, period) -> iterable of Figure`, in its own module,
registered with `@register(*keys, scopes=...)` declaring the keys it yields ("targets.*" for
keys known only from the data). Groups are pure: no request, no user; reads go through
`yuanqu.core.access.visible`.

    from yuanqu.figures.engine import compute, figure
    figs = compute(Scope.county(region), Period(2023, 8))          # every figure, lazily
    figs = compute(scope, period, keys=["industry.", "park.output_share"])
    figure("industry.output_growth", scope, period).display()        # "增长17.1%"

Within one computation (a `Session`), each group runs at most once per (scope, period), and
helpers decorated with `@memo` (shared aggregates) run once per arguments.
"""
from __future__ import annotations

import contextvars
import functools
import importlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from .base import Figure
from .scope import KINDS

GROUP_MODULES = (
    "industry", "chains", "enterprises", "projects", "rankings", "designations", "land", "mujun",
    "service", "policies", "factors", "targets",
)


class UnknownFigure(KeyError):
    def __str__(self):
        return str(self.args[0]) if self.args else "未知指标"


@dataclass(frozen=True)
class Group:
    name: str
    func: object
    keys: tuple[str, ...]
    scopes: frozenset[str]
    canonical: object = None  # scope → the scope whose results are the same (shared cache entry)

    def may_yield(self, request: str) -> bool:
        return _may_yield(self, request)

    def run(self, scope, period) -> list[Figure]:
        return list(self.func(scope, period))


@functools.lru_cache(maxsize=4096)
def _may_yield(group: Group, request: str) -> bool:
    """Whether `group` may yield the key or prefix `request` (declared keys do not change: cached)."""
    for key in group.keys:
        if key.endswith("*"):
            stem = key[:-1]
            if request.startswith(stem) or stem.startswith(_as_prefix(request)):
                return True
        elif key_matches(key, request):
            return True
    return False


_REGISTRY: dict[str, Group] = {}
_loaded = False


def register(*keys: str, scopes=KINDS, canonical=None):
    """Register a figure group yielding `keys` for the scope kinds `scopes`.

    `canonical(scope)` may name another scope for which the group gives the same figures (e.g.
    land of the county = land of all parks, since every parcel is in a park): the group then
    runs once for both.
    """
    def decorate(func):
        name = f"{func.__module__}.{func.__qualname__}"
        _REGISTRY[name] = Group(name, func, tuple(keys), frozenset(scopes), canonical)
        return func
    return decorate


def groups() -> list[Group]:
    global _loaded
    if not _loaded:
        for module in GROUP_MODULES:
            importlib.import_module(f"yuanqu.figures.{module}")
        _loaded = True
    return list(_REGISTRY.values())


def known_keys(scope_kind: str | None = None) -> list[str]:
    """Every declared key (patterns end with "*"), in display order."""
    return [k for g in groups() if scope_kind is None or scope_kind in g.scopes for k in g.keys]


def _as_prefix(request: str) -> str:
    return request if request.endswith(".") else request + "."


def key_matches(key: str, request: str) -> bool:
    """`request` is the key itself or a prefix of it ("industry." or "projects.signed")."""
    return key == request or key.startswith(_as_prefix(request))


# --- sessions: one computation's caches -----------------------------------------------------

_session: contextvars.ContextVar["Session | None"] = contextvars.ContextVar("figures_session", default=None)


class Session:
    """Caches of one computation: group results per (group, scope, period) and memoised helpers."""

    def __init__(self):
        self.results: dict[tuple, list[Figure]] = {}
        self.memo: dict[tuple, object] = {}

    @contextmanager
    def active(self):
        token = _session.set(self)
        try:
            yield self
        finally:
            _session.reset(token)

    def run(self, group: Group, scope, period) -> list[Figure]:
        if group.canonical is not None:
            scope = group.canonical(scope)
        cache_key = (group.name, scope, period)
        if cache_key not in self.results:
            with self.active():
                self.results[cache_key] = group.run(scope, period)
        return self.results[cache_key]


def current_session() -> Session:
    return _session.get() or Session()


def memo(func):
    """Memoise a helper within the current session (shared aggregates, e.g. county totals)."""
    @functools.wraps(func)
    def wrapper(*args):
        session = _session.get()
        if session is None:
            return func(*args)
        cache_key = (func.__module__, func.__qualname__, args)
        if cache_key not in session.memo:
            session.memo[cache_key] = func(*args)
        return session.memo[cache_key]
    return wrapper


# --- the figure set -------------------------------------------------------------------------

class FigureSet(Mapping):
    """Ordered mapping key → Figure for one scope and period; groups run when first needed."""

    def __init__(self, scope, period, keys=None, session: Session | None = None):
        self.scope, self.period = scope, period
        self.requests = tuple(keys) if keys else None
        self.session = session or current_session()
        # per group, its figures that were asked for (the session's results do not change)
        self._chosen: dict[str, list[Figure]] = {}
        self._found: dict[str, Figure] = {}
        self.groups = [g for g in groups() if scope.kind in g.scopes
                       and (self.requests is None or any(g.may_yield(r) for r in self.requests))]
        if self.requests:
            unknown = [r for r in self.requests if not any(g.may_yield(r) for g in groups())]
            if unknown:
                raise UnknownFigure(f"未知指标：{'、'.join(unknown)}")

    def _wanted(self, key: str) -> bool:
        return self.requests is None or _wanted(key, self.requests)

    def _figures_of(self, group: Group) -> list[Figure]:
        chosen = self._chosen.get(group.name)
        if chosen is None:
            chosen = [f for f in self.session.run(group, self.scope, self.period) if self._wanted(f.key)]
            self._chosen[group.name] = chosen
        return chosen

    def __iter__(self) -> Iterator[str]:
        for group in self.groups:
            for fig in self._figures_of(group):
                yield fig.key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __getitem__(self, key: str) -> Figure:
        if key in self._found:
            return self._found[key]
        for group in self.groups:
            if group.may_yield(key):
                for fig in self._figures_of(group):
                    if fig.key == key:
                        self._found[key] = fig
                        return fig
        raise UnknownFigure(f"范围“{self.scope.label}”下没有指标“{key}”")

    def __contains__(self, key) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def figures(self) -> list[Figure]:
        return [fig for group in self.groups for fig in self._figures_of(group)]

    def to_json(self) -> list[dict]:
        return [fig.to_json() for fig in self.figures()]


@functools.lru_cache(maxsize=8192)
def _wanted(key: str, requests: tuple[str, ...]) -> bool:
    return any(key_matches(key, r) for r in requests)


def compute(scope, period, keys=None) -> FigureSet:
    """The figures of `scope` for `period` (1—N月); `keys` may be exact keys or prefixes."""
    return FigureSet(scope, period, keys)


def figure(key: str, scope, period) -> Figure:
    """One figure; within a running computation the group results are shared."""
    return FigureSet(scope, period, [key])[key]
