"""要素保障 of 示例县: eight financial institutions lending 87.88亿元 in 2023-01…08, and labour."""
from __future__ import annotations

import random
from datetime import date

from yuanqu.factors.models import Institution, LabourDemand, LabourSupply, Loan

from . import targets as T
from .alloc import cents, day_between, money, split, split_random
from .context import Ctx, bulk

Kind = Institution.Kind
# name pattern, short name, kind, weight of its lending
INSTITUTIONS = (
    ("中国农业发展银行{county}支行营业部", "农发行", Kind.POLICY, 30),
    ("中国农业银行股份有限公司{county}支行", "农行", Kind.STATE, 22),
    ("中国工商银行股份有限公司{county}支行", "工行", Kind.STATE, 12),
    ("中国建设银行股份有限公司{county}支行", "建行", Kind.STATE, 10),
    ("中国银行股份有限公司{county}支行", "中行", Kind.STATE, 8),
    ("中国邮政储蓄银行股份有限公司{county}支行", "邮储银行", Kind.STATE, 7),
    ("{county}农村商业银行股份有限公司", "农商行", Kind.LOCAL, 6),
    ("{city}商业银行股份有限公司{county}支行", "市商行", Kind.LOCAL, 5),
)
LATE_BANK = ("{county}村镇银行股份有限公司", "村镇银行", Kind.LOCAL)  # lent in 2022 only
PURPOSES = ("流动资金", "设备购置", "厂房建设", "技术改造", "原材料采购")
TERMS = (12, 12, 24, 36, 60)
# period, number of loans, total (万元); the window's total is LOANS_AMOUNT
OTHER_LOANS = ((date(2022, 1, 1), date(2022, 12, 31), 50, 520000), (date(2023, 9, 1), date(2023, 12, 28), 20, 260000))
POSITIONS = ("缝纫工", "普工", "电芯操作工", "质检员", "叉车司机", "食品包装工", "机修工", "仓管员", "电商运营")
CHANNELS = list(LabourSupply.Channel)


def ensure_institutions(ctx: Ctx, specs=INSTITUTIONS) -> list[Institution]:
    names = {"county": ctx.region.name, "city": ctx.region.parent.name}
    return bulk(Institution, [Institution(name=name.format(**names), short_name=short, kind=kind)
                              for name, short, kind, *_ in specs])


def loan_rows(rng: random.Random, banks, firms, start: date, end: date, count: int, total_wan: int) -> list[Loan]:
    """`count` loans dated in [start, end] totalling exactly `total_wan` 万元, each bank at least once."""
    per_bank = split(count, [1] * len(banks), 1)
    amounts = split_random(rng, total_wan, count, floor=100)
    rows, k = [], 0
    for bank, n in zip(banks, per_bank):
        for _ in range(n):
            rows.append(Loan(enterprise=rng.choice(firms), institution=bank, amount=money(amounts[k] * 100),
                             date=day_between(rng, start, end), term_months=rng.choice(TERMS),
                             purpose=rng.choice(PURPOSES)))
            k += 1
    return rows


def build_loans(ctx: Ctx) -> None:
    rng = ctx.rng("loans")
    banks = ensure_institutions(ctx)
    late = ensure_institutions(ctx, (LATE_BANK,))
    firms = [f.enterprise for f in ctx.firms if f.kind != "small"]
    window_total = cents(T.LOANS_AMOUNT) // 100
    rows = []
    for bank, part in zip(banks, split(window_total, [spec[3] for spec in INSTITUTIONS])):
        rows += loan_rows(rng, [bank], firms, T.W_START, T.W_END, rng.randint(4, 12), part)
    for start, end, count, total in OTHER_LOANS:
        rows += loan_rows(rng, banks, firms, start, end, count, total)
    rows += loan_rows(rng, late, firms, date(2022, 3, 1), date(2022, 11, 30), 3, 4500)
    bulk(Loan, rows)


def build_labour(ctx: Ctx) -> None:
    rng = ctx.rng("labour")
    firms = [f.enterprise for f in ctx.firms if f.park]
    demands = bulk(LabourDemand, [
        LabourDemand(enterprise=rng.choice(firms), date=day_between(rng, date(2022, 3, 1), date(2023, 12, 15)),
                     positions="、".join(rng.sample(POSITIONS, rng.randint(1, 3))), headcount=rng.randint(10, 200),
                     is_open=rng.random() < 0.3) for _ in range(90)])
    rows = supply_rows(rng, demands, T.W_START, T.W_END, 110, T.LABOUR_SUPPLIED)
    rows += supply_rows(rng, demands, date(2022, 3, 1), date(2022, 12, 31), 60, 5400)
    rows += supply_rows(rng, demands, date(2023, 9, 1), date(2023, 12, 28), 30, 2100)
    bulk(LabourSupply, rows)


def supply_rows(rng: random.Random, demands, start: date, end: date, count: int, workers: int) -> list[LabourSupply]:
    rows = []
    for n in split_random(rng, workers, count, floor=5):
        day = day_between(rng, start, end)
        earlier = [d for d in demands if d.date <= day] or demands
        demand = rng.choice(earlier)
        rows.append(LabourSupply(enterprise=demand.enterprise, demand=demand if demand.date <= day else None,
                                 date=day, workers=n, channel=rng.choice(CHANNELS)))
    return rows
