"""Filter options shared by several list pages (parks, chains, departments of the county)."""
from __future__ import annotations

from yuanqu.core.access import visible
from yuanqu.core.pages import in_county

OUTSIDE = "none"  # the park option meaning 园区外


def _region(qs, page, path="region"):
    return in_county(qs, page.region, path)


def parks(page, outside: bool = False) -> list[tuple[str, str]]:
    from yuanqu.org.models import Park

    rows = [(p.code, p.name) for p in _region(visible(Park.objects.all(), page.request.user), page)
            .order_by("sort", "code")]
    return rows + [(OUTSIDE, "园区外")] if outside else rows


def parks_with_outside(page):
    return parks(page, outside=True)


def by_park(lookup: str = "park"):
    """Filter on a park code, or on no park (园区外)."""
    def apply(page, qs, value):
        if value == OUTSIDE:
            return qs.filter(**{f"{lookup}__isnull": True})
        return qs.filter(**{f"{lookup}__code": value})
    return apply


def chains(page) -> list[tuple[str, str]]:
    from yuanqu.chains.models import Chain

    return [(c.code, c.name) for c in _region(visible(Chain.objects.all(), page.request.user), page)
            .order_by("sort", "code")]


def departments(page) -> list[tuple[str, str]]:
    from yuanqu.org.models import Department

    return [(d.code, str(d)) for d in _region(visible(Department.objects.all(), page.request.user), page)
            .order_by("code")]
