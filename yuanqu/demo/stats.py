"""Monthly statistics of one firm: 1—N月 cumulative series for the six indicators (DOMAIN §1, §2).

A firm's output series per year is in integer cents; the other indicators follow from it by
per-year ratios, so every cumulative series is non-decreasing. A row of year Y carries the firm's
own year Y−1 series as 上年同期, so `*_prev_cum` of a 2023 row is the firm's 2022 cumulative value.
"""
from __future__ import annotations

import random

from yuanqu.enterprises.models import MonthlyStat

from .alloc import money, scaled

CUMULATIVE = ("output", "revenue", "profit", "tax", "electricity")
# 万千瓦时 per 万元 of output × 10 000, by chain (energy-hungry battery and building materials)
ELECTRICITY = {"battery": (300, 600), "building": (600, 1200), "food": (180, 380), "textile": (120, 280)}
ELECTRICITY_OTHER = (150, 400)


def year_ratios(rng: random.Random, chain: str | None, years) -> dict[int, dict[str, int]]:
    """Per-year ratios (× 10 000) of a firm, close to one base so that years look alike."""
    low, high = ELECTRICITY.get(chain, ELECTRICITY_OTHER)
    base = {"revenue": rng.randint(9000, 10400), "profit": rng.randint(150, 900),
            "tax": rng.randint(150, 450), "electricity": rng.randint(low, high),
            "productivity": rng.randint(45, 95)}
    return {y: {k: v * rng.randint(95, 105) // 100 for k, v in base.items()} for y in years}


def indicators(output: list[int], r: dict[str, int]) -> dict[str, list[int]]:
    revenue = scaled(output, r["revenue"])
    return {"output": output, "revenue": revenue, "profit": scaled(revenue, r["profit"]),
            "tax": scaled(revenue, r["tax"]), "electricity": scaled(output, r["electricity"])}


def headcount(output: list[int], r: dict[str, int]) -> int:
    """Average employees from the year's output (万元) and a productivity (万元 per person-year)."""
    if not output[11]:
        return 0
    return max(8, output[11] // 100 // r["productivity"])


def firm_years(outputs: dict[int, list[int]], ratios: dict[int, dict[str, int]]) -> dict[int, tuple[dict, int]]:
    """Year → (indicator series, employees)."""
    return {y: (indicators(out, ratios[y]), headcount(out, ratios[y])) for y, out in outputs.items()}


def stat_values(enterprise_id: int, years: dict[int, tuple[dict, int]], report_years):
    """Field values of the MonthlyStat rows for the report years, 12 months each, 上年同期 from year − 1."""
    for year in report_years:
        this, employees = years[year]
        last, employees_prev = years[year - 1]
        for i in range(12):
            values = {"enterprise_id": enterprise_id, "year": year, "month": i + 1, "employees": employees,
                      "employees_prev": employees_prev}
            for key in CUMULATIVE:
                values[f"{key}_cum"] = money(this[key][i])
                values[f"{key}_prev_cum"] = money(last[key][i])
            yield values


def stat_rows(enterprise_id: int, years: dict[int, tuple[dict, int]], report_years, batch):
    """MonthlyStat rows (unsaved)."""
    for values in stat_values(enterprise_id, years, report_years):
        yield MonthlyStat(batch=batch, **values)
