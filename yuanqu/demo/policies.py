"""惠企政策 of 示例县: 82 valid on 2023-08-31 with structured eligibility, pushes and claims."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal as D

from yuanqu.policies.models import Claim, Policy, Push

from . import targets as T
from .alloc import day_between
from .context import Ctx, bulk

Level, Delivery = Policy.Level, Policy.Delivery

# issuer (formatted with place names), level, document number prefix ("" = none given)
ISSUERS = (
    ("国务院办公厅", Level.NATIONAL, ""), ("财政部 税务总局", Level.NATIONAL, ""),
    ("{province}人民政府办公厅", Level.PROVINCE, "示省府办发"), ("{province}经济和信息化厅", Level.PROVINCE, "示经信发"),
    ("{city}人民政府", Level.CITY, "示市府发"), ("{city}经济和信息化局", Level.CITY, "示市经信发"),
    ("{county}人民政府", Level.COUNTY, "示县府发"), ("{county}人民政府办公室", Level.COUNTY, "示县府办发"),
    ("{county}稳经济政策落实办公室", Level.COUNTY, "示县稳经办"),
)
# topic, category, delivery, eligibility (chain keys are replaced by chain codes), audience
TOPICS = (
    ("支持纺织鞋服产业高质量发展", "产业发展", Delivery.APPLY, {"chains": ["textile"], "in_park": True}, "纺织鞋服企业"),
    ("促进健康食品产业集群发展", "产业发展", Delivery.APPLY, {"chains": ["food"]}, "健康食品企业"),
    ("加快新能源电池产业发展", "产业发展", Delivery.APPLY, {"chains": ["battery"]}, "新能源电池企业"),
    ("支持规上工业企业稳产增产", "财政奖补", Delivery.AUTOMATIC, {"above_scale": True}, "规上工业企业"),
    ("鼓励中小企业升规入统", "财政奖补", Delivery.FAST, {"above_scale": False, "min_revenue_wan": 1500},
     "拟升规工业企业"),
    ("支持企业技术改造和设备更新", "财政奖补", Delivery.APPLY, {"above_scale": True, "industry_prefixes": ["C"]},
     "工业企业"),
    ("培育“镇园之宝”企业", "企业培育", Delivery.APPLY, {"flags": ["is_treasure"]}, "“镇园之宝”企业"),
    ("支持企业上市挂牌", "企业培育", Delivery.APPLY, {"flags": ["is_listing_reserve"]}, "上市后备企业"),
    ("开展银企对接强化金融支持", "金融支持", Delivery.FAST, {"in_park": True}, "园区企业"),
    ("加强中小微企业融资担保", "金融支持", Delivery.FAST, {}, "中小微企业"),
    ("支持园区企业稳岗扩岗", "用工", Delivery.AUTOMATIC, {"in_park": True}, "园区企业"),
    ("支持企业引进和培育技能人才", "用工", Delivery.APPLY, {"above_scale": True}, "规上工业企业"),
    ("降低企业用电成本", "要素保障", Delivery.AUTOMATIC, {"above_scale": True, "industry_prefixes": ["C"]},
     "规上工业企业"),
    ("加强工业用地保障", "要素保障", Delivery.APPLY, {"in_park": True}, "园区项目业主"),
    ("推进标准厂房招商入驻", "要素保障", Delivery.FAST, {"in_park": True}, "入驻标准厂房企业"),
    ("促进中小企业专精特新发展", "科技创新", Delivery.APPLY, {"min_revenue_wan": 1000}, "中小企业"),
    ("实施研发费用加计扣除和奖补", "科技创新", Delivery.AUTOMATIC, {"industry_prefixes": ["C"]}, "工业企业"),
    ("支持科技创新平台建设", "科技创新", Delivery.APPLY, {"above_scale": True}, "规上工业企业"),
    ("推进工业企业数字化转型", "科技创新", Delivery.APPLY, {"above_scale": True}, "规上工业企业"),
    ("支持绿色低碳转型", "绿色发展", Delivery.APPLY, {"above_scale": True}, "规上工业企业"),
    ("支持外贸企业稳订单拓市场", "开放合作", Delivery.FAST, {"chains": ["textile"]}, "外贸企业"),
    ("促进消费品工业增品种提品质创品牌", "产业发展", Delivery.APPLY, {"chains": ["textile", "food"]},
     "消费品工业企业"),
    ("促进民营经济发展壮大", "营商环境", Delivery.APPLY, {}, "民营企业"),
    ("优化招商引资项目服务", "招商引资", Delivery.APPLY, {"in_park": True}, "新引进项目"),
    ("支持物流降本增效", "要素保障", Delivery.FAST, {"chains": ["food"]}, "物流及冷链企业"),
    ("支持返乡入乡创业", "用工", Delivery.FAST, {}, "返乡创业企业"),
    ("落实稳经济一揽子政策措施", "营商环境", Delivery.AUTOMATIC, {}, "各类市场主体"),
    ("延续实施小微企业税费优惠", "税费减免", Delivery.AUTOMATIC, {"min_revenue_wan": 0}, "小型微利企业"),
    ("实施增值税留抵退税", "税费减免", Delivery.AUTOMATIC, {"industry_prefixes": ["C"]}, "制造业企业"),
    ("支持园区基础设施配套建设", "园区建设", Delivery.APPLY, {"in_park": True}, "园区平台公司"),
)
DOC_TYPES = ("若干措施", "实施细则", "实施办法", "若干政策", "实施方案", "通知")
EXPIRED = 3


def _eligibility(ctx: Ctx, rule: dict) -> dict:
    rule = dict(rule)
    if "chains" in rule:
        rule["chains"] = [ctx.chains[k].code for k in rule["chains"]]
    return rule


def plan_policies(ctx: Ctx, rng: random.Random) -> list[Policy]:
    names = {"province": ctx.region.parent.parent.name, "city": ctx.region.parent.name, "county": ctx.region.name}
    combos = [(t, i) for t in TOPICS for i in ISSUERS if _fits(t[3], i[1])]
    rng.shuffle(combos)
    chosen = combos[: T.POLICIES_VALID + EXPIRED + 1]
    policies, used = [], set()
    for n, ((topic, category, delivery, rule, audience), (issuer, level, prefix)) in enumerate(chosen):
        issued, valid_to = _validity(rng, n)
        policies.append(Policy(
            title=_title(topic, used), region=ctx.region, issuer=issuer.format(**names),
            level=level, doc_number=f"{prefix}〔{issued.year}〕{rng.randint(1, 60)}号" if prefix else "",
            issued_date=issued, valid_from=issued, valid_to=valid_to, category=category, delivery_mode=delivery,
            audience=audience, eligibility=_eligibility(ctx, rule), summary=f"围绕{topic}，明确支持对象、标准和兑现程序。"))
    return policies


def _fits(rule: dict, level: str) -> bool:
    """Rules naming the county's chains or its own labels (镇园之宝) come from local issuers only."""
    return level in (Level.CITY, Level.COUNTY) or not ({"chains", "flags"} & set(rule))


def _title(topic: str, used: set) -> str:
    """A title not used yet: the next document type, then “进一步” forms."""
    for prefix in ("", "进一步", "持续"):
        for doc_type in DOC_TYPES:
            title = f"关于{prefix}{topic}的{doc_type}"
            if title not in used:
                used.add(title)
                return title
    raise ValueError(f"too many policies on {topic}")


def _validity(rng: random.Random, n: int) -> tuple[date, date | None]:
    """The first 82 valid on 2023-08-31, then expired ones, then one issued after it."""
    if n < T.POLICIES_VALID:
        issued = day_between(rng, date(2020, 3, 1), T.W_END)
        return issued, rng.choice((None, date(max(issued.year + 3, 2024), 12, 31)))
    if n < T.POLICIES_VALID + EXPIRED:
        issued = day_between(rng, date(2019, 1, 1), date(2021, 12, 31))
        return issued, rng.choice((date(2022, 12, 31), date(2023, 6, 30)))
    return date(2023, 10, 15), date(2025, 12, 31)


def build_policies(ctx: Ctx) -> None:
    rng = ctx.rng("policies")
    policies = bulk(Policy, plan_policies(ctx, rng))
    firms = [f.enterprise for f in ctx.firms]
    pushes, claims = [], []
    for policy in policies:
        for ent in rng.sample(firms, rng.randint(3, 12)):
            day = min(policy.issued_date + timedelta(days=rng.randint(1, 60)), date(2023, 12, 28))
            pushes.append(Push(policy=policy, enterprise=ent, date=day, channel=rng.choice(list(Push.Channel)),
                               pushed_by=rng.choice(ctx.commissioners)))
            if rng.random() < 0.4:
                claims.append(_claim(rng, policy, ent, day))
    bulk(Push, pushes)
    bulk(Claim, claims)


def _claim(rng: random.Random, policy: Policy, ent, pushed: date) -> Claim:
    applied = pushed + timedelta(days=rng.randint(5, 30))
    status = rng.choice(list(Claim.Status))
    granted = status == Claim.Status.GRANTED
    return Claim(policy=policy, enterprise=ent, applied_date=applied, status=status,
                 granted_date=applied + timedelta(days=rng.randint(15, 60)) if granted else None,
                 amount_granted=D(rng.randint(5, 200)) if granted else None)
