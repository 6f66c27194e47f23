"""The import kinds: each module here defines one `Kind` subclass (see ../kind.py), found by
looking, so that adding a kind is adding its module (and its test); `common` holds the columns and
references several kinds share."""
from __future__ import annotations

import functools
import importlib
import pkgutil

from ..kind import Kind


@functools.cache
def registry() -> dict[str, Kind]:
    """Every kind by name, in their `order`."""
    kinds = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kinds += [obj() for obj in vars(module).values()
                  if isinstance(obj, type) and issubclass(obj, Kind) and obj.__module__ == module.__name__]
    return {k.name: k for k in sorted(kinds, key=lambda k: (k.order, k.name))}


def get_kind(name: str) -> Kind:
    kinds = registry()
    if name not in kinds:
        raise KeyError(f"未知的导入类别“{name}”，应为以下之一：{'、'.join(kinds)}")
    return kinds[name]


def names() -> tuple[str, ...]:
    return tuple(registry())


def choices() -> list[tuple[str, str]]:
    return [(k.name, k.label) for k in registry().values()]
