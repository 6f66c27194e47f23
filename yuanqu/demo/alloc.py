"""Exact distributions: split a total by random weights so that the parts sum exactly.

Amounts are handled as integer cents (万元 × 100) inside the builders, which is exact and fast,
and become Decimal with two places only when written. No float ever carries an amount: floats
appear only as random weights, which are turned into integers first.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

# Seasonal weights of monthly output (春节 in Jan/Feb, strong year end).
SEASON = (82, 70, 96, 100, 102, 104, 99, 103, 106, 108, 112, 122)


def cents(amount: Decimal) -> int:
    value = amount * 100
    if value != value.to_integral_value():
        raise ValueError(f"{amount} has more than two decimal places")
    return int(value)


def money(cents_value: int) -> Decimal:
    """Integer cents → Decimal 万元 with exactly two places."""
    return Decimal(cents_value).scaleb(-2)


def ratio(value: int, num: int, den: int) -> int:
    """round(value × num / den), half up, for non-negative integers."""
    return (2 * value * num + den) // (2 * den)


def weights(rng: random.Random, n: int, spread: float = 0.6) -> list[int]:
    """n positive integer weights, log-normal: a few large, many small."""
    return [int(rng.lognormvariate(0.0, spread) * 1000) + 1 for _ in range(n)]


def split(total: int, weight_list: list[int], floor: int = 0) -> list[int]:
    """Integer parts proportional to the weights, each ≥ floor, summing exactly to total.

    Each part is rounded down; the remainder (fewer units than parts) goes on the largest part.
    """
    n = len(weight_list)
    rest = total - floor * n
    if n == 0 or rest < 0:
        raise ValueError(f"cannot split {total} into {n} parts of at least {floor}")
    whole = sum(weight_list)
    parts = [floor + rest * w // whole for w in weight_list]
    largest = max(range(n), key=parts.__getitem__)
    parts[largest] += total - sum(parts)
    return parts


def split_money(total: Decimal, weight_list: list[int], floor: Decimal = Decimal(0)) -> list[Decimal]:
    return [money(c) for c in split(cents(total), weight_list, cents(floor))]


def split_random(rng: random.Random, total: int, n: int, floor: int = 0, spread: float = 0.6) -> list[int]:
    return split(total, weights(rng, n, spread), floor)


def shape(rng: random.Random, first_month: int = 1, last_month: int = 12, jitter: int = 15) -> list[int]:
    """Cumulative monthly weights (12 values), zero before first_month and flat after last_month."""
    monthly = [
        s * rng.randint(100 - jitter, 100 + jitter) if first_month <= m <= last_month else 0
        for m, s in enumerate(SEASON, start=1)
    ]
    return list(accumulate(monthly))


def series(value_at: int, cumulative_shape: list[int], at_month: int) -> list[int]:
    """A 1—N月 cumulative series (12 values) that is exactly value_at in month at_month.

    Non-decreasing because the shape is, and rounding half up is monotonic.
    """
    base = cumulative_shape[at_month - 1]
    if base == 0:
        if value_at:
            raise ValueError("shape is zero where a value is required")
        return [0] * 12
    return [ratio(value_at, c, base) for c in cumulative_shape]


def series_through(value_at: int, value_end: int, cumulative_shape: list[int], at_month: int) -> list[int]:
    """Like `series` up to at_month, then rising to value_end in December along the same shape."""
    values = series(value_at, cumulative_shape, at_month)
    base, rest = cumulative_shape[at_month - 1], cumulative_shape[11] - cumulative_shape[at_month - 1]
    if rest == 0:
        return values[:at_month] + [value_at] * (12 - at_month)
    return values[:at_month] + [value_at + ratio(value_end - value_at, c - base, rest)
                                for c in cumulative_shape[at_month:]]


def scaled(values: list[int], num: int, den: int = 10000) -> list[int]:
    return [ratio(v, num, den) for v in values]


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def month_day(rng: random.Random, year: int, month: int, first: int = 1, last: int = 28) -> date:
    return date(year, month, rng.randint(first, last))
