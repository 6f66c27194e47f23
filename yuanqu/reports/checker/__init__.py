"""材料数字核对: find the numeric claims of a draft and check each against the figure engine.

    check = check_text(text_or_draft, scope, period=None)   # or check_file(path, scope, period=None)
    check.period, check.draft_period, check.warnings          # the period checked, the draft's own, mismatches
    for r in check: r.status, r.explanation, r.hints, r.url   # agrees | differs | no_data | plan | not_found

One module per concern:
- `reading`     the draft: .txt / .docx in document order, table cells with their row and column labels;
- `limits`      how much is read: size, unpacked size, paragraphs, characters, seconds (YUANQU_RULES draft_*);
- `periods`     the periods it names ("1-8月", "2023年1—8月", "8月份", "上半年", "一季度") and its own period;
- `claims`      the claims: kind, unit, precision, bounds, context, plan or actual, period;
- `rules`       which figure: the figure vocabulary of docs/figures.md, then the engine's labels;
- `sources`     what it is checked against: figures per scope and period, periods with data, targets, records;
- `matching`    comparing a claim with its figure (tolerance from the claim's precision, named parts, no data);
- `targets`     plans and targets: compared with the targets and plans recorded, never with actuals;
- `explaining`  why a number differs: unit slip, rounded inputs, another period, a contradiction in the draft.

The period defaults to the draft's own; a period chosen that differs from it, or one without statistics, is
a warning, and each claim is checked against the period it names ("平台无该期数据" where there is none).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from yuanqu.core.periods import Period

from . import targets
from .claims import Claim, find_claims, plan_lines
from .explaining import contradictions
from .limits import Deadline, DraftTooLarge, Limits
from .matching import Checker
from .results import AGREES, DIFFERS, NO_DATA, NOT_FOUND, PLAN, STATUS_LABELS, STATUSES, Result, agrees
from .periods import DraftPeriod, draft_period
from .reading import Draft, read_draft, read_draft_file
from .sources import Sources

__all__ = ["AGREES", "DIFFERS", "NO_DATA", "PLAN", "NOT_FOUND", "STATUSES", "STATUS_LABELS", "Check", "Claim",
           "Deadline", "Draft", "DraftTooLarge", "Limits", "Result", "agrees", "check_file", "check_text",
           "find_claims", "read_draft", "read_draft_file", "summary"]


@dataclass
class Check:
    """The results of one draft, with the periods they were checked against."""
    results: list[Result]
    period: Period  # for the claims that name no period
    draft_period: DraftPeriod
    chosen: Period | None = None
    warnings: list[str] = field(default_factory=list)  # the period chosen is not the draft's, or has no data
    notes: list[str] = field(default_factory=list)  # how the period was read (a year not written …)

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    def summary(self) -> dict[str, int]:
        return summary(self.results)

    @property
    def recognized(self) -> float:
        """The share of claims whose figure, target or plan was found."""
        return sum(r.status != NOT_FOUND for r in self.results) / len(self.results) if self.results else 1.0

    def to_json(self) -> dict:
        own = self.draft_period
        return {"period": str(self.period), "chosen_period": str(self.chosen) if self.chosen else None,
                "draft_period": {"words": own.words, "month": own.month, "year": own.year,
                                 "year_written": own.year_written},
                "warnings": self.warnings, "notes": self.notes, "summary": self.summary(),
                "claims": [r.to_json() for r in self.results]}


def summary(results) -> dict[str, int]:
    return {status: sum(1 for r in results if r.status == status) for status in STATUSES}


def _year(own: DraftPeriod, chosen: Period | None, sources: Sources) -> tuple[int, str]:
    """The year of the draft's own period and, when the draft does not write it, what it was taken from."""
    if own.year_written:
        return own.year, ""
    if chosen:
        return chosen.year, "所选期别"
    if own.year:
        return own.year, "材料的日期"
    found = sources.latest(own.month) or sources.latest()
    return (found.year if found else dt.date.today().year), "平台有数据的最近年份"


def _resolve(own: DraftPeriod, chosen: Period | None, sources: Sources) -> tuple[Period, list[str], list[str]]:
    """The period claims naming none are checked against, warnings (mismatches, no data) and notes about it."""
    warnings, notes = [], []
    latest = sources.latest()
    own_period = None
    if own.month:
        year, how = _year(own, chosen, sources)
        own_period = Period(year, own.month)
        if how:
            notes.append(f"材料写作“{own.words}”，未写明年份，按{year}年核对（依据{how}）")
    period = own_period or chosen or latest
    if period is None:
        raise ValueError("材料未写明期别，平台也尚无统计数据：请选择核对期别")
    if chosen and own_period and own_period != chosen:
        warnings.append(f"材料所述期别为{own_period.full_label}（“{own.words}”），与所选核对期别{chosen.full_label}"
                        f"不一致；各数字按材料所写期别核对")
    if not sources.has_data(period):
        have = f"最近一期为{latest.full_label}" if latest else "平台尚无任何统计数据"
        warnings.append(f"平台无{period.full_label}的统计数据（{have}），该期数字无法核对")
    return period, warnings, notes


def check_text(text: str | Draft, scope, period: Period | None = None, *, limits: Limits | None = None,
               deadline: Deadline | None = None) -> Check:
    limits = limits or Limits.from_settings()
    draft = Draft.of_text(text) if isinstance(text, str) else text
    limits.check_chars(draft.chars)
    limits.check_paragraphs(len(draft.paragraphs()))
    deadline = deadline or Deadline(limits)
    claims = find_claims(draft, deadline=deadline)
    in_plan = plan_lines(draft)
    reporting = [line.text for line, plan in zip(draft.lines, in_plan) if not plan and line.cell is None]
    written = [line.text for line in draft.lines if line.text.strip()]
    own = draft_period(written[0] if written else "", reporting, "\n".join(written[:3] + written[-3:]))
    sources = Sources(scope)
    checked, warnings, notes = _resolve(own, period, sources)
    checker = Checker(sources, checked, checked.year, claims=claims, alternates=[period])
    results = []
    for claim in claims:
        deadline.check()
        results.append(check_claim(checker, claim))
    contradictions(results)
    return Check(results, checked, own, period, warnings, notes)


def check_claim(checker: Checker, claim: Claim) -> Result:
    """One claim, at the period it names: a plan against the plans recorded, a comparison with a target against
    that target, an actual against its figure."""
    period = checker.claim_period(claim)
    if claim.mood == "plan":
        return targets.check_plan(checker, claim, period)
    if targets.against_target(claim):
        return targets.check_against_target(checker, claim, period)
    return checker.check(claim, period)


def check_file(path, scope, period: Period | None = None) -> Check:
    limits = Limits.from_settings()
    return check_text(read_draft_file(Path(path), limits=limits), scope, period, limits=limits)
