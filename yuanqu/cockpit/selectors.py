"""Reads the cockpit needs beside the figures: which periods and scopes exist."""
from __future__ import annotations

from yuanqu.chains.models import Chain
from yuanqu.core.access import reads_figures, visible
from yuanqu.core.models import in_year_range
from yuanqu.core.periods import Period
from yuanqu.enterprises.models import MonthlyStat
from yuanqu.org.models import Park
from yuanqu.targets.models import Target


def periods(user, region) -> list[Period]:
    """Periods with statistics in the region, newest first (which periods exist is the region's
    aggregate, read by whoever reads its figures; an enterprise user: the periods of what they read;
    a year out of range, stored before the rule, is not one)."""
    rows = MonthlyStat.objects.in_region(region).filter(in_year_range())
    if not reads_figures(user):
        rows = visible(rows, user)
    rows = rows.values_list("year", "month").distinct().order_by("-year", "-month")
    return [Period(y, m) for y, m in rows]


def scope_choices(user, region) -> list[tuple[str, str]]:
    """(scope text, Chinese label) for the selector: the county, all parks, each park, each chain."""
    whole = {"county": "全县", "city": "全市", "province": "全省"}.get(region.level, "全县")
    choices = [("county", f"{region.name}（{whole}）"), ("parks", "全部园区")]
    choices += [(f"park:{p.code}", p.name) for p in visible(Park.objects.in_region(region).active(), user)]
    choices += [(f"chain:{c.code}", f"{c.name}产业链") for c in visible(Chain.objects.in_region(region), user)]
    return choices


def target_codes(user, region) -> dict[str, list[str]]:
    """Figure key → codes of the targets set on it (for the cards' "against target" line)."""
    out: dict[str, list[str]] = {}
    for indicator, code in (visible(Target.objects.filter(region.within_q()), user)
                            .order_by("year", "sort").values_list("indicator", "code")):
        out.setdefault(indicator, []).append(code)
    return out


def chains(user, region):
    return list(visible(Chain.objects.in_region(region), user))
