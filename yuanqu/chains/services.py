"""Writes of chains: a county's industry chain and its segments (上游/中游/下游), in one transaction.

Used by the 系统设置 page; refusals are ValidationErrors with Chinese messages, and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from yuanqu.org.services import county_row_save

from .models import Chain, ChainSegment

CHAIN_FIELDS = ("name", "short_name", "is_main", "leader_name", "leader_title", "lead_department", "target_output",
                "target_year", "description", "sort")


def position_of(text: str) -> str:
    """A segment position given as up/mid/down or as 上游/中游/下游."""
    text = (text or "").strip()
    for value, label in ChainSegment.Position.choices:
        if text in (value, label, label[0]):
            return value
    raise ValidationError({"position": f"环节位置应为上游、中游或下游，实际为“{text}”"})


@dataclass
class SegmentChange:
    """One segment row of the form: a new one (segment None), a change, or a deletion."""

    segment: ChainSegment | None = None
    position: str = ""
    name: str = ""
    sort: int | None = None
    delete: bool = False


@transaction.atomic
def chain_save(*, county, chain: Chain | None = None, segments: list[SegmentChange] = (), **fields) -> Chain:
    """Create a chain of the county (chain None) or change one, with its segments; code derived
    ("<county>-Cnn") when not given."""
    chain = county_row_save(chain or Chain(region=county), county=county, fields=fields, allowed=CHAIN_FIELDS,
                            label="产业链", letter="C", related=("lead_department",))
    _segments(chain, list(segments))
    return chain


def _segments(chain: Chain, changes: list[SegmentChange]) -> None:
    for change in changes:
        if change.segment is not None and change.segment.chain_id != chain.pk:
            raise ValidationError(f"环节“{change.segment}”不属于产业链“{chain.name}”")
    for change in changes:
        if change.delete and change.segment is not None:
            segment_delete(change.segment)
    kept = [c for c in changes if not c.delete]
    names = {}
    for change in kept:
        key = ((change.name or "").strip(), position_of(change.position))
        if not key[0]:
            raise ValidationError("环节名称不能为空")
        if key in names:
            raise ValidationError(f"产业链“{chain.name}”的{dict(ChainSegment.Position.choices)[key[1]]}已有环节“{key[0]}”")
        names[key] = change
    stored = {(s.name, s.position): s.pk for s in chain.segments.all()}
    for (name, position), change in names.items():
        pk = change.segment.pk if change.segment else None
        if stored.get((name, position), pk) != pk:
            raise ValidationError(f"产业链“{chain.name}”的{dict(ChainSegment.Position.choices)[position]}已有环节“{name}”")
    for (name, position), change in names.items():
        _segment_write(chain, change, name, position)


def _segment_write(chain: Chain, change: SegmentChange, name: str, position: str) -> ChainSegment:
    segment = change.segment or ChainSegment(chain=chain)
    segment.name, segment.position = name, position
    if change.sort not in (None, ""):
        segment.sort = change.sort
    elif segment.pk is None:
        segment.sort = (chain.segments.order_by("-sort").values_list("sort", flat=True).first() or 0) + 1
    if not segment.code:
        taken = set(chain.segments.values_list("code", flat=True))
        n = 1
        while f"S{n:02d}" in taken:
            n += 1
        segment.code = f"S{n:02d}"
    segment.full_clean()
    segment.save()
    return segment


def segment_delete(segment: ChainSegment) -> None:
    """Delete a segment nothing hangs on; firms, projects or leads on it would lose their chain."""
    firms, projects, leads = segment.enterprises.count(), segment.projects.count(), segment.leads.count()
    if firms or projects or leads:
        attached = "、".join(f"{n}{unit}" for n, unit in ((firms, "户企业"), (projects, "个项目"), (leads, "条招商线索"))
                            if n)
        raise ValidationError(f"环节“{segment.name}”挂接了{attached}，不能删除；请先把它们改挂到其他环节")
    segment.delete()
