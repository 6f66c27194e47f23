"""What the checker says about a claim (a `Result`: status, the figure, the explanation and why it differs)
and how close a figure must be to agree.

Tolerance follows the claim's own precision: the figure rounded half-up to the decimals the draft wrote
(84.26 vs 84.2343 → differs; 98% vs 97.99 → agrees); "8000余人" agrees with 8000 ≤ value < 9000, "以上" with
any value at least that. Figures are in 万元, 平方米, 亩; a claim in 亿元 or 万平方米 is scaled.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt

from .claims import Claim

AGREES, DIFFERS, NO_DATA, PLAN, NOT_FOUND = "agrees", "differs", "no_data", "plan", "not_found"
STATUSES = (AGREES, DIFFERS, NO_DATA, PLAN, NOT_FOUND)
STATUS_LABELS = {AGREES: "一致", DIFFERS: "不一致", NO_DATA: "无该期数据", PLAN: "目标/计划", NOT_FOUND: "未找到"}
TEN_THOUSAND = Decimal(10000)
SCALES = {"亿元": TEN_THOUSAND, "万平方米": TEN_THOUSAND, "万亩": TEN_THOUSAND, "亿千瓦时": TEN_THOUSAND}


@dataclass
class Result:
    claim: Claim
    status: str
    key: str = ""
    label: str = ""
    computed: Decimal | int | None = None
    display: str = ""
    unit: str = ""
    rows: list[dict] = field(default_factory=list)
    explanation: str = ""
    hints: list[str] = field(default_factory=list)  # why it differs: unit slip, rounding, contradiction …
    target: bool = False
    period: Period | None = None
    scope: object = None
    url: str = ""

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS[self.status]
        return label + ("（目标）" if self.target and self.status in (AGREES, DIFFERS) else "")

    @property
    def rows_total(self) -> int:
        return sum(r["count"] for r in self.rows)

    @property
    def full_explanation(self) -> str:
        return "；".join([self.explanation] + self.hints) if self.hints else self.explanation

    def to_json(self) -> dict:
        from yuanqu.figures.base import jsonable

        c = self.claim
        return {
            "text": c.text, "paragraph": c.paragraph, "where": c.where, "kind": c.kind, "number": jsonable(c.number),
            "unit": c.unit, "places": c.places, "lower_bound": c.lower_bound, "mood": c.mood, "aspect": c.aspect,
            "future": c.future, "context": c.segment, "period": str(self.period) if self.period else None,
            "scope": self.scope.text if self.scope is not None else None,
            "status": self.status, "status_label": self.status_label, "key": self.key, "label": self.label,
            "computed": jsonable(self.computed), "display": self.display, "unit_computed": self.unit,
            "rows": self.rows, "rows_total": self.rows_total, "explanation": self.explanation, "hints": self.hints,
            "target": self.target, "url": self.url,
        }


# --- numbers --------------------------------------------------------------------------------

def scale(claim: Claim) -> Decimal:
    """How many figure units one unit of the claim is (亿元 → 10000 万元)."""
    return SCALES.get(claim.unit, Decimal(1))


def in_claim_unit(value, claim: Claim) -> Decimal:
    return Decimal(value) / scale(claim)


def claim_value(claim: Claim) -> Decimal:
    """The claim's number in the figure's unit."""
    return claim.number * scale(claim)


def agrees(value, claim: Claim) -> bool:
    if value is None:
        return False
    shown = in_claim_unit(value, claim)
    if claim.lower_bound in ("余", "多"):
        digits = format(claim.number.normalize(), "f")
        zeros = len(digits) - len(digits.rstrip("0")) if "." not in digits else 0
        step = Decimal(10) ** zeros if zeros else Decimal(1)
        return claim.number <= shown < claim.number + step
    if claim.lower_bound == "以上":
        return shown >= claim.number
    return fmt.rounded(shown, claim.places) == claim.number


def same_number(value, claim: Claim) -> bool:
    """The value, rounded as the claim is written, is the claim's number (bounds ignored: for targets)."""
    return value is not None and fmt.rounded(in_claim_unit(value, claim), claim.places) == claim.number


def exact(value) -> str:
    """An unrounded value for reading: at most 6 decimals."""
    text = str(value) if isinstance(value, int) else format(value, "f")
    if "." in text:
        whole, frac = text.split(".", 1)
        return f"{whole}.{frac[:6]}".rstrip("0").rstrip(".") if len(frac) > 6 else text
    return text


def rows_of(fig) -> list[dict]:
    out = []
    for ref in fig.rows:
        try:
            name = str(ref.model._meta.verbose_name)
        except LookupError:
            name = ref.model_label
        out.append({"model": ref.model_label, "name": name, "count": len(ref.ids)})
    return out


def figure_url(key: str, period: Period | None, scope) -> str:
    query = {"period": str(period)} if period else {}
    if scope is not None:
        query["scope"] = scope.text
    return reverse("cockpit:explain", args=[key]) + (f"?{urlencode(query)}" if query else "")
