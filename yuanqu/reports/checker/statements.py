"""Comparing a claim with a statement written down in the platform: an action's goal, a task's title, a detail
row's text (a parcel's reason). The same statement: the same kind, unit and number, and words in common (two
pairs of characters of their clauses, the numbers left out)."""
from __future__ import annotations

import functools
import re

from .claims import Claim, find_claims
from .reading import Draft
from .results import claim_value


def bigrams(claim: Claim) -> set[str]:
    """Pairs of characters of the claim's clause, the claim itself and punctuation left out."""
    pairs = set()
    for part in re.split(r"[\d.%“”‘’\"'（）()、，。；：\s]+", claim.clause.replace(claim.text, "|")):
        part = part.replace("|", "")
        pairs |= {part[i:i + 2] for i in range(len(part) - 1)}
    return pairs


@functools.lru_cache(maxsize=2048)
def recorded_claims(text: str) -> tuple[Claim, ...]:
    """The claims a recorded text (an action's goal, a task's title, a detail's reason) states."""
    return tuple(find_claims(Draft.of_text(text)))


def same_statement(claim: Claim, other: Claim) -> bool:
    """Two claims state the same thing: same kind, unit and number, and their words overlap."""
    return claim_value(claim) == claim_value(other) and similar(claim, other)


def similar(claim: Claim, other: Claim) -> bool:
    """Of the same kind and unit, their clauses sharing at least two pairs of characters."""
    return (claim.kind == other.kind and claim.unit.lstrip("万亿") == other.unit.lstrip("万亿")
            and len(bigrams(claim) & bigrams(other)) >= 2)
