"""The service statistics of a set of tickets (docs/figures.md "Service"): one accumulator, used for the
county's figures and for each row of the breakdowns by category, department and park, so that the rows
add up to the totals by construction.

Working days come from yuanqu.workdays; a ticket whose days cannot be counted (a year not yet
published) leaves the on-time rate and the working-day median without a value, never a guess.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from yuanqu.workdays.calendar import UnknownYear, add_workdays, workdays_between

from .base import ratio

SATISFIED, BASIC, UNSATISFIED = 3, 2, 1  # Ticket.Satisfaction


def on_time(received: dt.date, resolved: dt.date, deadline: dt.date | None, workdays: int) -> bool:
    """Closed by its deadline; without one, within `workdays` working days of receipt."""
    return resolved <= (deadline or add_workdays(received, workdays))


def median(values) -> Decimal | None:
    return Decimal(str(statistics.median(values))) if values else None


@dataclass
class TicketStats:
    """Counts over one period's window W = [start, end] (rates are computed, never stored)."""

    on_time_workdays: int
    received: int = 0  # received in W
    resolved: int = 0  # of those, resolved by the end of W
    closed: int = 0  # resolved in W (办结 or 销号)
    punctual: int = 0
    days: list[int] = field(default_factory=list)  # calendar days to close, per closed ticket
    workdays: list[int] = field(default_factory=list)  # working days to close, per closed ticket
    awaiting: int = 0  # closed in W and still waiting for the enterprise's confirmation (办结, not 销号)
    levels: Counter = field(default_factory=Counter)  # the enterprise's evaluations dated in W, by rating
    unknown: UnknownYear | None = None  # a year whose working days are not known

    def add_ticket(self, *, received: dt.date, resolved: dt.date | None, deadline: dt.date | None, done: bool,
                   confirmed: bool, start: dt.date, end: dt.date) -> None:
        if start <= received <= end:
            self.received += 1
            self.resolved += resolved is not None and resolved <= end
        if not (done and resolved is not None and start <= resolved <= end):
            return
        self.closed += 1
        self.awaiting += not confirmed
        self.days.append((resolved - received).days)
        try:
            self.punctual += on_time(received, resolved, deadline, self.on_time_workdays)
            self.workdays.append(workdays_between(received, resolved))
        except UnknownYear as exc:
            self.unknown = exc

    def add_rating(self, satisfaction: int) -> None:
        self.levels[satisfaction] += 1

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    @property
    def good(self) -> int:
        """满意 and 基本满意."""
        return self.levels[SATISFIED] + self.levels[BASIC]

    # --- the rates -----------------------------------------------------------------------------

    @property
    def resolution_rate(self) -> Decimal | None:
        return ratio(self.resolved, self.received)

    @property
    def on_time_count(self) -> int | None:
        return None if self.unknown else self.punctual

    @property
    def on_time_rate(self) -> Decimal | None:
        return None if self.unknown else ratio(self.punctual, self.closed)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return ratio(self.good, self.rated)

    @property
    def median_days(self) -> Decimal | None:
        return median(self.days)

    @property
    def median_workdays(self) -> Decimal | None:
        return None if self.unknown else median(self.workdays)

    def row(self) -> dict:
        """The detail row of a breakdown (rates unrounded)."""
        return {"received": self.received, "resolved": self.resolved, "resolution_rate": self.resolution_rate,
                "closed": self.closed, "on_time": self.on_time_count, "on_time_rate": self.on_time_rate,
                "rated": self.rated, "satisfied": self.good, "satisfaction_rate": self.satisfaction_rate,
                "median_workdays": self.median_workdays}
