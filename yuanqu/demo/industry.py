"""Chains, enterprises, the 规上 rosters of 2022 and 2023, and monthly statistics of 示例县.

Each `targets.Cell` is a group of firms with an exact 1—8月 2023 output total; the 上年同期 total
of all firms in S(2023, 8) is `COUNTY_OUTPUT_PREV`, so growth, the parks' share and the main
chains' output come out as in the sample briefing.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal as D

from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.core import industrycode
from yuanqu.core.creditcode import make_code
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry

from . import targets as T
from .alloc import cents, day_between, scaled, series, shape, split, split_random
from .context import Ctx, bulk
from .names import OTHER_TRADES, Namer
from .stats import firm_years, stat_rows, year_ratios

# key, name, is_main, 链长, 职务, lead department, 2025 output target (万元), segments
CHAINS = (
    ("textile", "纺织鞋服", True, "李卫东", "县委副书记", "jxj", D("1000000"),
     (("fabric", "up", "面料纺织"), ("accessories", "up", "鞋材辅料"), ("garment", "mid", "服装制造"),
      ("shoes", "mid", "制鞋"), ("brand", "down", "品牌营销与电商"))),
    ("food", "健康食品", True, "张志刚", "县委常委、常务副县长", "fgj", D("1000000"),
     (("farming", "up", "农产品种养"), ("grain", "mid", "粮油加工"), ("prepared", "mid", "食品精深加工"),
      ("seasoning", "mid", "调味品"), ("coldchain", "down", "冷链物流"))),
    ("battery", "新能源电池", True, "赵明远", "副县长", "tcj", D("1000000"),
     (("cathode", "up", "正极材料"), ("anode", "up", "负极材料"), ("separator", "up", "隔膜电解液"),
      ("cell", "mid", "电芯制造"), ("casing", "mid", "结构件钢壳"), ("pack", "down", "储能及电池Pack"),
      ("recycling", "down", "电池回收利用"))),
    ("building", "绿色建材", False, "孙建平", "副县长", "zjj", D("300000"),
     (("aggregate", "up", "砂石骨料"), ("wall", "mid", "新型墙材"), ("concrete", "mid", "商品混凝土"),
      ("prefab", "down", "装配式建筑"))),
)
GAP_SEGMENTS = ("battery.cathode", "battery.recycling")  # no enterprise: targets for 补链
GROWTH = {"battery": (11000, 16000), "textile": (10500, 13000), "food": (10500, 12500),
          "building": (9000, 11500), None: (9500, 12500)}  # 1 + growth, × 10 000
FIRM_FLOOR = D("1500.00")  # smallest 1—8月 output of a firm on the roster


@dataclass
class Firm:
    park: str | None
    chain: str | None
    trade: str
    kind: str
    output8: int = 0
    prev8: int = 0
    extra_segment: str | None = None
    enterprise: Enterprise | None = None
    years: dict = field(default_factory=dict)

    @property
    def in_s(self) -> bool:
        return self.kind in T.IN_S_KINDS


# --- chains -----------------------------------------------------------------------------------

def build_chains(ctx: Ctx, specs=CHAINS) -> None:
    code = ctx.region.code
    chains = bulk(Chain, [
        Chain(code=f"{code}-{key}", name=name, region=ctx.region, is_main=main, leader_name=leader,
              leader_title=title, lead_department=ctx.depts.get(dept), target_output=target,
              target_year=T.TARGET_YEAR, sort=i, description=f"{name}产业链（链长制）")
        for i, (key, name, main, leader, title, dept, target, _) in enumerate(specs, start=1)])
    for spec, chain in zip(specs, chains):
        ctx.chains[spec[0]] = chain
    segments = bulk(ChainSegment, [
        ChainSegment(chain=ctx.chains[spec[0]], position=pos, code=seg, name=name, sort=i)
        for spec in specs for i, (seg, pos, name) in enumerate(spec[7], start=1)])
    for seg in segments:
        ctx.segments[f"{_chain_key(ctx, seg.chain)}.{seg.code}"] = seg


def _chain_key(ctx: Ctx, chain: Chain) -> str:
    return next(k for k, c in ctx.chains.items() if c.pk == chain.pk)


def chain_trades(chain: str, segments) -> list[str]:
    return [k for k in segments if k.startswith(chain + ".") and k not in GAP_SEGMENTS]


# --- firm plan: who is where, with which output -------------------------------------------------

def plan_firms(ctx: Ctx) -> list[Firm]:
    rng = ctx.rng("firms")
    firms: list[Firm] = []
    for cell in T.CELLS:
        floor = min(cents(FIRM_FLOOR), cents(cell.output) // cell.count // 2)
        outputs = split_random(rng, cents(cell.output), cell.count, floor, spread=0.7)
        for output in outputs:
            firms.append(Firm(cell.park, cell.chain, pick_trade(rng, ctx, cell.chain), cell.kind, output8=output))
    for park, count in T.SMALL_FIRMS_PER_PARK.items():
        for _ in range(count):
            chain = rng.choice([None, None, _park_chain(park)])
            firms.append(Firm(park, chain, pick_trade(rng, ctx, chain), "small"))
    _plan_previous(rng, firms)
    for firm in rng.sample([f for f in firms if f.chain and f.in_s], 4):
        firm.extra_segment = rng.choice([t for t in chain_trades(firm.chain, ctx.segments) if t != firm.trade])
    return firms


def _park_chain(park: str) -> str | None:
    return {"clothing": "textile", "battery": "battery", "food": "food", "general": "building"}.get(park)


def pick_trade(rng: random.Random, ctx: Ctx, chain: str | None) -> str:
    return rng.choice(chain_trades(chain, ctx.segments)) if chain else rng.choice(OTHER_TRADES)


def _plan_previous(rng: random.Random, firms: list[Firm]) -> None:
    """上年同期 1—8月: exact total over S; new firms 0; the late joiner small; leavers declined."""
    regular = [f for f in firms if f.kind == "regular"]
    fixed = {"new": 0, "late": cents(T.LATE_FIRM_PREV)}
    base = cents(T.COUNTY_OUTPUT_PREV) - sum(fixed[f.kind] for f in firms if f.kind in fixed)
    growth = [rng.randint(*GROWTH[f.chain]) for f in regular]
    for firm, prev in zip(regular, split(base, [f.output8 * 10000 // g for f, g in zip(regular, growth)])):
        firm.prev8 = prev
    for firm in firms:
        if firm.kind in fixed:
            firm.prev8 = fixed[firm.kind]
        elif firm.kind == "left":
            firm.prev8 = firm.output8 * 10000 // rng.randint(6000, 8500)
        elif firm.kind == "midyear":
            firm.prev8 = firm.output8 // 2


# --- series per firm ----------------------------------------------------------------------------

def firm_outputs(rng: random.Random, firm: Firm) -> dict[int, list[int]]:
    """Output series for 2021—2023 (2021 only as 上年同期 of 2022)."""
    out23 = series(firm.output8, shape(rng), T.MONTH)
    first_2022 = {"late": 6, "midyear": 3}.get(firm.kind, 1)
    out22 = series(firm.prev8, shape(rng, first_2022), T.MONTH)
    out21 = scaled(out22, rng.randint(8000, 11000)) if firm.kind in ("regular", "left") else [0] * 12
    return {2021: out21, 2022: out22, 2023: out23}


def report_years(firm: Firm) -> tuple[int, ...]:
    return (2022, 2023) if firm.kind in ("regular", "left") else (2023,)


def roster_years(firm: Firm) -> dict[int, int]:
    """Year → joined month."""
    return {"regular": {2022: 1, 2023: 1}, "left": {2022: 1}, "new": {2023: 1},
            "late": {2023: 5}, "midyear": {2023: 10}}.get(firm.kind, {})


# --- rows ---------------------------------------------------------------------------------------

def build_enterprises(ctx: Ctx) -> None:
    rng = ctx.rng("enterprises")
    namer = Namer(ctx.rng("enterprise-names"), ctx.region.name)
    firms = plan_firms(ctx)
    serials = rng.sample(range(31 ** 7, 31 ** 8), len(firms))
    rows = [enterprise_row(ctx, rng, namer, firm, serial) for firm, serial in zip(firms, serials)]
    for firm, ent in zip(firms, bulk(Enterprise, rows)):
        firm.enterprise = ent
    ctx.firms = firms
    link_segments(ctx)
    _mark_leaders(ctx)


def enterprise_row(ctx: Ctx, rng: random.Random, namer: Namer, firm: Firm, serial: int) -> Enterprise:
    name, short, code = namer.enterprise(firm.trade)
    park = ctx.parks.get(firm.park)
    zone = rng.choice(ctx.zones[firm.park]) if park else None
    area = f"{park.short_name}{zone.name}" if park else rng.choice(["城南", "河西", "龙泉镇", "新华镇", "石桥镇"])
    yearly = firm.output8 * 3 // 2 // 100  # 万元 a year, roughly
    land = D(max(3, yearly // rng.randint(120, 400))) + D(rng.randint(0, 99)) / 100
    return Enterprise(
        credit_code=make_code("91" + ctx.region.code, serial),
        name=name, short_name=short, region=ctx.region, park=park, zone=zone,
        industry_code=code, industry_name=industrycode.lookup(code)[1], land_area_mu=land,
        legal_representative=namer.person(), contact=namer.person(), phone=namer.mobile(),
        address=namer.address(area), registered_capital=D(rng.choice([500, 1000, 2000, 3000, 5000, 10000])),
        established=day_between(rng, date(2021, 3, 1), date(2022, 10, 31)) if firm.kind in ("new", "late")
        else day_between(rng, date(2003, 1, 1), date(2020, 12, 31)),
    )


def link_segments(ctx: Ctx) -> None:
    through = Enterprise.segments.through
    rows = []
    for firm in ctx.firms:
        for trade in filter(None, (firm.trade if firm.chain else None, firm.extra_segment)):
            rows.append(through(enterprise_id=firm.enterprise.pk, chainsegment_id=ctx.segments[trade].pk))
    bulk(through, rows)


def _mark_leaders(ctx: Ctx) -> None:
    """镇园之宝, 上市后备 and each chain's 链主: the largest firms on the roster."""
    ranked = sorted((f for f in ctx.firms if f.in_s), key=lambda f: -f.output8)
    in_parks = [f for f in ranked if f.park]
    for firm in in_parks[:6]:
        firm.enterprise.is_treasure = True
    for firm in in_parks[6:9]:
        firm.enterprise.is_listing_reserve = True
    Enterprise.objects.bulk_update([f.enterprise for f in in_parks[:9]], ["is_treasure", "is_listing_reserve"])
    for key, chain in ctx.chains.items():
        owner = next((f for f in ranked if f.chain == key), None)
        if owner:
            chain.owner = owner.enterprise
            chain.save(update_fields=["owner"])


def build_statistics(ctx: Ctx) -> None:
    rng = ctx.rng("statistics")
    rosters, stats = [], []
    for firm in ctx.firms:
        if firm.kind == "small":
            continue
        firm.years = firm_years(firm_outputs(rng, firm), year_ratios(rng, firm.chain, (2021, 2022, 2023)))
        stats.extend(stat_rows(firm.enterprise.pk, firm.years, report_years(firm), ctx.batch))
        rosters.extend(_roster(firm, year, month) for year, month in roster_years(firm).items())
    _mark_mid_2022_joiner(rng, ctx, rosters)
    bulk(RosterEntry, rosters)
    bulk(MonthlyStat, stats)


def _roster(firm: Firm, year: int, month: int) -> RosterEntry:
    notes = {"new": "新投产入规", "late": "年中入规", "midyear": "年中入规"}
    return RosterEntry(enterprise=firm.enterprise, year=year, joined_month=month,
                       note=notes.get(firm.kind, "") if year == 2023 else "")


def _mark_mid_2022_joiner(rng: random.Random, ctx: Ctx, rosters: list[RosterEntry]) -> None:
    outside = [r for r in rosters if r.year == 2022 and r.enterprise.park_id is None]
    entry = rng.choice(outside)
    entry.joined_month, entry.note = 7, "年中入规"
