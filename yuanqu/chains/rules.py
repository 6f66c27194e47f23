"""Chains and their segments: read by every government role of the county, kept by administrators."""
from yuanqu.core.access import Reference, register

from .models import Chain, ChainSegment


@register(Chain)
class ChainRule(Reference):
    pass


@register(ChainSegment)
class ChainSegmentRule(Reference):
    region = ("chain__region",)
