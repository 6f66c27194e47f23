"""What a figure is about: the county, all its parks, one park, or one industry chain.

A scope holds model instances and is hashable (by primary keys), so it can key caches.
The "county" scope also accepts a city or province region: it then covers every county
below it (the province benchmark uses this).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("county", "parks", "park", "chain")


class ScopeError(ValueError):
    """A scope text that names nothing (message in Chinese)."""


@dataclass(frozen=True)
class Scope:
    kind: str
    region: Any
    park: Any = None
    chain: Any = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ScopeError(f"范围类型应为 {'、'.join(KINDS)} 之一，实际为“{self.kind}”")
        if self.kind == "park" and self.park is None:
            raise ScopeError("园区范围须指定园区")
        if self.kind == "chain" and self.chain is None:
            raise ScopeError("产业链范围须指定产业链")

    # Constructors `Scope.county(region)` … are attached below the class: a dataclass field
    # and a classmethod cannot share a name inside the class body.

    @classmethod
    def parse(cls, text: str = "county", region=None) -> "Scope":
        """"county" | "parks" | "park:CODE" | "chain:CODE" of `region` (default: the installation's
        county, yuanqu.org.selectors.county_for); a park or chain is found only within the region."""
        from yuanqu.chains.models import Chain
        from yuanqu.org.models import Park

        text = (text or "county").strip()
        kind, _, code = text.partition(":")
        kind, code = kind.strip().lower(), code.strip()
        if kind not in KINDS or (kind in ("county", "parks") and code):
            raise ScopeError(f"范围应为 county、parks、park:园区代码 或 chain:产业链代码，实际为“{text}”")
        region = region or _installation_county()
        if kind == "park":
            park = Park.objects.in_region(region).select_related("region").filter(code=code).first() if code else None
            if park is None:
                raise ScopeError(f"{region.name}未找到园区代码“{code}”")
            return cls.park(park)
        if kind == "chain":
            chain = Chain.objects.in_region(region).select_related("region").filter(code=code).first() if code else None
            if chain is None:
                raise ScopeError(f"{region.name}未找到产业链代码“{code}”")
            return cls.chain(chain)
        return cls.county(region) if kind == "county" else cls.parks(region)

    @property
    def label(self) -> str:
        if self.kind == "county":
            return self.region.name
        if self.kind == "parks":
            return "全部园区"
        if self.kind == "park":
            return self.park.name
        return self.chain.name

    @property
    def text(self) -> str:
        """The parseable form: "county", "parks", "park:CODE", "chain:CODE"."""
        if self.kind == "park":
            return f"park:{self.park.code}"
        if self.kind == "chain":
            return f"chain:{self.chain.code}"
        return self.kind

    def __str__(self):
        return self.label


def _county(cls, region) -> Scope:
    return cls("county", region)


def _parks(cls, region) -> Scope:
    return cls("parks", region)


def _park(cls, park) -> Scope:
    return cls("park", park.region, park=park)


def _chain(cls, chain) -> Scope:
    return cls("chain", chain.region, chain=chain)


# Instances keep their own `park`/`chain` values (set by __init__), so these class-level
# constructors never shadow the fields on an instance.
Scope.county = classmethod(_county)
Scope.parks = classmethod(_parks)
Scope.park = classmethod(_park)
Scope.chain = classmethod(_chain)


def _installation_county():
    from yuanqu.core.access import NoCounty
    from yuanqu.org.selectors import county_for

    try:
        return county_for(None)
    except NoCounty as exc:
        raise ScopeError(str(exc)) from exc
