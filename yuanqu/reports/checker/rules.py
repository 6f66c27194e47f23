"""Which figure a claim speaks of: the figure vocabulary of docs/figures.md as a keyword table, then the figure
engine's own labels.

A rule needs its words (groups of alternatives, all required) in the claim's context and scores 3 for a word
in the claim's own segment (between 顿号), 1 for one elsewhere in its clause or in its paragraph's lead, so
"省重点…28.83个百分点、市重点…8.84个百分点" goes to the right group; `avoid` words in the clause rule it out,
`avoid_near` ones only in the segment; `bonus` words make it likelier. A claim no rule takes is matched by the
longest run of characters its words share with a figure's label ("精准推送触达率4.4%" → 惠企政策精准推送触达率).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import Claim


@dataclass(frozen=True)
class Rule:
    key: str
    kinds: tuple[str, ...]
    need: tuple[tuple[str, ...], ...]
    avoid: tuple[str, ...] = ()
    bonus: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # for counts: the units it accepts
    avoid_near: tuple[str, ...] = ()


def rule(key, kinds, *need, avoid=(), bonus=(), units=(), avoid_near=()):
    return Rule(key, tuple(kinds.split()), tuple(tuple(g.split("|")) for g in need), tuple(avoid), tuple(bonus),
                tuple(units), tuple(avoid_near))


RATE = "share rate pct"
FIRMS = ("户", "家", "个")
PROJECTS = ("个", "项")
OUTPUT = "规上工业总产值|工业总产值|总产值|产值"
MAIN = "主特|集群|主导产业|特色产业"
NOT_COUNTY = ("园区", "主特", "集群", "产业链", "当月", "单月", "上年同期", "去年同期")
RULES = (
    rule("chains.main_output_ytd", "money", MAIN, OUTPUT, avoid=("占",)),
    rule("chains.main_output_growth", "growth", MAIN),
    rule("chains.main_above_scale_count", "count", MAIN, "规上|企业", units=FIRMS),
    rule("park.output_share", RATE, "占", "产值|比重|占比", avoid=("主特", "集群"), bonus=("园区", "全县")),
    rule("park.output_ytd", "money", "园区", OUTPUT, avoid=("主特", "集群", "当月", "上年同期")),
    rule("park.output_growth", "growth", "园区", avoid=("主特", "集群")),
    rule("park.above_scale_count", "count", "园区", "规上", units=FIRMS, avoid=("新增",)),
    rule("industry.output_month", "money", "当月|单月", OUTPUT),
    rule("industry.output_ytd", "money", OUTPUT, avoid=NOT_COUNTY, bonus=("全县", "规上")),
    rule("industry.output_growth", "growth", OUTPUT, avoid=NOT_COUNTY, bonus=("全县",)),
    rule("industry.revenue_ytd", "money", "营业收入|主营业务收入|营收", avoid=NOT_COUNTY),
    rule("industry.revenue_growth", "growth", "营业收入|主营业务收入|营收", avoid=NOT_COUNTY),
    rule("industry.profit_ytd", "money", "利润", avoid=NOT_COUNTY),
    rule("industry.profit_growth", "growth", "利润", avoid=NOT_COUNTY),
    rule("industry.tax_ytd", "money", "税金|税收|纳税", avoid=NOT_COUNTY + ("亩均",)),
    rule("industry.tax_growth", "growth", "税金|税收|纳税", avoid=NOT_COUNTY + ("亩均",)),
    rule("industry.electricity_ytd", "energy", "用电"),
    rule("industry.electricity_growth", "growth", "用电"),
    rule("industry.employment", "count", "从业人员|从业人数", units=("人", "名")),
    rule("industry.employment_growth", "growth", "从业人员|从业人数"),
    rule("industry.above_scale_count", "count", "规上", avoid=("园区", "新增", "升规", "主特"), units=FIRMS),
    rule("projects.signed.count", "count", "签约", avoid=("洽谈", "在谈"), units=PROJECTS),
    rule("projects.signed.investment", "money", "签约", avoid=("洽谈", "在谈"), bonus=("总投资",)),
    rule("projects.negotiating.count", "count", "洽谈|在谈", units=PROJECTS),
    rule("projects.negotiating.investment", "money", "洽谈|在谈", bonus=("总投资",)),
    rule("projects.start_rate", RATE, "开工率"),
    rule("projects.started.count", "count", "开工", avoid=("计划开工",), avoid_near=("开工率",), units=PROJECTS),
    rule("projects.started.investment", "money", "开工", avoid_near=("开工率",), bonus=("总投资",)),
    rule("projects.production.count", "count", "试生产|投产", units=PROJECTS),
    rule("projects.production.investment", "money", "试生产|投产", bonus=("总投资",)),
    rule("projects.completed.count", "count", "竣工|建成", avoid=("试生产", "投产", "厂房"), units=PROJECTS),
    rule("projects.completed.investment", "money", "竣工|建成", avoid=("试生产", "投产", "厂房"), bonus=("总投资",)),
    rule("projects.key_province.progress_deviation", "points", "省重点"),
    rule("projects.key_city.progress_deviation", "points", "市重点"),
    rule("projects.key_county.progress_deviation", "points", "县重点"),
    rule("projects.key_province.completion", RATE, "省重点", "完成"),
    rule("projects.key_city.completion", RATE, "市重点", "完成"),
    rule("projects.key_county.completion", RATE, "县重点", "完成"),
    rule("rankings.steed", "count", "骏马", units=PROJECTS),
    rule("rankings.snail", "count", "蜗牛", units=PROJECTS),
    rule("rankings.red_list", "count", "红榜", units=PROJECTS),
    rule("rankings.black_list", "count", "黑榜", units=PROJECTS),
    rule("land.revitalized_mu", "area_mu", "盘活|处置|清理", avoid_near=("厂房",), bonus=("低效", "闲置", "用地", "土地")),
    rule("buildings.revitalized_m2", "area_m2", "盘活|处置|清理", "厂房"),
    rule("buildings.floor_area_m2", "area_m2", "标准厂房", avoid=("建设", "在建", "新建", "盘活")),
    rule("buildings.vacancy_rate", RATE, "空置"),
    rule("land.supplied_use_rate", RATE, "土地利用率|土地建成率|已供土地"),
    rule("land.supply_rate", RATE, "供地率|土地供应率"),
    rule("land.approved_unsupplied", "count", "批而未供", units=("宗", "块", "个")),
    rule("land.approved_unsupplied_area_mu", "area_mu", "批而未供"),
    rule("land.supplied_unused", "count", "供而未用", units=("宗", "块", "个")),
    rule("land.supplied_unused_area_mu", "area_mu", "供而未用"),
    rule("land.idle", "count", "闲置土地|闲置地块", units=("宗", "块", "个")),
    rule("land.idle_area_mu", "area_mu", "闲置土地|闲置地块", avoid=("盘活",)),
    rule("land.low_efficiency", "count", "低效用地|低效地块", avoid=("盘活",), units=("宗", "块", "个")),
    rule("land.low_efficiency_area_mu", "area_mu", "低效用地|低效地块", avoid=("盘活", "处置", "清理")),
    rule("chains.gaps", "count", "环节", "无企业|空白|缺失|补链", units=("个",)),
    rule("mujun.covered", "count", "亩均", "评价|参评|覆盖", units=FIRMS),
    rule("service.ticket_categories", "count", "问题|诉求", units=("类",)),
    rule("service.tickets_closed", "count", "问题|诉求", avoid=("超期", "逾期"), bonus=("解决", "协调", "办结"),
         units=("条", "件", "个", "项")),
    rule("service.overdue_open", "count", "超期|逾期", "问题|诉求", units=("条", "件", "个", "项")),
    rule("service.enterprises_connected", "count", "对接|包联|联系", "企业", units=("家", "户", "个")),
    rule("service.on_time_rate", RATE, "按期办结|办结率"),
    rule("service.median_days_to_close", "count", "中位数|用时", units=("天",)),
    rule("service.satisfaction", RATE, "满意"),
    rule("policies.reach_rate", RATE, "触达|推送率"),
    rule("policies.count", "count", "政策", units=("条", "项")),
    rule("policies.granted_amount", "money", "政策", "兑现"),
    rule("finance.institutions", "count", "金融机构|银行", units=("家", "个")),
    rule("finance.loans", "money", "贷款|信贷|融资"),
    rule("labour.supplied", "count", "员工|工人|用工|务工|就业", bonus=("输送",), units=("人", "名")),
    rule("enterprises.treasure_count", "count", "镇园之宝", units=FIRMS),
    rule("enterprises.listing_reserve_count", "count", "上市后备|拟上市", units=FIRMS),
    rule("enterprises.listed_count", "count", "上市企业|上市公司", avoid=("后备",), units=FIRMS),
    rule("enterprises.billion_new_count", "count", "10亿级|十亿级|亿元级", units=FIRMS),
    rule("chains.hundred_billion_count", "count", "百亿级|百亿", units=("个",)),
    rule("published.gdp_growth", "growth", "地区生产总值|GDP"),
    rule("published.fai_growth", "growth", "固定资产投资"),
    rule("published.value_added_growth", "growth", "工业增加值"),
)
BY_KEY = {r.key: r for r in RULES}


def _score(r: Rule, claim: Claim) -> int | None:
    if claim.kind not in r.kinds:
        return None
    if claim.kind == "count" and r.units and claim.unit not in r.units:
        return None
    context, segment = claim.context, claim.segment
    if any(word in claim.clause for word in r.avoid) or any(word in segment for word in r.avoid_near):
        return None
    if claim.kind == "count":
        context, segment = _counted(context, claim), _counted(segment, claim)
    score = 0
    for group in r.need:
        if any(word in segment for word in group):
            score += 3
        elif any(word in context for word in group):
            score += 1
        else:
            return None
    return score + sum(1 for word in r.bonus if word in claim.clause)


def _counted(text: str, claim: Claim) -> str:
    """A count followed by what it counts, without the examples before "等": "A、B等10个配套政策文件" counts
    配套政策文件, not A or B ("洽谈A、B等项目23个" keeps its words: nothing follows the count)."""
    at = text.find(claim.text)
    if at == -1 or not claim.segment.endswith(claim.text) and at + len(claim.text) < len(text):
        cut = text.rfind("等", 0, at) if at != -1 else -1
        return text[cut + 1:] if cut != -1 else text
    return text


def best_rule(claim: Claim) -> Rule | None:
    scored = [(s, -i, r) for i, r in enumerate(RULES) if (s := _score(r, claim)) is not None]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


# --- the engine's labels --------------------------------------------------------------------

UNIT_OF_KIND = {"money": ("万元",), "growth": ("%",), "share": ("%",), "rate": ("%",), "pct": ("%",),
                "progress": ("%",), "points": ("百分点",), "area_mu": ("亩",), "area_m2": ("平方米",),
                "energy": ("万千瓦时",)}
GENERIC = re.compile(r"^(?:项目|企业|园区|工业|规上|全县|全部|累计|个数|户数|总投资|总额|金额|面积|比重|同比|增速|情况)+$")
_PARENS = re.compile(r"[（(][^）)]*[）)]")


def fits(claim: Claim, unit: str, style: str) -> bool:
    """Whether a figure of this unit and style can be what the claim states."""
    if claim.kind == "growth":
        return style == "growth"
    if claim.kind in ("share", "rate", "pct", "progress"):
        return unit == "%" and style != "growth"
    if claim.kind == "count":
        return style in ("count", "number") and unit not in UNIT_OF_KIND["money"] + ("%", "百分点", "亩", "平方米")
    return unit in UNIT_OF_KIND.get(claim.kind, ())


def common(a: str, b: str) -> str:
    """The longest run of characters a and b share."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def label_match(claim: Claim, figures) -> object | None:
    """The figure whose label shares the longest run (≥ 3 characters, not only generic words) with the words
    just before the claim, when one figure alone is best."""
    at = claim.segment.find(claim.text)
    after = claim.segment[at + len(claim.text):] if at != -1 else ""
    words = after if claim.kind == "count" and len(after) >= 2 else (claim.segment[:at] or claim.segment)[-16:]
    scored = []
    for fig in figures:
        if fig.key.startswith("targets.") or not fits(claim, fig.unit, fig.style):
            continue
        shared = common(words, _PARENS.sub("", fig.label))
        if len(shared) >= 3 and not GENERIC.match(shared):
            scored.append((len(shared), fig))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]
