"""The figure engine: every number the platform shows, computed by the statistics office's rules.

    from yuanqu.figures import Scope, compute, figure
    figs = compute(Scope.parse("county"), Period(2023, 8))
    figs["industry.output_ytd"].display()   # "83.98亿元"

See engine.py (registry, FigureSet), base.py (Figure, RowRef), scope.py, format.py, and
docs/figures.md for the definitions.
"""
from .base import Figure, RowRef
from .engine import FigureSet, UnknownFigure, compute, figure, known_keys
from .scope import Scope, ScopeError

__all__ = ["Figure", "FigureSet", "RowRef", "Scope", "ScopeError", "UnknownFigure", "compute", "figure",
           "known_keys"]
