"""Land parcels, standard factory buildings with tenants, and revitalization actions (DOMAIN §7).

Parcels supplied by 2023-08-31 and not recovered total `SUPPLIED_AREA` with `SUPPLIED_DEVELOPED`
developed (土地建成率 91.30%); two of them are idle under 53号令; the actions of 2023-01…08 盘活
120亩 and 4.6万㎡.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal as D

from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization, Tenancy

from . import targets as T
from .alloc import cents, day_between, money, split_random
from .context import Ctx, bulk

Status, Method, Supply = LandParcel.Status, Revitalization.Method, LandParcel.SupplyMethod
BUILDING_PARCELS = 8
BUILT_PARCELS = 44
PARKS_BY_WEIGHT = ("general", "general", "general", "clothing", "clothing", "battery", "food")


@dataclass
class ParcelSpec:
    park: str
    area: int                 # cents of 亩
    developed: int
    status: str
    supplied: date | None
    agreed_start: date | None = None
    started: date | None = None
    stopped: date | None = None
    plot_ratio: str | None = None
    low_efficiency: bool = False
    invested_share: int = 100  # % of the agreed investment already invested
    name: str = ""
    tag: str = ""


def _special_parcels() -> list[ParcelSpec]:
    m = cents
    return [
        ParcelSpec("general", m(D("45")), 0, Status.SUPPLIED, date(2021, 6, 15), date(2022, 3, 1),
                   name="青东片区纬三路北侧地块", tag="idle-unstarted", invested_share=0),
        ParcelSpec("clothing", m(D("60")), m(D("12")), Status.STOPPED, date(2019, 8, 20), date(2020, 3, 1),
                   date(2020, 4, 10), date(2022, 4, 30), invested_share=13, name="服装园二期东侧地块",
                   tag="idle-stopped"),
        ParcelSpec("battery", m(D("38")), 0, Status.SUPPLIED, date(2023, 3, 20), date(2023, 9, 30),
                   invested_share=0, name="电池园起步区6号地块"),
        ParcelSpec("food", m(D("52")), 0, Status.SUPPLIED, date(2023, 6, 8), date(2024, 1, 15),
                   invested_share=0, name="食品园西区3号地块"),
    ]


def _revitalized_parcels() -> list[ParcelSpec]:
    """Built, low-efficiency parcels acted on in the window (the 收回 one is recovered and out of the rate)."""
    parks = ("general", "clothing", "food", "general")
    specs = [ParcelSpec("general", cents(T.REVITALIZED_MU[0]), cents(T.REVITALIZED_MU[0]), Status.RECOVERED,
                        date(2016, 5, 10), date(2016, 12, 1), date(2017, 3, 1), plot_ratio="0.35",
                        low_efficiency=True, name="城北片区原砖厂地块", tag="revitalize-0")]
    ratios = ("0.55", "0.72", "0.80", "0.64")
    for i, (park, area, ratio) in enumerate(zip(parks, T.REVITALIZED_MU[1:], ratios), start=1):
        specs.append(ParcelSpec(park, cents(area), cents(area), Status.BUILT, date(2012, 7, 1), date(2013, 1, 1),
                                date(2013, 3, 1), plot_ratio=ratio, low_efficiency=D(ratio) < D("0.70"),
                                tag=f"revitalize-{i}"))
    return specs


def plan_parcels(rng: random.Random) -> list[ParcelSpec]:
    specials = _special_parcels()
    revitalized = _revitalized_parcels()
    in_rate = specials + revitalized[1:]
    undeveloped = cents(T.SUPPLIED_AREA - T.SUPPLIED_DEVELOPED) - sum(p.area - p.developed for p in in_rate)
    building = []
    for part in split_random(rng, undeveloped, BUILDING_PARCELS, floor=cents(D("10"))):
        developed = part * rng.randint(50, 200) // 100
        supplied = day_between(rng, date(2020, 1, 1), date(2022, 6, 30))
        building.append(ParcelSpec(rng.choice(PARKS_BY_WEIGHT), part + developed, developed, Status.BUILDING,
                                   supplied, supplied + timedelta(days=120),
                                   supplied + timedelta(days=rng.randint(90, 200)), invested_share=rng.randint(30, 80)))
    rest = cents(T.SUPPLIED_AREA) - sum(p.area for p in in_rate + building)
    built = [_built(rng, area) for area in split_random(rng, rest, BUILT_PARCELS, floor=cents(D("20")))]
    for spec, ratio in zip(built[:3], ("0.62", "0.85", "0.91")):
        spec.plot_ratio = ratio
    return in_rate + building + built + revitalized[:1] + _outside_rate()


def _built(rng: random.Random, area: int) -> ParcelSpec:
    supplied = day_between(rng, date(2008, 1, 1), date(2020, 12, 31))
    started = supplied + timedelta(days=rng.randint(60, 240))
    return ParcelSpec(rng.choice(PARKS_BY_WEIGHT), area, area, Status.BUILT, supplied,
                      supplied + timedelta(days=180), started, plot_ratio=f"{rng.randint(100, 220) / 100:.2f}")


def _outside_rate() -> list[ParcelSpec]:
    """Not in 土地建成率 at 2023-08-31: supplied later, or approved but not supplied (批而未供)."""
    later = ParcelSpec("battery", cents(D("80")), 0, Status.SUPPLIED, date(2023, 10, 12), date(2024, 4, 12),
                       invested_share=0, name="电池园拓展区2号地块")
    approved = [ParcelSpec(park, cents(area), 0, Status.APPROVED, None, name=name) for park, area, name in (
        ("battery", D("120"), "电池园拓展区5号地块"), ("food", D("65.5"), "食品园东区8号地块"),
        ("general", D("90"), "青东片区经五路西侧地块"))]
    return [later] + approved


def build_land(ctx: Ctx) -> None:
    rng = ctx.rng("land")
    specs = plan_parcels(rng)
    parcels = bulk(LandParcel, [_parcel(ctx, rng, i, s) for i, s in enumerate(specs, start=1)])
    tagged = [p for p, s in sorted(((p, s) for p, s in zip(parcels, specs) if s.tag.startswith("revitalize")),
                                   key=lambda pair: pair[1].tag)]
    built = [p for p, s in zip(parcels, specs) if s.status == Status.BUILT and not s.tag]
    buildings = build_buildings(ctx, rng)
    build_revitalizations(ctx, rng, tagged, built, buildings)


def _parcel(ctx: Ctx, rng: random.Random, i: int, s: ParcelSpec) -> LandParcel:
    area = money(s.area)
    park = ctx.parks[s.park]
    holders = [f.enterprise for f in ctx.firms if f.park == s.park]
    price_per_mu = D(rng.randint(12, 25))
    agreed = (area * rng.randint(200, 400)).quantize(D("1")) if s.supplied else None
    return LandParcel(
        code=f"{ctx.region.code}-DK{i:03d}", name=s.name or f"{park.short_name}{i}号地块", park=park,
        zone=rng.choice(ctx.zones[s.park]), area_mu=area, status=s.status,
        approved_date=(s.supplied or date(2023, 4, 1)) - timedelta(days=rng.randint(60, 300)),
        supplied_date=s.supplied, supply_method=Supply.TRANSFER if s.supplied else "",
        agreed_start_date=s.agreed_start, actual_start_date=s.started,
        built_date=s.started + timedelta(days=rng.randint(300, 700)) if s.status in (Status.BUILT, Status.RECOVERED)
        else None, stopped_date=s.stopped,
        holder=rng.choice(holders) if s.supplied and s.tag != "idle-unstarted" else None,
        holder_name="示例县宏图置业有限公司" if s.tag == "idle-unstarted" else "",
        plot_ratio=D(s.plot_ratio) if s.plot_ratio else None, developed_area_mu=money(s.developed),
        agreed_investment=agreed, invested_amount=agreed * s.invested_share // 100 if agreed else None,
        land_price=(area * price_per_mu).quantize(D("0.01")) if s.supplied else None,
        is_low_efficiency=s.low_efficiency,
    )


# --- standard factory buildings ---------------------------------------------------------------

BUILDINGS = 12


def build_buildings(ctx: Ctx, rng: random.Random) -> list[FactoryBuilding]:
    rows = []
    for i in range(1, BUILDINGS + 1):
        park_key = PARKS_BY_WEIGHT[i % len(PARKS_BY_WEIGHT)]
        park = ctx.parks[park_key]
        floor = D(rng.randint(60, 240) * 100)
        if i <= len(T.REVITALIZED_M2):  # big enough for this year's action on it
            floor = max(floor, T.REVITALIZED_M2[i - 1] * rng.randint(110, 160) // 100)
        completed = date(2023, 11, 20) if i == BUILDINGS else day_between(rng, date(2015, 1, 1), date(2022, 12, 31))
        let = D(0) if i == BUILDINGS else floor * rng.randint(60, 100) // 100
        rows.append(FactoryBuilding(code=f"{ctx.region.code}-CF{i:02d}", name=f"{park.short_name}标准厂房{i}号楼",
                                    park=park, floors=rng.randint(1, 5), floor_area_m2=D(floor), let_area_m2=D(let),
                                    completed_date=completed, owner_name=f"{ctx.region.name}园区建设投资有限公司",
                                    monthly_rent=D(rng.randint(8, 15))))
    buildings = bulk(FactoryBuilding, rows)
    build_tenancies(ctx, rng, buildings)
    return buildings


def build_tenancies(ctx: Ctx, rng: random.Random, buildings: list[FactoryBuilding]) -> None:
    rows = []
    for b in buildings:
        if not b.let_area_m2:
            continue
        tenants = [f.enterprise for f in ctx.firms if f.enterprise.park_id == b.park_id]
        chosen = rng.sample(tenants, min(len(tenants), rng.randint(1, 4)))
        for ent, part in zip(chosen, split_random(rng, cents(b.let_area_m2), len(chosen))):
            rows.append(Tenancy(building=b, enterprise=ent, area_m2=money(part),
                                start_date=day_between(rng, b.completed_date, date(2023, 8, 1))))
    bulk(Tenancy, rows)


# --- revitalization ------------------------------------------------------------------------------

LAND_METHODS = (Method.RECOVER, Method.TRANSFER, Method.COOPERATE, Method.RENOVATE, Method.ATTRACT)
LAND_NOTES = ("依法收回长期低效利用土地", "低效用地转让给园区优质企业", "引入社会资本合作开发", "厂房加层改造提升容积率",
              "引进新项目入驻")
BUILDING_METHODS = (Method.ATTRACT, Method.RENOVATE, Method.ATTRACT, Method.TRANSFER)
DATES_MU = (date(2023, 3, 15), date(2023, 5, 10), date(2023, 6, 20), date(2023, 7, 18), date(2023, 8, 9))
DATES_M2 = (date(2023, 2, 22), date(2023, 4, 26), date(2023, 6, 5), date(2023, 8, 16))


def build_revitalizations(ctx: Ctx, rng: random.Random, tagged, built, buildings) -> None:
    firms = [f.enterprise for f in ctx.firms if f.in_s and f.park]
    rows = [Revitalization(parcel=p, area_mu=area, date=day, method=method, note=note,
                           enterprise=None if method == Method.RECOVER else rng.choice(firms))
            for p, area, day, method, note in zip(tagged, T.REVITALIZED_MU, DATES_MU, LAND_METHODS, LAND_NOTES)]
    rows += [Revitalization(building=b, area_m2=area, date=day, method=method, enterprise=rng.choice(firms),
                            note="闲置标准厂房招商入驻" if method == Method.ATTRACT else "闲置厂房改造后盘活")
             for b, area, day, method in zip(buildings, T.REVITALIZED_M2, DATES_M2, BUILDING_METHODS)]
    rows += [  # outside the window: not counted in 2023-08
        Revitalization(parcel=built[0], area_mu=D("30.00"), date=date(2022, 9, 15), method=Method.TRANSFER,
                       note="2022年低效用地转让"),
        Revitalization(parcel=built[1], area_mu=D("12.00"), date=date(2023, 10, 11), method=Method.COOPERATE,
                       note="合作开发"),
        Revitalization(building=buildings[5], area_m2=D("9000.00"), date=date(2022, 11, 3), method=Method.ATTRACT,
                       note="2022年闲置厂房招商入驻"),
        Revitalization(building=buildings[6], area_m2=D("5000.00"), date=date(2023, 11, 8), method=Method.RENOVATE,
                       note="闲置厂房改造"),
    ]
    bulk(Revitalization, rows)
