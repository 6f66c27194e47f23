"""Projects of 示例县: stage histories, 2023 annual plans, monthly progress, and leads (DOMAIN §4—§6).

Projects come in pools, each with its own stage path; only the plan pool starts in 2023-01…08,
only the signing pool is first signed then, and the key groups' progress sums are exact.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from yuanqu.projects import services
from yuanqu.projects.models import AnnualPlan, Designation, Lead, Progress, Project, Stage, StageChange

from . import targets as T
from .alloc import cents, day_between, money, month_day, series_through, shape, split, weights
from .context import Ctx, bulk
from .names import Namer

LEADERS = ("周振华", "张志刚", "李卫东", "赵明远", "孙建平", "王晓东")
WAN = 100  # cents in one 万元


@dataclass(frozen=True)
class Spec:
    name: str
    segment: str | None
    park: str | None
    key: str = ""
    source: str = ""
    total: int | None = None  # 万元, fixed; None = drawn from the pool's remainder
    kind: str = Project.Kind.INDUSTRY


INFRA, SUPPORT = Project.Kind.INFRASTRUCTURE, Project.Kind.SUPPORTING
PROVINCE, CITY, COUNTY = "province", "city", "county"

PLAN_STARTED = (
    Spec("新能源汽车用动力电池项目", "battery.cell", "battery", PROVINCE, "成都", 150000),
    Spec("{place}现代农业产业园建设项目", "food.farming", "food", PROVINCE, "", 120000),
    Spec("锂电池隔膜及电解液项目", "battery.separator", "battery", PROVINCE, "重庆", 80000),
    Spec("鑫鸣灏职业装智能制造项目", "textile.garment", "clothing", CITY, "福建晋江", 45000),
    Spec("臻秦食品精深加工项目", "food.prepared", "food", CITY, "", 36000),
    Spec("锦程年产800万双运动鞋项目", "textile.shoes", "clothing", CITY, "福建晋江", 30000),
    Spec("华兴功能性面料项目", "textile.fabric", "clothing", CITY, "浙江绍兴", 26000),
    Spec("川味调味品生产基地项目", "food.seasoning", "food", COUNTY, "成都"),
    Spec("恒达新型墙材项目", "building.wall", "general", COUNTY),
    Spec("瑞丰预制菜中央厨房项目", "food.prepared", "food", "", "重庆"),
    Spec("博远储能电池Pack项目", "battery.pack", "battery", "", "广东深圳"),
    Spec("盛发童装产业园项目", "textile.garment", "clothing", "", "广东佛山"),
    Spec("德润粮油加工项目", "food.grain", "food"),
    Spec("青东标准厂房三期项目", None, "general", COUNTY, kind=SUPPORT),
    Spec("园区一环路建设项目", None, "general", kind=INFRA),
    Spec("南北干道一号路一标段项目", None, "general", kind=INFRA),
    Spec("嘉禾皮革制品项目", "textile.accessories", "clothing", "", "浙江温州"),
    Spec("汇通冷链物流园项目", "food.coldchain", "food", "", "重庆", kind=SUPPORT),
    Spec("天成精密结构件项目", "battery.casing", "battery", "", "成都"),
)
PLAN_WAITING = (Spec("伟晟环保材料项目", "building.concrete", "general", CITY, "", 16700),)
COMPLETED = (
    Spec("安吉纳智能制鞋项目", "textile.shoes", "clothing", PROVINCE, "福建晋江", 38000),
    Spec("锦鑫泰服饰扩能项目", "textile.garment", "clothing", CITY, "", 28000),
    Spec("金穗米业技改项目", "food.grain", "food", COUNTY),
    Spec("宏源包装材料项目", None, "general"),
    Spec("永兴电池壳体项目", "battery.casing", "battery", "", "重庆"),
    Spec("众诚制衣生产线项目", "textile.garment", "clothing"),
    Spec("祥和饮品项目", "food.prepared", "food", "", "成都"),
    Spec("卓越鞋材项目", "textile.accessories", "clothing", "", "福建晋江"),
)
BUILDING = (
    Spec("鼎盛锂电池负极材料项目", "battery.anode", "battery", PROVINCE, "成都", 95000),
    Spec("领旗食品一期项目", "food.prepared", "food", CITY, "", 52000),
    Spec("五里梁基础设施二期项目", None, "general", CITY, "", 80000, INFRA),
    Spec("产城新区北片区安置房项目", None, None, COUNTY, "", 65000, SUPPORT),
    Spec("佳美服装辅料产业园项目", "textile.accessories", "clothing", "", "浙江义乌", 36000),
)
SIGNED = (
    Spec("珍有缘二期项目", "food.prepared", "food"),
    Spec("穆丹食品项目", "food.seasoning", "food", "", "成都"),
    Spec("凯达新能源储能系统项目", "battery.pack", "battery", "", "重庆"),  # signs an increase in July
    Spec("蜀锦时尚女装项目", "textile.garment", "clothing", "", "成都"),
    Spec("川渝运动鞋服产业园项目", "textile.shoes", "clothing", "", "重庆"),
    Spec("正源锂电池回收利用项目", "battery.recycling", "battery", "", "重庆"),
    Spec("天府优质大米加工项目", "food.grain", "food", "", "成都"),
    Spec("汇丰羽绒制品项目", "textile.garment", "clothing", "", "浙江"),
    Spec("鸿运包装印刷项目", None, "general"),
    Spec("华美鞋材新材料项目", "textile.accessories", "clothing", "", "福建晋江"),
    Spec("聚能电解液项目", "battery.separator", "battery", "", "重庆"),
    Spec("绿源有机肥项目", "food.farming", "food"),
    Spec("山珍菌业深加工项目", "food.prepared", "food", "", "成都"),
    Spec("金盾安防服装项目", "textile.garment", "clothing", "", "江苏"),
    Spec("同创智能装备制造项目", None, "general", "", "成都"),
    Spec("乾坤电子元器件项目", None, "general", "", "广东深圳"),
    Spec("康源生物饲料项目", "food.farming", "food", "", "重庆"),
    Spec("恒昌装配式建筑部品项目", "building.prefab", "general"),
    Spec("安泰劳保用品项目", "textile.garment", "clothing", "", "重庆"),
    Spec("益康功能饮品项目", "food.prepared", "food", "", "成都"),
)
INCREASE_PROJECT = "凯达新能源储能系统项目"
LATE_STARTERS = ("珍有缘二期项目", "穆丹食品项目")  # start after August: outside the window
NEGOTIATING_FIXED = (
    Spec("新型双离子电池产业园项目", "battery.cell", "battery", "", "成都", 500000),
    Spec("锂电池钢壳制造项目", "battery.casing", "battery", "", "重庆"),
    Spec("磷酸铁锂正极材料项目", "battery.cathode", "battery", "", "成都", 300000),
)
SIGNS_IN_OCTOBER = "锂电池钢壳制造项目"  # 洽谈 as of 2023-08-31, signed later
SOURCES = ("成都", "重庆", "成都", "重庆", "广东深圳", "浙江", "福建晋江", "江苏", "")

# Generated pools: count, total (万元), floor (万元)
GENERATED = {"negotiating": (20, None, 20000), "waiting": (3, 68000, 8000), "terminated": (2, 45000, 10000),
             "lead": (3, 120000, 20000), "producing": (4, 96000, 8000)}

PRODUCTS = {
    "textile": ("年产{n}万套职业装生产线", "高端女装智能制造", "功能性运动鞋服", "年产{n}万双休闲鞋"),
    "food": ("年产{n}万吨农产品精深加工", "中央厨房预制菜", "特色调味品", "年产{n}万吨功能饮品"),
    "battery": ("年产{n}GWh锂离子电池", "储能电池系统集成", "锂电池精密结构件", "动力电池梯次利用"),
    "building": ("新型环保建材", "装配式建筑部品部件"),
    None: ("智能装备制造", "电子元器件", "新型包装材料", "医药中间体"),
}
IMAGE = ("场地平整完成", "基础施工", "主体结构施工", "钢结构厂房吊装", "主体封顶", "内部装修及设备采购",
         "设备安装调试")
PROBLEMS = ("施工用电接入滞后，已协调供电公司加快实施", "项目融资到位慢于预期", "部分用地手续尚在办理",
            "环评批复待下达", "建材价格上涨，施工进度放缓", "用工短缺，已对接县人社局")


# The city's 一季度 骏马项目 (the sample's 8), and the 红榜 of province and city the county's project work
# entered in 一季度: designations made by others, recorded with their source (never computed).
CITY_STEEDS = ("新能源汽车用动力电池项目", "{place}现代农业产业园建设项目", "鼎盛锂电池负极材料项目", "锂电池隔膜及电解液项目",
               "领旗食品一期项目", "鑫鸣灏职业装智能制造项目", "安吉纳智能制鞋项目", "臻秦食品精深加工项目")
STEED_DOCUMENT = "关于2023年一季度全市重点项目“骏马项目”“蜗牛项目”评定情况的通报"
RED_LIST_SOURCES = ((Designation.Level.PROVINCE, T.PROVINCE_NAME, "关于2023年一季度全省重点项目推进情况“红黑榜”的通报"),
                    (Designation.Level.CITY, T.CITY_NAME, "关于2023年一季度全市重点项目推进情况“红黑榜”的通报"))
CAMPAIGN_OFFICE = "“园区提质”“企业满园”行动领导小组办公室"


# --- pools: which projects, how much ----------------------------------------------------------

def _generated_specs(ctx: Ctx, rng: random.Random) -> dict[str, list[Spec]]:
    namer = Namer(ctx.rng("project-names"), "")
    out = {}
    for pool, (count, _, _) in GENERATED.items():
        specs = []
        for i in range(count):
            chain = rng.choice(("textile", "food", "battery", "building", None))
            segment = rng.choice([k for k in ctx.segments if k.startswith(f"{chain}.")]) if chain else None
            park = {"textile": "clothing", "food": "food", "battery": "battery"}.get(chain, "general")
            product = rng.choice(PRODUCTS[chain]).format(n=rng.choice((5, 10, 20, 50, 100)))
            specs.append(Spec(f"{namer.brand()}{product}项目", segment, park, "", SOURCES[i % len(SOURCES)]))
        out[pool] = specs
    out["negotiating"] = list(NEGOTIATING_FIXED) + out["negotiating"]
    return out


def pools(ctx: Ctx) -> dict[str, list[Spec]]:
    rng = ctx.rng("project-pools")
    generated = _generated_specs(ctx, rng)
    return {"plan_started": list(PLAN_STARTED), "plan_waiting": list(PLAN_WAITING), "completed": list(COMPLETED),
            "building": list(BUILDING), "signed": list(SIGNED), **generated}


def pool_totals() -> dict[str, int | None]:
    """Exact total investment per pool in 万元 (signing pool: Σ first signings and the increase)."""
    fixed = {"plan_started": T.STARTED_INVESTMENT, "plan_waiting": T.PLAN_START_INVESTMENT - T.STARTED_INVESTMENT,
             "completed": T.COMPLETED_INVESTMENT, "signed": T.SIGNED_AMOUNT,
             "negotiating": T.NEGOTIATING_INVESTMENT, "building": None}
    totals = {k: cents(v) // WAN if v is not None else None for k, v in fixed.items()}
    totals.update({k: total for k, (_, total, _) in GENERATED.items() if k != "negotiating"})
    return totals


def allocate(rng: random.Random, specs: list[Spec], total: int | None, floor: int = 3000) -> list[int]:
    """Total investment (万元) per spec: fixed values kept, the rest split by random weights."""
    free = [i for i, s in enumerate(specs) if s.total is None]
    amounts = [s.total or 0 for s in specs]
    if free:
        rest = total - sum(amounts)
        for i, part in zip(free, split(rest, weights(rng, len(free), 0.7), floor)):
            amounts[i] = part
    elif total is not None and sum(amounts) != total:
        raise ValueError(f"fixed amounts {sum(amounts)} ≠ pool total {total}")
    return amounts


# --- stage paths ----------------------------------------------------------------------------

def path(rng: random.Random, pool: str, spec: Spec, total: int) -> list[tuple]:
    """[(stage, date, amount 万元 or None, note)] for a project of the pool."""
    signed = {"plan_started": lambda: month_day(rng, 2022, rng.randint(2, 11)),
              "plan_waiting": lambda: date(2022, 10, 18),
              "completed": lambda: month_day(rng, 2021, rng.randint(1, 6)),
              "building": lambda: month_day(rng, rng.choice((2021, 2022)), rng.randint(1, 2)),
              "signed": lambda: month_day(rng, 2023, rng.randint(1, 8)),
              "waiting": lambda: month_day(rng, 2022, rng.randint(4, 12)),
              "producing": lambda: month_day(rng, 2019, rng.randint(3, 12))}
    if pool in ("negotiating", "lead", "terminated"):
        return _open_path(rng, pool, spec, total)
    sign_day = date(2023, 3, 16) if spec.name == INCREASE_PROJECT else signed[pool]()
    steps = _courtship(rng, sign_day)
    first = total - cents(T.CAPITAL_INCREASE) // WAN if spec.name == INCREASE_PROJECT else total
    steps.append((Stage.SIGNED, sign_day, first, "签订投资协议"))
    if spec.name == INCREASE_PROJECT:
        steps.append((Stage.SIGNED, date(2023, 7, 20), cents(T.CAPITAL_INCREASE) // WAN, "签订增资扩产补充协议"))
    steps += _after_signing(rng, pool, spec, sign_day)
    return steps


def _courtship(rng: random.Random, sign_day: date) -> list[tuple]:
    talk = sign_day - timedelta(days=rng.randint(40, 200))
    lead = talk - timedelta(days=rng.randint(20, 120))
    return [(Stage.LEAD, lead, None, "获取招商线索"), (Stage.NEGOTIATING, talk, None, "开展实质性洽谈")]


def _after_signing(rng: random.Random, pool: str, spec: Spec, sign_day: date) -> list[tuple]:
    if pool == "plan_started":
        return _build_steps(month_day(rng, 2023, rng.randint(1, 7)))
    if pool == "completed":
        done = month_day(rng, 2023, rng.randint(2, 6))
        start = day_between(rng, sign_day + timedelta(days=90), date(2022, 6, 30))
        return _build_steps(start) + _finish_steps(rng, done)
    if pool == "building":
        return _build_steps(day_between(rng, sign_day + timedelta(days=60), date(2022, 10, 31)))
    if pool == "signed" and spec.name in LATE_STARTERS:
        return _build_steps(month_day(rng, 2023, rng.randint(10, 11)))
    if pool == "producing":
        start = sign_day + timedelta(days=rng.randint(90, 200))
        return _build_steps(start) + _finish_steps(rng, month_day(rng, rng.choice((2021, 2022)), rng.randint(1, 12)))
    return []


def _build_steps(start: date) -> list[tuple]:
    return [(Stage.STARTED, start, None, "举行开工仪式"), (Stage.BUILDING, start + timedelta(days=30), None, "主体工程施工")]


def _finish_steps(rng: random.Random, done: date) -> list[tuple]:
    production = done + timedelta(days=rng.randint(5, 40))
    return [(Stage.COMPLETED, done, None, "主体工程竣工验收"), (Stage.PRODUCTION, production, None, "建成试生产")]


def _open_path(rng: random.Random, pool: str, spec: Spec, total: int) -> list[tuple]:
    if pool == "lead":
        return [(Stage.LEAD, month_day(rng, 2023, rng.randint(5, 8)), None, "获取招商线索")]
    if pool == "terminated":
        talk = month_day(rng, 2022, rng.randint(3, 9))
        end = date(2023, 4, 12) if rng.random() < 0.5 else month_day(rng, 2022, 11)
        return [(Stage.LEAD, talk - timedelta(days=45), None, "获取招商线索"),
                (Stage.NEGOTIATING, talk, None, "开展实质性洽谈"),
                (Stage.TERMINATED, end, None, "投资方资金链紧张，终止洽谈")]
    talk = day_between(rng, date(2022, 6, 1), date(2023, 8, 20))
    steps = [(Stage.LEAD, talk - timedelta(days=rng.randint(20, 90)), None, "获取招商线索"),
             (Stage.NEGOTIATING, talk, None, "开展实质性洽谈")]
    if spec.name == SIGNS_IN_OCTOBER:
        steps.append((Stage.SIGNED, date(2023, 10, 18), total, "签订投资协议"))
    return steps


# --- rows -------------------------------------------------------------------------------------

def build_projects(ctx: Ctx) -> None:
    rng = ctx.rng("projects")
    namer = Namer(ctx.rng("investors"), "")
    totals = pool_totals()
    rows, histories = [], []
    for pool, specs in pools(ctx).items():
        amounts = allocate(rng, specs, totals.get(pool) or sum(s.total or 0 for s in specs),
                           GENERATED.get(pool, (0, 0, 3000))[2])
        for spec, total in zip(specs, amounts):
            history = path(rng, pool, spec, total)
            rows.append(_project(ctx, rng, namer, spec, pool, total, history))
            histories.append(history)
            ctx.pools.setdefault(pool, []).append(spec.name.format(place=ctx.region.name))
    for i, project in enumerate(rows, start=1):
        project.code = f"{ctx.region.code}XM{i:04d}"
    projects = bulk(Project, rows)
    bulk(StageChange, [StageChange(project=p, stage=s, date=d, amount=money(a * WAN) if a is not None else None,
                                   note=n)
                       for p, history in zip(projects, histories) for s, d, a, n in history])
    ctx.projects = {p.name: p for p in projects}


def first_dates(history) -> dict:
    """Stage → date of its first change."""
    first = {}
    for stage, day, *_ in history:
        first.setdefault(stage, day)
    return first


def stage_fields(history) -> dict:
    """The project's copies of its history, by the rule of yuanqu.projects.services."""
    first = first_dates(history)
    return {"stage": history[-1][0], **{field: first.get(stage) for stage, field in services.DATE_FIELDS.items()}}


def _project(ctx: Ctx, rng: random.Random, namer: Namer, spec: Spec, pool: str, total: int, history) -> Project:
    first = first_dates(history)
    segment = ctx.segments.get(spec.segment) if spec.segment else None
    owner = _owner(ctx, rng, spec) if pool in ("completed", "building", "producing", "plan_started") else None
    investor = owner.name if owner else f"{spec.source or ctx.region.name}{namer.brand()}投资有限公司"
    return Project(
        name=spec.name.format(place=ctx.region.name), kind=spec.kind, region=ctx.region,
        park=ctx.parks.get(spec.park), segment=segment, enterprise=owner, investor=investor,
        source_region=spec.source, total_investment=money(total * WAN), key_level=spec.key,
        leader_name=rng.choice(LEADERS) if spec.key else "",
        responsible_unit=ctx.depts["gwh"] if spec.park else ctx.depts["zjj"],
        commissioner=rng.choice(ctx.commissioners) if spec.key or pool in ("plan_started", "signed") else None,
        content=f"总投资{money(total * WAN) / 10000:.2f}亿元，{_content(spec)}",
        planned_start=_planned_start(rng, pool, first), planned_completion=_planned_completion(pool, first),
        planned_production=first.get(Stage.PRODUCTION), **stage_fields(history),
    )


def _planned_start(rng: random.Random, pool: str, first: dict) -> date | None:
    if pool == "plan_waiting":
        return date(2023, 5, 31)
    start = first.get(Stage.STARTED)
    if start is None:
        return None
    return start - timedelta(days=rng.choice((0, 0, 10, 30, 95))) if start.year == 2023 else start


def _planned_completion(pool: str, first: dict) -> date | None:
    if pool in ("completed", "producing"):
        return first[Stage.COMPLETED]
    if pool == "plan_waiting":
        return date(2025, 6, 30)
    start = first.get(Stage.STARTED)
    return date(start.year + 2, 6, 30) if start else None


def _content(spec: Spec) -> str:
    if spec.kind == INFRA:
        return "新建道路、给排水、电力管网等园区基础设施。"
    if spec.kind == SUPPORT:
        return "建设标准厂房、仓储及生活配套设施。"
    return "新建生产厂房、仓库及配套用房，购置生产线及配套设备。"


def _owner(ctx: Ctx, rng: random.Random, spec: Spec):
    chain = spec.segment.split(".")[0] if spec.segment else None
    firms = [f for f in ctx.firms if f.chain == chain and f.park == spec.park and f.in_s] if chain else []
    return rng.choice(firms).enterprise if firms and rng.random() < 0.6 else None


# --- annual plans and monthly progress -------------------------------------------------------

PLAN_SHARE = {"plan_started": (35, 50), "plan_waiting": (30, 40), "completed": (25, 35), "building": (30, 45)}
KEY_GROUPS = {PROVINCE: (T.KEY_PROVINCE_PLANNED, T.KEY_PROVINCE_DONE, (85, 110)),
              CITY: (T.KEY_CITY_PLANNED, T.KEY_CITY_DONE, (65, 100))}


def plan_projects(ctx: Ctx) -> list[tuple[str, Project]]:
    return [(pool, ctx.projects[name]) for pool in PLAN_SHARE for name in ctx.pools[pool]]


def build_plans(ctx: Ctx) -> None:
    rng = ctx.rng("plans")
    planned_list = plan_projects(ctx)
    planned = {p.pk: cents(p.total_investment) // WAN * rng.randint(*PLAN_SHARE[pool]) // 100
               for pool, p in planned_list}
    for level, (group_total, _, _) in KEY_GROUPS.items():
        group = [p for _, p in planned_list if p.key_level == level]
        for p, amount in zip(group, split(cents(group_total) // WAN, [planned[p.pk] for p in group])):
            planned[p.pk] = amount
    plans = [_plan(pool, p, planned[p.pk]) for pool, p in planned_list]
    for plan in plans:
        if plan.planned_investment > plan.project.total_investment:
            raise ValueError(f"{plan.project} 年度计划投资超过总投资")
    bulk(AnnualPlan, plans)
    _build_progress(ctx, rng, planned_list, planned)


def _plan(pool: str, project: Project, amount: int) -> AnnualPlan:
    quarters = {str(q): amount * share // 100 for q, share in ((1, 20), (2, 45), (3, 75))}
    quarters["4"] = amount
    return AnnualPlan(project=project, year=T.YEAR, planned_investment=money(amount * WAN),
                      is_continuing=pool in ("completed", "building"), plan_start=pool.startswith("plan_"),
                      plan_complete=pool == "completed" or project.name == "领旗食品一期项目",
                      plan_production=pool == "completed", quarter_targets=quarters)


def _done_at_month(rng: random.Random, planned_list, planned: dict) -> dict[int, int]:
    """Completed investment 1—8月 (cents) per project; exact sums for the key groups."""
    done = {p.pk: planned[p.pk] * WAN * rng.randint(55, 105) // 100 for _, p in planned_list}
    for pool, p in planned_list:
        if pool == "plan_waiting":
            done[p.pk] = 0
    for level, (_, group_done, spread) in KEY_GROUPS.items():
        group = [p for pool, p in planned_list if p.key_level == level and pool != "plan_waiting"]
        parts = split(cents(group_done), [planned[p.pk] * rng.randint(*spread) for p in group])
        done.update({p.pk: part for p, part in zip(group, parts)})
    return done


def _build_progress(ctx: Ctx, rng: random.Random, planned_list, planned: dict) -> None:
    done = _done_at_month(rng, planned_list, planned)
    rows = []
    for pool, p in planned_list:
        first = p.started_date.month if p.started_date and p.started_date.year == T.YEAR else 1
        last = p.completed_date.month if p.completed_date and p.completed_date.year == T.YEAR else 12
        values = _progress_values(rng, done[p.pk], planned[p.pk] * WAN, shape(rng, first, last))
        rows += [Progress(project=p, year=T.YEAR, month=m, completed_investment_cum=money(v), batch=ctx.batch,
                          image_progress=_image(p, m, first, last, pool), problems=_problem(rng, p, m, pool))
                 for m, v in enumerate(values, start=1)]
    bulk(Progress, rows)


def _progress_values(rng: random.Random, done_at: int, planned: int, cumulative_shape: list[int]) -> list[int]:
    """Cumulative investment by month: exact in August, ending the year near the annual plan."""
    if not done_at:
        return [0] * 12
    year_end = max(done_at, planned * rng.randint(95, 112) // 100)
    return series_through(done_at, year_end, cumulative_shape, T.MONTH)


def _image(project: Project, month: int, first: int, last: int, pool: str) -> str:
    if pool == "plan_waiting" or month < first:
        return "前期手续办理中"
    if month >= last and pool == "completed":
        return "已竣工验收，建成试生产"
    step = min(len(IMAGE) - 1, (month - first) * len(IMAGE) // max(1, last - first + 1))
    return IMAGE[step]


def _problem(rng: random.Random, project: Project, month: int, pool: str) -> str:
    if pool == "plan_waiting" and month >= 6:
        return "项目用地报批手续未完成，未能按计划开工，已列入县级协调事项"
    return rng.choice(PROBLEMS) if rng.random() < 0.15 else ""


# --- leads ------------------------------------------------------------------------------------

LEADS = (
    ("磷酸铁锂正极材料项目", "battery.cathode", "成都", 300000, "磷酸铁锂正极材料项目"),
    ("高镍三元前驱体项目", "battery.cathode", "重庆", 180000, None),
    ("退役动力电池梯次利用项目", "battery.recycling", "重庆", 60000, None),
    ("新型双离子电池产业园", "battery.cell", "成都", 500000, "新型双离子电池产业园项目"),
    ("锂电池钢壳制造", "battery.casing", "重庆", None, "锂电池钢壳制造项目"),
    ("运动鞋服代工基地转移项目", "textile.shoes", "福建晋江", 80000, None),
    ("户外功能服装生产基地", "textile.garment", "成都", 40000, None),
    ("品牌女装电商直播基地", "textile.brand", "浙江杭州", 15000, None),
    ("川菜预制菜生产基地", "food.prepared", "成都", 50000, None),
    ("火锅底料生产线", "food.seasoning", "重庆", 30000, None),
    ("冷链物流分拨中心", "food.coldchain", "重庆", 25000, None),
    ("装配式建筑部品部件生产基地", "building.prefab", "成都", 35000, None),
    ("珍有缘二期扩产", "food.prepared", "", None, "珍有缘二期项目"),
    ("穆丹食品产业化", "food.seasoning", "成都", None, "穆丹食品项目"),
    ("储能系统集成项目", "battery.pack", "重庆", None, INCREASE_PROJECT),
    ("电子元器件配套项目", None, "广东深圳", 20000, None),
)


def build_designations(ctx: Ctx) -> None:
    """The designations of 一季度 as the city and the province published them (see CITY_STEEDS)."""
    city_office = f"{T.CITY_NAME}{CAMPAIGN_OFFICE}"
    rows = [Designation(kind=Designation.Kind.STEED, level=Designation.Level.CITY, region=ctx.region,
                        project=ctx.projects[name.format(place=ctx.region.name)], year=T.YEAR, quarter=1,
                        issuer=city_office, document=STEED_DOCUMENT, published_date=date(2023, 4, 20))
            for name in CITY_STEEDS]
    rows += [Designation(kind=Designation.Kind.RED_LIST, level=level, region=ctx.region, project=None, year=T.YEAR,
                         quarter=1, issuer=f"{place}{CAMPAIGN_OFFICE}", document=document,
                         published_date=date(2023, 4, 25))
             for level, place, document in RED_LIST_SOURCES]
    bulk(Designation, rows)


def build_leads(ctx: Ctx) -> None:
    rng = ctx.rng("leads")
    namer = Namer(ctx.rng("lead-names"), "")
    rows = []
    for name, segment, source, estimate, project_name in LEADS:
        project = ctx.projects.get(project_name) if project_name else None
        amount = money(estimate * WAN) if estimate else project.total_investment
        found = (project.stage_changes.order_by("date").first().date if project
                 else month_day(rng, 2023, rng.randint(1, 8)))
        rows.append(Lead(name=name, region=ctx.region, segment=ctx.segments.get(segment) if segment else None,
                         investor=f"{source or ctx.region.name}{namer.brand()}集团有限公司", source_region=source,
                         estimated_investment=amount, found_date=found, follower=namer.person(), project=project,
                         note="已转化为项目" if project else "持续跟进对接"))
    bulk(Lead, rows)
