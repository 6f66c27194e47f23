"""`yuanqu demo --scale province`: 演示省, many counties with parks, firms, stats and projects.

A load test, not a story: its figures need not match the sample briefing. Each county is built
with the same pieces as 示例县 (parks, departments, chains, firms, 1—N月 series, stage histories,
tickets, loans), written with large bulk inserts and no per-row queries; the monthly statistics,
by far the largest table, go in by executemany in chunks.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal as D
from itertools import cycle, islice

from django.db import connection, transaction
from django.utils import timezone

from yuanqu.core.db import analyze
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry
from yuanqu.factors.models import Loan
from yuanqu.land.models import FactoryBuilding, LandParcel, Tenancy
from yuanqu.org.models import Park, Region
from yuanqu.projects.models import AnnualPlan, Progress, Project, Stage, StageChange

from . import factors, industry, org, service
from .alloc import day_between, money, series, shape
from .context import Ctx, bulk
from .names import BRAND_FIRST, BRAND_SECOND, Namer
from .projects import PRODUCTS, stage_fields
from .scope import delete_demo
from .stats import CUMULATIVE, firm_years, stat_values, year_ratios

BATCH_KIND = "demo_province"
PROVINCE_CODE, PROVINCE_NAME = "980000", "演示省"
SEED = "演示省"
YEARS = (2021, 2022, 2023)  # statistics 2021-01 … 2023-12
CHUNK = 20000  # rows built in memory at a time
STAT_FIELDS = ("enterprise_id", "year", "month", "employees", "employees_prev",
               *(f"{k}_{s}" for k in CUMULATIVE for s in ("cum", "prev_cum")))
BATCH = 5000   # rows per INSERT


@dataclass(frozen=True)
class ProvinceSpec:
    cities: int = 6
    counties_per_city: int = 5
    parks_per_county: int = 5
    firms_per_county: int = 680
    projects_per_county: int = 170
    parcels_per_park: int = 10
    tickets_per_county: int = 80
    loans_per_county: int = 60


PARK_TEMPLATES = (("{place}经济开发区", "经开区", "province", "综合制造"),
                  ("{place}纺织服装产业园", "服装园", "city", "纺织鞋服"),
                  ("{place}新能源产业园", "新能源园", "county", "新能源电池"),
                  ("{place}食品产业园", "食品园", "county", "健康食品"),
                  ("{place}新材料产业园", "新材料园", "county", "绿色建材"))
PARK_CHAIN = ("building", "textile", "battery", "food", "building")
DEPARTMENTS = tuple(d for d in org.DEPARTMENTS if d[0] in ("fgj", "jxj", "zrzy", "rsj", "zjj", "spj", "jrzx",
                                                           "power", "gwh"))
# roster history of a firm: (share %, roster years, report years)
ROSTER_KINDS = ((75, (2021, 2022, 2023), (2021, 2022, 2023)), (8, (2021, 2022), (2021, 2022, 2023)),
                (7, (2022, 2023), (2022, 2023)), (10, (), ()))
STAGE_PATH = (Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.BUILDING, Stage.COMPLETED,
              Stage.PRODUCTION)
FINAL_WEIGHTS = ((1, 5), (2, 12), (3, 18), (5, 30), (7, 30), (0, 5))  # (steps, weight); 0 = terminated


def province_region() -> Region | None:
    return Region.objects.filter(code=PROVINCE_CODE).first()


def counties() -> list[Region]:
    return list(Region.objects.filter(parent__parent__code=PROVINCE_CODE))


def is_complete() -> bool:
    return province_region() is not None and DataBatch.objects.filter(
        source=DataBatch.Source.DEMO, kind=BATCH_KIND, row_count__gt=0).exists()


def reset_province() -> None:
    if province_region() is not None:
        delete_demo(counties(), BATCH_KIND)
    Region.objects.filter(code=PROVINCE_CODE, children__isnull=True).delete()
    DataBatch.objects.filter(source=DataBatch.Source.DEMO, kind=BATCH_KIND).delete()


def ensure_province(reset: bool = False, spec: ProvinceSpec = ProvinceSpec()) -> tuple[bool, str]:
    with transaction.atomic():
        if is_complete() and not reset:
            return False, summary()
        reset_province()
        build_province(spec)
    analyze()
    return True, summary()


def summary() -> str:
    r = counties()
    return (f"演示省：县{len(r)}个、园区{Park.objects.filter(region__in=r).count()}个、"
            f"企业{Enterprise.objects.filter(region__in=r).count()}户、"
            f"月度统计{MonthlyStat.objects.filter(enterprise__region__in=r).count()}行、"
            f"项目{Project.objects.filter(region__in=r).count()}个。")


# --- regions ----------------------------------------------------------------------------------

def _place_names(rng: random.Random, n: int) -> list[str]:
    names = [a + b for a in BRAND_FIRST for b in BRAND_SECOND if a != b]
    return rng.sample(names, n)


def build_province(spec: ProvinceSpec) -> None:
    rng = random.Random(SEED)
    province = Region.objects.create(code=PROVINCE_CODE, name=PROVINCE_NAME, level=Region.Level.PROVINCE)
    n_counties = spec.cities * spec.counties_per_city
    names = _place_names(rng, spec.cities + n_counties)
    batch = DataBatch.objects.create(source=DataBatch.Source.DEMO, kind=BATCH_KIND, note="演示省压力测试数据")
    categories = service.ensure_categories()
    rows = 0
    for c in range(1, spec.cities + 1):
        city = Region.objects.create(code=f"98{c:02d}00", name=f"{names[c - 1]}市", level=Region.Level.CITY,
                                     parent=province)
        for k in range(1, spec.counties_per_city + 1):
            name = names[spec.cities + (c - 1) * spec.counties_per_city + k - 1]
            county = Region.objects.create(code=f"98{c:02d}{k:02d}", name=f"{name}县", level=Region.Level.COUNTY,
                                           parent=city)
            rows += build_scaled_county(Ctx(region=county, batch=batch, seed=f"{SEED}:{county.code}"), spec,
                                        categories)
    batch.row_count = rows
    batch.save(update_fields=["row_count"])


def build_scaled_county(ctx: Ctx, spec: ProvinceSpec, categories) -> int:
    org.build_parks(ctx, _park_specs(spec))
    org.build_departments(ctx, DEPARTMENTS)
    industry.build_chains(ctx)
    rows = _firms(ctx, spec)
    rows += _projects(ctx, spec)
    _land(ctx, spec)
    _tickets(ctx, spec, categories)
    _loans(ctx, spec)
    return rows


def _park_specs(spec: ProvinceSpec) -> tuple:
    """Park specs as org.PARKS has them; the first park is "general" (the 管委会 belongs to it)."""
    keys = ["general"] + [f"p{i}" for i in range(2, spec.parks_per_county + 1)]
    zones = (("a", "一区", D(2000)), ("b", "二区", D(2000)))
    return tuple((key, name, short, level, trade, D(4000), D(2400), date(2010, 1, 1), zones)
                 for key, (name, short, level, trade) in zip(keys, cycle(PARK_TEMPLATES)))


# --- firms and statistics -----------------------------------------------------------------------

def _roster_kind(rng: random.Random):
    return rng.choices(ROSTER_KINDS, weights=[k[0] for k in ROSTER_KINDS])[0]


def _firms(ctx: Ctx, spec: ProvinceSpec) -> int:
    rng = ctx.rng("firms")
    namer = Namer(ctx.rng("names"), ctx.region.name)
    keys = list(ctx.parks)
    plans = []
    for _ in range(spec.firms_per_county):
        park = rng.choice(keys) if rng.random() < 0.8 else None
        chain = PARK_CHAIN[keys.index(park) % len(PARK_CHAIN)] if park and rng.random() < 0.6 else None
        trade = industry.pick_trade(rng, ctx, chain)
        kind = _roster_kind(rng)
        output8 = int(rng.lognormvariate(0, 0.9) * 500000) + 150000 if kind[1] else 0
        plans.append((industry.Firm(park, chain, trade, "regular" if kind[1] else "small", output8), kind))
    serials = rng.sample(range(31 ** 7, 31 ** 8), len(plans))
    ents = bulk(Enterprise, [industry.enterprise_row(ctx, rng, namer, f, s) for (f, _), s in zip(plans, serials)],
                BATCH)
    for (firm, _), ent in zip(plans, ents):
        firm.enterprise = ent
    ctx.firms = [f for f, _ in plans]
    industry.link_segments(ctx)
    bulk(RosterEntry, [RosterEntry(enterprise=f.enterprise, year=y) for f, kind in plans for y in kind[1]], BATCH)
    return insert_stats(_stat_values(rng, plans), ctx.batch)


def _stat_values(rng: random.Random, plans):
    for firm, (_, roster_years, report_years) in plans:
        if not report_years:
            continue
        outputs = _outputs(rng, firm.output8, roster_years)
        years = firm_years(outputs, year_ratios(rng, firm.chain, outputs))
        yield from stat_values(firm.enterprise.pk, years, report_years)


def insert_stats(values, batch) -> int:
    """Insert MonthlyStat rows with executemany, in chunks: some 640 000 rows through bulk_create spend
    most of their time building model instances and preparing each value one by one."""
    columns = list(STAT_FIELDS)
    table = connection.ops.quote_name(MonthlyStat._meta.db_table)
    names = ", ".join(connection.ops.quote_name(MonthlyStat._meta.get_field(f).column) for f in columns)
    sql = (f"INSERT INTO {table} ({names}, batch_id, updated_at) "
           f"VALUES ({', '.join(['%s'] * (len(columns) + 2))})")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    count = 0
    with connection.cursor() as cursor:
        while chunk := list(islice(values, CHUNK)):
            cursor.executemany(sql, [[v[f] for f in columns] + [batch.pk, now] for v in chunk])
            count += len(chunk)
    return count


def _outputs(rng: random.Random, output8: int, roster_years) -> dict[int, list[int]]:
    """Series 2020—2023 from the 2023 1—8月 value backwards; zero before a firm started producing."""
    first = min(roster_years)
    out, value = {}, output8
    for year in (2023, 2022, 2021, 2020):
        out[year] = series(value, shape(rng), 8) if year >= first else [0] * 12
        value = value * 10000 // rng.randint(9000, 13000)
    return out


# --- projects -----------------------------------------------------------------------------------

def _projects(ctx: Ctx, spec: ProvinceSpec) -> int:
    rng = ctx.rng("projects")
    namer = Namer(ctx.rng("project-names"), "")
    keys = list(ctx.parks)
    plans, histories = [], []
    for i in range(1, spec.projects_per_county + 1):
        park = rng.choice(keys)
        chain = PARK_CHAIN[keys.index(park) % len(PARK_CHAIN)]
        total = rng.randint(20, 3000) * 100
        history = _history(rng, total)
        plans.append(Project(code=f"{ctx.region.code}XM{i:04d}", name=f"{namer.brand()}"
                             f"{rng.choice(PRODUCTS[chain]).format(n=rng.choice((5, 10, 50)))}项目",
                             region=ctx.region, park=ctx.parks[park], total_investment=money(total * 100),
                             segment=ctx.segments[rng.choice([k for k in ctx.segments if k.startswith(chain)])],
                             source_region=rng.choice(("成都", "重庆", "", "", "广东深圳")),
                             key_level=rng.choice(("", "", "", "county", "city", "province")),
                             **stage_fields(history)))
        histories.append(history)
    projects = bulk(Project, plans, BATCH)
    bulk(StageChange, [StageChange(project=p, stage=s, date=d, amount=money(a * 100) if a else None)
                       for p, h in zip(projects, histories) for s, d, a in h], BATCH)
    return _plans_and_progress(ctx, rng, projects)


def _history(rng: random.Random, total: int) -> list[tuple]:
    steps, weight = zip(*FINAL_WEIGHTS)
    final = rng.choices(steps, weights=weight)[0]
    day = day_between(rng, date(2019, 6, 1), date(2023, 10, 31))
    out = []
    for stage in STAGE_PATH[: final or 2]:
        if day > date(2023, 12, 31):
            break
        out.append((stage, day, total if stage == Stage.SIGNED else None))
        day += timedelta(days=rng.randint(20, 200))
    if final == 0 and day <= date(2023, 12, 31):
        out.append((Stage.TERMINATED, day, None))
    return out


def _plans_and_progress(ctx: Ctx, rng: random.Random, projects) -> int:
    """2023 plans for projects started in 2023 or building into it, with 12 monthly progress rows."""
    plans, progress = [], []
    for p in projects:
        start, done = p.started_date, p.completed_date
        if not start or start.year > 2023 or (done and done.year < 2023):
            continue
        planned = int(p.total_investment * 100) * rng.randint(30, 50) // 100
        plans.append(AnnualPlan(project=p, year=2023, planned_investment=money(planned),
                                plan_start=start.year == 2023, is_continuing=start.year < 2023,
                                plan_complete=bool(done)))
        first = start.month if start.year == 2023 else 1
        last = done.month if done and done.month >= first else 12
        values = series(planned * rng.randint(60, 110) // 100, shape(rng, first, last), 12)
        progress += [Progress(project=p, year=2023, month=m, completed_investment_cum=money(v), batch=ctx.batch,
                              image_progress="前期手续办理中" if m < first else "建设中")
                     for m, v in enumerate(values, start=1)]
    bulk(AnnualPlan, plans, BATCH)
    return len(bulk(Progress, progress, BATCH))


# --- land, tickets, loans ---------------------------------------------------------------------

PARCEL_STATUS = ((LandParcel.Status.BUILT, 60), (LandParcel.Status.BUILDING, 20), (LandParcel.Status.SUPPLIED, 10),
                 (LandParcel.Status.APPROVED, 7), (LandParcel.Status.STOPPED, 3))
DEVELOPED = {"built": (100, 100), "building": (20, 80), "supplied": (0, 0), "approved": (0, 0), "stopped": (5, 30)}


def _land(ctx: Ctx, spec: ProvinceSpec) -> None:
    rng = ctx.rng("land")
    holders = {k: [f.enterprise for f in ctx.firms if f.park == k] or [None] for k in ctx.parks}
    numbers = range(1, spec.parcels_per_park + 1)
    bulk(LandParcel, [_parcel(rng, ctx, key, i, holders[key]) for key in ctx.parks for i in numbers], BATCH)
    buildings = bulk(FactoryBuilding, [_building(rng, park, i) for park in ctx.parks.values() for i in (1, 2)])
    bulk(Tenancy, [Tenancy(building=b, enterprise=tenant, area_m2=b.let_area_m2, start_date=b.completed_date)
                   for b in buildings if (tenant := rng.choice(holders[_key(ctx, b.park_id)]))])


def _parcel(rng: random.Random, ctx: Ctx, key: str, i: int, holders: list) -> LandParcel:
    statuses, weights = zip(*PARCEL_STATUS)
    status = rng.choices(statuses, weights=weights)[0]
    area = rng.randint(1000, 15000)
    supplied = day_between(rng, date(2010, 1, 1), date(2023, 6, 30)) if status != "approved" else None
    started = supplied + timedelta(days=rng.randint(90, 300)) if status not in ("approved", "supplied") else None
    park = ctx.parks[key]
    return LandParcel(
        code=f"{park.code}-DK{i:03d}", park=park, zone=ctx.zones[key][i % 2], area_mu=money(area), status=status,
        supplied_date=supplied, holder=rng.choice(holders) if supplied else None,
        agreed_start_date=supplied + timedelta(days=180) if supplied else None, actual_start_date=started,
        stopped_date=date(2022, 3, 1) if status == "stopped" else None,
        developed_area_mu=money(area * rng.randint(*DEVELOPED[status]) // 100),
        plot_ratio=D(rng.randint(50, 220)) / 100)


def _building(rng: random.Random, park, i: int) -> FactoryBuilding:
    floor = D(rng.randint(50, 200) * 100)
    return FactoryBuilding(code=f"{park.code}-CF{i:02d}", name=f"{park.short_name}标准厂房{i}号楼", park=park,
                           floor_area_m2=floor, let_area_m2=floor * rng.randint(50, 100) // 100,
                           completed_date=day_between(rng, date(2015, 1, 1), date(2023, 6, 30)))


def _key(ctx: Ctx, park_id: int) -> str:
    return next(k for k, p in ctx.parks.items() if p.pk == park_id)


def _tickets(ctx: Ctx, spec: ProvinceSpec, categories) -> None:
    rng = ctx.rng("tickets")
    firms = [f.enterprise for f in ctx.firms]
    maker = service.TicketMaker(ctx, rng, categories, firms, [])
    codes = list(categories)
    for i in range(spec.tickets_per_county):
        if i % 10 == 9:
            maker.make(rng.choice(codes), day_between(rng, date(2023, 10, 1), date(2023, 12, 28)), "handling")
        else:
            maker.resolved(rng.choice(codes), date(2021, 2, 1), date(2023, 12, 20), date(2023, 12, 1))
    maker.save()


def _loans(ctx: Ctx, spec: ProvinceSpec) -> None:
    rng = ctx.rng("loans")
    banks = factors.ensure_institutions(ctx)
    firms = [f.enterprise for f in ctx.firms if f.kind != "small"] or [f.enterprise for f in ctx.firms]
    per_year = max(len(banks), spec.loans_per_county // 3)
    rows = []
    for year in YEARS:
        rows += factors.loan_rows(rng, banks, firms, date(year, 1, 1), date(year, 12, 28), per_year, per_year * 1500)
    bulk(Loan, rows, BATCH)
