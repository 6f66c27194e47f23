"""Comparing a claim with the figure it speaks of.

The claim's period and scope: the period named for it (else the draft's); a park or chain named just before
it ("其中，专用服装产业园33户规上企业实现产值22.20亿元", "纺织鞋服22.90亿元") moves it to that scope, unless a
word such as 等 or 全县 stands between the name and the number. A period without statistics is "平台无该期数据",
never a comparison with zeros.

Tolerance follows the claim's own precision: the figure rounded half-up to the decimals the draft wrote
(84.26 vs 84.2343 → differs; 98% vs 97.99 → agrees); "8000余人" agrees with 8000 ≤ value < 9000, "以上" with
any value at least that. A named part of a figure ("用地保障10条", a parcel's area) is compared with the
figure's detail row of that name.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.detail import label as detail_label

from .claims import CLAIM_RE, Claim
from .rules import OUTPUT, _common, best_rule, fits, label_match

AGREES, DIFFERS, NO_DATA, PLAN, NOT_FOUND = "agrees", "differs", "no_data", "plan", "not_found"
STATUSES = (AGREES, DIFFERS, NO_DATA, PLAN, NOT_FOUND)
STATUS_LABELS = {AGREES: "一致", DIFFERS: "不一致", NO_DATA: "无该期数据", PLAN: "目标/计划", NOT_FOUND: "未找到"}
TEN_THOUSAND = Decimal(10000)
SCALES = {"亿元": TEN_THOUSAND, "万平方米": TEN_THOUSAND, "万亩": TEN_THOUSAND, "亿千瓦时": TEN_THOUSAND}
ENTITY_BREAKS = ("等", "全县", "全区", "全市", "主特", "全部园区", "合计", "其余")
CHAIN_KEYS = {"industry.output_ytd": "chain.output_ytd", "chains.main_output_ytd": "chain.output_ytd",
              "industry.output_growth": "chain.output_growth", "chains.main_output_growth": "chain.output_growth",
              "industry.above_scale_count": "chain.above_scale_count",
              "chains.main_above_scale_count": "chain.above_scale_count"}
CHAIN_FALLBACK = {"money": "chain.output_ytd", "growth": "chain.output_growth"}
DESIGNATED = re.compile(r"通报|评定|认定|全市|全省|市级|省级|上级|市委|市政府|省委|省政府")
START_RATES = {"projects.start_rate.by_amount": "按投资额", "projects.start_rate.by_count": "按个数"}
# detail columns compared with a named part, by the claim's kind
DETAIL_UNITS = {"money": "万元", "area_mu": "亩", "area_m2": "平方米", "rate": "%", "share": "%", "pct": "%"}
SKIP_DETAIL = {"pk", "year", "month", "rank", "baseline_year", "is_main", "force_majeure", "reached"}


@dataclass
class Result:
    claim: Claim
    status: str
    key: str = ""
    label: str = ""
    computed: Decimal | int | None = None
    display: str = ""
    unit: str = ""
    rows: list[dict] = field(default_factory=list)
    explanation: str = ""
    hints: list[str] = field(default_factory=list)  # why it differs: unit slip, rounding, contradiction …
    target: bool = False
    period: Period | None = None
    scope: object = None
    url: str = ""

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS[self.status]
        return label + ("（目标）" if self.target and self.status in (AGREES, DIFFERS) else "")

    @property
    def rows_total(self) -> int:
        return sum(r["count"] for r in self.rows)

    @property
    def full_explanation(self) -> str:
        return "；".join([self.explanation] + self.hints) if self.hints else self.explanation

    def to_json(self) -> dict:
        from yuanqu.figures.base import jsonable

        c = self.claim
        return {
            "text": c.text, "paragraph": c.paragraph, "where": c.where, "kind": c.kind, "number": jsonable(c.number),
            "unit": c.unit, "places": c.places, "lower_bound": c.lower_bound, "mood": c.mood, "aspect": c.aspect,
            "future": c.future, "context": c.segment, "period": str(self.period) if self.period else None,
            "scope": self.scope.text if self.scope is not None else None,
            "status": self.status, "status_label": self.status_label, "key": self.key, "label": self.label,
            "computed": jsonable(self.computed), "display": self.display, "unit_computed": self.unit,
            "rows": self.rows, "rows_total": self.rows_total, "explanation": self.explanation, "hints": self.hints,
            "target": self.target, "url": self.url,
        }


# --- numbers --------------------------------------------------------------------------------

def scale(claim: Claim) -> Decimal:
    """How many figure units one unit of the claim is (亿元 → 10000 万元)."""
    return SCALES.get(claim.unit, Decimal(1))


def in_claim_unit(value, claim: Claim) -> Decimal:
    return Decimal(value) / scale(claim)


def claim_value(claim: Claim) -> Decimal:
    """The claim's number in the figure's unit."""
    return claim.number * scale(claim)


def agrees(value, claim: Claim) -> bool:
    if value is None:
        return False
    shown = in_claim_unit(value, claim)
    if claim.lower_bound in ("余", "多"):
        digits = format(claim.number.normalize(), "f")
        zeros = len(digits) - len(digits.rstrip("0")) if "." not in digits else 0
        step = Decimal(10) ** zeros if zeros else Decimal(1)
        return claim.number <= shown < claim.number + step
    if claim.lower_bound == "以上":
        return shown >= claim.number
    return fmt.rounded(shown, claim.places) == claim.number


def same_number(value, claim: Claim) -> bool:
    """The value, rounded as the claim is written, is the claim's number (bounds ignored: for targets)."""
    return value is not None and fmt.rounded(in_claim_unit(value, claim), claim.places) == claim.number


def exact(value) -> str:
    """An unrounded value for reading: at most 6 decimals."""
    text = str(value) if isinstance(value, int) else format(value, "f")
    if "." in text:
        whole, frac = text.split(".", 1)
        return f"{whole}.{frac[:6]}".rstrip("0").rstrip(".") if len(frac) > 6 else text
    return text


def rows_of(fig) -> list[dict]:
    out = []
    for ref in fig.rows:
        try:
            name = str(ref.model._meta.verbose_name)
        except LookupError:
            name = ref.model_label
        out.append({"model": ref.model_label, "name": name, "count": len(ref.ids)})
    return out


def figure_url(key: str, period: Period | None, scope) -> str:
    query = {"period": str(period)} if period else {}
    if scope is not None:
        query["scope"] = scope.text
    return reverse("cockpit:explain", args=[key]) + (f"?{urlencode(query)}" if query else "")


def _bigrams(claim: Claim) -> set[str]:
    """Pairs of characters of the claim's clause, the claim itself and punctuation left out."""
    pairs = set()
    for part in re.split(r"[\d.%“”‘’\"'（）()、，。；：\s]+", claim.clause.replace(claim.text, "|")):
        part = part.replace("|", "")
        pairs |= {part[i:i + 2] for i in range(len(part) - 1)}
    return pairs


@functools.lru_cache(maxsize=2048)
def recorded_claims(text: str) -> tuple[Claim, ...]:
    """The claims a recorded text (an action's goal, a task's title, a detail's reason) states."""
    from .claims import find_claims
    from .reading import Draft

    return tuple(find_claims(Draft.of_text(text)))


def same_statement(claim: Claim, other: Claim) -> bool:
    """Two claims state the same thing: same kind, unit and number, and their words overlap."""
    return claim_value(claim) == claim_value(other) and similar(claim, other)


def similar(claim: Claim, other: Claim) -> bool:
    """Of the same kind and unit, their clauses sharing at least two pairs of characters."""
    return (claim.kind == other.kind and claim.unit.lstrip("万亿") == other.unit.lstrip("万亿")
            and len(_bigrams(claim) & _bigrams(other)) >= 2)


# --- the checker ----------------------------------------------------------------------------

class Checker:
    """Checks the claims of one draft against one scope: `period` for claims that name none, `year` for
    periods named without one."""

    def __init__(self, sources, period: Period, year: int | None = None, *, claims=(), alternates=()):
        self.src, self.scope, self.period = sources, sources.scope, period
        self.year = year or period.year
        self.claims = list(claims)  # the draft's claims: its own inputs of a share, its other statements
        self.alternates = [p for p in alternates if p]  # periods to try when the claim's has no data

    # where and when a claim is

    def claim_period(self, claim: Claim) -> Period:
        m = claim.mention
        return Period(m.year or self.year, m.month) if m and m.month else self.period

    def quarter_period(self, claim: Claim, period: Period) -> Period:
        q = claim.quarter
        return Period(q.year or period.year, q.quarter * 3) if q and q.quarter else period

    def entity(self, claim: Claim):
        """The park or chain the claim speaks of, when named just before it (see the module doc)."""
        best, best_end = None, -1
        for name, scope in self.src.entities():
            at = claim.before.rfind(name)
            if at != -1 and at + len(name) > best_end:
                best, best_end = scope, at + len(name)
        if best is None or any(word in claim.before[best_end:] for word in ENTITY_BREAKS):
            return None
        return best

    def locate(self, claim: Claim, widen: bool = True):
        """(figure key, scope) the claim speaks of, or None. A clause that names no figure is read (`widen`) with
        what its sentence said before it, back to the last semicolon ("园区工业总产值目标为400亿元，今年1-8月完成
        70.74亿元")."""
        rule = best_rule(claim)
        if rule is None and widen:
            task = claim.before[claim.before.rfind("；") + 1:] + claim.clause[claim.clause.find(claim.text):]
            rule = best_rule(dataclasses.replace(claim, clause=task))
        scope = self.entity(claim)
        if scope is None:
            return (rule.key, self.scope) if rule else None
        if scope.kind == "chain":
            if rule and rule.key in CHAIN_KEYS:
                return CHAIN_KEYS[rule.key], scope
            if rule and not rule.key.startswith(("park.", "chains.", "industry.")):
                return rule.key, scope
            if claim.kind in CHAIN_FALLBACK and re.search(OUTPUT, claim.sentence):
                return CHAIN_FALLBACK[claim.kind], scope
            return (rule.key, self.scope) if rule else None
        if rule and not rule.key.startswith("chains."):
            return rule.key, scope
        return (rule.key, self.scope) if rule else None

    # checking

    def check(self, claim: Claim) -> Result:
        from . import targets

        period = self.claim_period(claim)
        if claim.mood == "plan":
            return targets.check_plan(self, claim, period)
        if claim.aspect in ("progress", "gap") or (claim.kind == "points" and "目标" in claim.basis):
            return targets.check_against_target(self, claim, period)
        if claim.kind == "times":
            return Result(claim, NOT_FOUND, period=period, explanation="以“倍”表述的增长，平台按百分比计算，请人工核对")
        if not self.src.has_data(period):
            return self.no_data(claim, period)
        return self.check_actual(claim, period)

    def check_actual(self, claim: Claim, period: Period) -> Result:
        if claim.aspect == "base":
            return self.check_base(claim, period)
        found = self.locate(claim, widen=False)
        if found is None:
            # a part named beside it ("…地块45亩") before what the sentence spoke of earlier
            found = self.named_detail(claim, period) or self.locate(claim)
            if isinstance(found, Result):
                return found
        if found is None:
            return self.unmatched(claim, period)
        key, scope = found
        if key.startswith("published."):
            return self.check_published(claim, key, period)
        if key == "projects.start_rate":
            return self.check_start_rate(claim, period, scope)
        if key.startswith("rankings."):
            return self.check_ranking(claim, key, self.quarter_period(claim, period), scope)
        fig = self.src.figure(key, period, scope)
        if fig is None:
            return Result(claim, NOT_FOUND, key=key, period=period, scope=scope,
                          explanation=f"范围“{scope.label}”下没有指标 {key}")
        return self.compare(claim, fig, period, scope)

    def check_ranking(self, claim: Claim, key: str, period: Period, scope) -> Result:
        """A quarter's list: the county's own 季盘点 (rankings.*) or a designation recorded from a higher body
        (designations.*: the city's 骏马项目 …), the latter first when the sentence speaks of one."""
        keys = [key, "designations." + key.split(".", 1)[1]]
        if DESIGNATED.search(claim.sentence):
            keys.reverse()
        figs = [f for k in keys if (f := self.src.figure(k, period, scope)) is not None]
        if not figs:
            return Result(claim, NOT_FOUND, key=key, period=period, explanation=f"范围“{scope.label}”下没有指标 {key}")
        chosen = next((f for f in figs if f.value is not None and agrees(f.value, claim)), figs[0])
        result = self.compare(claim, chosen, period, scope)
        result.hints += [f"另：“{f.label}”为{f.display()}" for f in figs if f is not chosen and f.value is not None]
        return result

    def when(self, period: Period, scope) -> str:
        text = f"（范围：{scope.label}）" if scope is not None and scope != self.scope else ""
        return text + (f"（按{period.full_label}计算）" if period != self.period else "")

    def compare(self, claim: Claim, fig, period: Period, scope=None, prefix: str = "") -> Result:
        from .explaining import explain

        scope = scope or self.scope
        base = dict(key=fig.key, label=fig.label, computed=fig.value, display=fig.display(), unit=fig.unit,
                    rows=rows_of(fig), period=period, scope=scope, url=figure_url(fig.key, period, scope))
        when = self.when(period, scope)
        if fig.value is None:
            return Result(claim, NO_DATA, explanation=f"{prefix}平台无该期数据{when}：“{fig.label}”"
                                                      f"{fig.note or '暂无数值'}", **base)
        if agrees(fig.value, claim):
            bound = f"，材料写作“{claim.text}”为下限表述" if claim.lower_bound else ""
            return Result(claim, AGREES, explanation=f"{prefix}与“{fig.label}”一致{when}：平台计算为{fig.display()}"
                                                     f"（未舍入值{exact(fig.value)}{fig.unit}）{bound}", **base)
        part = self.detail_match(claim, fig)
        if part is not None:
            name, value, ok = part
            shown = fmt.display(value, fig.unit, fig.style, fig.places)
            base.update(computed=value, display=shown)
            return Result(claim, AGREES if ok else DIFFERS,
                          explanation=f"{prefix}与“{fig.label}”的明细“{name}”{'一致' if ok else '不一致'}{when}："
                                      f"平台为{shown}" + ("" if ok else f"，材料写作“{claim.text}”"), **base)
        result = Result(claim, DIFFERS, explanation=f"{prefix}与“{fig.label}”不一致{when}：平台计算为{fig.display()}"
                                                    f"（未舍入值{exact(fig.value)}{fig.unit}），材料写作“{claim.text}”",
                        **base)
        result.hints = explain(self, claim, fig, period, scope)
        return result

    @staticmethod
    def detail_match(claim: Claim, fig):
        """A part of the figure named next to the claim ("用地保障10条"): (name, value, agrees) or None."""
        for item in fig.detail or []:
            names = [v for v in item.values() if isinstance(v, str) and len(v) >= 2 and v in claim.segment]
            if not names:
                continue
            values = [(k, v) for k, v in item.items() if isinstance(v, (int, Decimal)) and not isinstance(v, bool)
                      and k in ("count", "amount", "area", "area_mu", "output_ytd", "above_scale_count")]
            for _, value in values:
                if agrees(value, claim):
                    return names[0], value, True
            if values:
                return names[0], values[0][1], False
        return None

    def no_data(self, claim: Claim, period: Period) -> Result:
        """No statistics for the claim's period; says so, and whether the value fits the period that has them."""
        latest = self.src.latest()
        have = f"平台已有数据的最近一期为{latest.full_label}" if latest else "平台尚无任何统计数据"
        result = Result(claim, NO_DATA, period=period, scope=self.scope,
                        explanation=f"平台无该期数据：{period.full_label}尚无统计数据（{have}）")
        for other in dict.fromkeys(self.alternates + [self.period, self.src.latest(period.month), latest]):
            if other is None or other == period or not self.src.has_data(other):
                continue
            found = self.check_actual(claim, other)
            if found.status == AGREES:
                result.key, result.label, result.url = found.key, found.label, found.url
                result.hints.append(f"该数与{other.full_label}的平台数值一致（{found.display}），材料的期别或年份可能写错")
                break
        return result

    def unmatched(self, claim: Claim, period: Period) -> Result:
        """No rule took the claim: a recorded fact, then the engine's labels."""
        found = self.recorded_fact(claim, period)
        if found is not None:
            return found
        figs = self.src.figures(period).figures()
        fig = label_match(claim, figs)
        if fig is not None:
            if agrees(fig.value, claim):
                return self.compare(claim, fig, period, prefix="按指标名称对应：")
            return Result(claim, NOT_FOUND, period=period, scope=self.scope, key=fig.key, label=fig.label,
                          url=figure_url(fig.key, period, self.scope),
                          explanation=f"未能确定对应的平台指标；名称相近的“{fig.label}”平台计算为{fig.display()}，请人工核对")
        result = Result(claim, NOT_FOUND, period=period, scope=self.scope, explanation="未找到与上下文对应的平台指标")
        result.hints = self.similar_records(claim, same=True)
        return result

    def similar_records(self, claim: Claim, same: bool) -> list[str]:
        """Recorded plans that state the same number (`same`) or the same thing with another number."""
        found = []
        for record in self.src.records():
            if record.done:
                continue
            for other in recorded_claims(record.text):
                if similar(claim, other) and (claim_value(claim) == claim_value(other)) == same:
                    found.append(f"平台记录的{record.source}为“{record.text}”" + ("（计划数，非实际完成数）" if same else ""))
                    break
        return found[:2]

    def named_detail(self, claim: Claim, period: Period) -> Result | None:
        """A detail row of a figure (a parcel, a project, an institution) named in the claim's sentence before it:
        its numbers of the claim's unit, and the numbers its text states (a parcel's reason). The row named
        last before the claim wins; among figures holding it, the one whose label the sentence echoes most."""
        best, best_rank = None, None
        for fig in self.src.figures(period).figures():
            for item in fig.detail or []:
                names = [v for v in item.values() if isinstance(v, str) and len(v) >= 3 and v in claim.before]
                if not names:
                    continue
                column = _detail_column(item, claim, fig)
                if column is None:
                    continue
                rank = (max(claim.before.rfind(n) for n in names), len(_common(claim.before, fig.label)))
                if best_rank is None or rank > best_rank:
                    name = item["name"] if item.get("name") in names else max(names, key=len)
                    best, best_rank = (fig, name, *column), rank
        if best is None:
            return None
        fig, name, column, value, unit = best
        shown = claim.text if value is None else fmt.display(value, unit, fmt.style_for_unit(unit), claim.places)
        return Result(claim, AGREES, key=fig.key, label=fig.label, computed=value, display=shown, unit=fig.unit,
                      rows=rows_of(fig), period=period, scope=self.scope, url=figure_url(fig.key, period, self.scope),
                      explanation=f"与“{fig.label}”明细“{name}”的{column}一致：平台为{shown}")

    def recorded_fact(self, claim: Claim, period: Period) -> Result | None:
        """A task recorded as done that states the same ("下放27项行政审批及管理职能到园区")."""
        for record in self.src.records():
            if record.done and any(same_statement(claim, other) for other in recorded_claims(record.text)):
                return Result(claim, AGREES, period=period, scope=self.scope, display=claim.text, url=record.url,
                              label=record.source, explanation=f"与平台记录的已完成{record.source}一致")
        return None

    def check_base(self, claim: Claim, period: Period) -> Result:
        """"上年同期X亿元": the base of the growth figure of the same words."""
        words = claim.before.replace("上年同期", "").replace("去年同期", "")
        as_growth = dataclasses.replace(claim, kind="growth", clause=words, segment=words, aspect="value")
        found = self.locate(as_growth)
        if found is None:
            return Result(claim, NOT_FOUND, period=period, explanation="未找到与上下文对应的平台指标（上年同期数）")
        fig = self.src.figure(found[0], period, found[1])
        if fig is None or fig.denominator is None:
            return Result(claim, NO_DATA, period=period, explanation="平台无该期数据：没有上年同期数")
        base = dataclasses.replace(fig, key=fig.key, label=f"{fig.label}的上年同期数（同口径）", value=fig.denominator,
                                   unit="万元" if claim.kind == "money" else fig.unit, style="", places=None)
        return self.compare(claim, base, period, found[1])

    def check_published(self, claim: Claim, key: str, period: Period) -> Result:
        """A rate the statistics bureau publishes (GDP, 固定资产投资, 工业增加值): compared with its release."""
        row = self.src.published(key.split(".", 1)[1], period)
        if row is None:
            return Result(claim, NO_DATA, key=key, period=period,
                          explanation=f"平台无该期数据：统计部门尚未发布{period.full_label}及以前的该项数据")
        released = Period(row["year"], row["month"])
        shown = fmt.growth_phrase(row["value"])
        base = dict(key=key, label=row["name"], computed=row["value"], display=shown, unit=row["unit"], period=released,
                    scope=self.scope)
        where = f"统计部门发布的{row['name']}（{released.full_label}）"
        if agrees(row["value"], claim):
            return Result(claim, AGREES, explanation=f"与{where}一致：{shown}", **base)
        return Result(claim, DIFFERS, explanation=f"与{where}不一致：发布为{shown}，材料写作“{claim.text}”", **base)

    def check_start_rate(self, claim: Claim, period: Period, scope=None) -> Result:
        """开工率 by amount and by count (DOMAIN §5): the draft's rate is matched to the one it fits and both shown."""
        options = [f for key in START_RATES if (f := self.src.figure(key, period, scope)) is not None]
        if not options:
            return Result(claim, NOT_FOUND, period=period, explanation="平台暂无开工率指标")

        def describe(f):
            return (f"{START_RATES[f.key]}计算为{f.display()}（{_fraction(f)}）" if f.value is not None
                    else f"{START_RATES[f.key]}暂无数值")

        matching = [f for f in options if agrees(f.value, claim)]
        chosen = matching[0] if matching else options[0]
        result = self.compare(claim, chosen, period, scope)
        if result.status == NO_DATA:
            return result
        if matching:
            others = [describe(f) for f in options if f is not chosen]
            result.explanation = (f"材料中的开工率{claim.text.strip()}是{START_RATES[chosen.key]}计算的开工率："
                                  f"{describe(chosen)}" + (f"；{'；'.join(others)}" if others else "")
                                  + f"。{chosen.note}")
        else:
            result.explanation = (f"开工率与平台计算值均不一致：{'；'.join(describe(f) for f in options)}，"
                                  f"材料写作“{claim.text}”。{chosen.note}")
        return result


def _detail_column(item: dict, claim: Claim, fig) -> tuple[str, object, str] | None:
    """(column name, value, unit) of a detail row agreeing with the claim: a number of the claim's unit, or a
    text stating the same (value None)."""
    wanted = DETAIL_UNITS.get(claim.kind, fig.unit if claim.kind == "count" else None)
    for column, value in item.items():
        if isinstance(value, str) and column != "name" and _states(value, claim):
            return detail_label(fig.key, column), None, ""
        if column in SKIP_DETAIL or isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            continue
        if _detail_unit(fig, column) == wanted and agrees(value, claim):
            return detail_label(fig.key, column), value, wanted
    return None


def _states(text: str, claim: Claim) -> bool:
    return any(same_statement(claim, other) for other in recorded_claims(text)) if CLAIM_RE.search(text) else False


def _detail_unit(fig, column: str) -> str | None:
    """The unit of a detail column: from its Chinese name ("面积（亩）"), else the figure's own for
    area and count columns."""
    name = detail_label(fig.key, column)
    m = re.search(r"（(万元|亩|平方米|%|百分点)）", name)
    if m:
        return m.group(1)
    if column in ("area", "count"):
        return fig.unit
    return None


def _fraction(fig) -> str:
    if fig.numerator is None or fig.denominator is None:
        return fig.display()
    unit = "万元" if isinstance(fig.numerator, Decimal) else "个"
    num = fig.numerator if unit == "个" else f"{fmt.trimmed(fig.numerator, 2)}"
    den = fig.denominator if unit == "个" else f"{fmt.trimmed(fig.denominator, 2)}"
    return f"{num}{unit} ÷ {den}{unit} = {fmt.fixed(fig.value, 2)}%"


__all__ = ["AGREES", "DIFFERS", "NO_DATA", "PLAN", "NOT_FOUND", "STATUSES", "STATUS_LABELS", "Checker", "Result",
           "agrees", "fits"]
