"""Comparing a claim with the figure it speaks of.

The claim's period and scope: the period named for it (else the draft's); a park or chain named just before
it ("其中，专用服装产业园33户规上企业实现产值22.20亿元", "纺织鞋服22.90亿元") moves it to that scope, unless a
word such as 等 or 全县 stands between the name and the number. A period without statistics is "平台无该期数据",
never a comparison with zeros. Besides the figure engine: the statistics bureau's releases (GDP …), 开工率 by
amount and by count, a quarter's lists (the county's 季盘点 and designations recorded from higher bodies), parts
of a figure named in the draft (`details`), tasks recorded as done (`statements`).
"""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt

from .claims import Claim
from .details import named_part, named_row
from .explaining import explain
from .results import (AGREES, DIFFERS, NO_DATA, NOT_FOUND, Result, agrees, claim_value, exact, figure_url,
                      rows_of)
from .rules import OUTPUT, best_rule, label_match
from .statements import recorded_claims, same_statement, similar

ENTITY_BREAKS = ("等", "全县", "全区", "全市", "主特", "全部园区", "合计", "其余")
CHAIN_KEYS = {"industry.output_ytd": "chain.output_ytd", "chains.main_output_ytd": "chain.output_ytd",
              "industry.output_growth": "chain.output_growth", "chains.main_output_growth": "chain.output_growth",
              "industry.above_scale_count": "chain.above_scale_count",
              "chains.main_above_scale_count": "chain.above_scale_count"}
CHAIN_FALLBACK = {"money": "chain.output_ytd", "growth": "chain.output_growth"}
DESIGNATED = re.compile(r"通报|评定|认定|全市|全省|市级|省级|上级|市委|市政府|省委|省政府")
MONTHS = {"industry.output_ytd": "industry.output_month"}  # a cumulative figure and its month's own
START_RATES = {"projects.start_rate.by_amount": "按投资额", "projects.start_rate.by_count": "按个数"}


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

    def check(self, claim: Claim, period: Period) -> Result:
        """An actual claim (plans and targets: `targets`)."""
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
            # a part named beside it ("…地块45亩") comes before what the sentence spoke of earlier
            part = named_row(claim, self.src.figures(period).figures(), period, self.scope)
            if part is not None:
                return part
            found = self.locate(claim)
        if found is None:
            return self.unmatched(claim, period)
        key, scope = found
        if key.startswith("published."):
            return self.check_published(claim, key, period)
        if key == "projects.start_rate":
            return self.check_start_rate(claim, period, scope)
        keys = [key]
        if key.startswith("rankings."):
            # a quarter's list: the county's own 季盘点, or a designation recorded from a higher body (the city's
            # 骏马项目 …), the latter first when the sentence speaks of one
            period = self.quarter_period(claim, period)
            keys.append("designations." + key.split(".", 1)[1])
            if DESIGNATED.search(claim.sentence):
                keys.reverse()
        elif key in MONTHS and claim.mention and claim.mention.form in ("mon", "ym"):
            keys.insert(0, MONTHS[key])  # "8月份，…": the month's own figure, then 1—8月
        return self.check_either(claim, keys, period, scope)

    def check_either(self, claim: Claim, keys: list[str], period: Period, scope) -> Result:
        """Compared with the first of these figures that agrees, else with the first; the others are named."""
        figs = [f for k in keys if (f := self.src.figure(k, period, scope)) is not None]
        if not figs:
            return Result(claim, NOT_FOUND, key=keys[0], period=period, scope=scope,
                          explanation=f"范围“{scope.label}”下没有指标 {keys[0]}")
        chosen = next((f for f in figs if f.value is not None and agrees(f.value, claim)), figs[0])
        result = self.compare(claim, chosen, period, scope)
        result.hints += [f"另：“{f.label}”为{f.display()}" for f in figs if f is not chosen and f.value is not None]
        return result

    def when(self, period: Period, scope) -> str:
        text = f"（范围：{scope.label}）" if scope is not None and scope != self.scope else ""
        return text + (f"（按{period.full_label}计算）" if period != self.period else "")

    def compare(self, claim: Claim, fig, period: Period, scope=None, prefix: str = "") -> Result:
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
        part = named_part(claim, fig)
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

    def no_data(self, claim: Claim, period: Period) -> Result:
        """No statistics for the claim's period; says so, and whether the value fits the period that has them."""
        latest = self.src.latest()
        have = f"平台已有数据的最近一期为{latest.full_label}" if latest else "平台尚无任何统计数据"
        result = Result(claim, NO_DATA, period=period, scope=self.scope,
                        explanation=f"平台无该期数据：{period.full_label}尚无统计数据（{have}）")
        others = [p for p in dict.fromkeys(self.alternates + [self.period, self.src.latest(period.month), latest])
                  if p is not None and p != period and self.src.has_data(p)]
        tried = [(other, self.check_actual(claim, other)) for other in others]
        tried = [(other, found) for other, found in tried if found.status in (AGREES, DIFFERS)]
        other, found = next(((o, f) for o, f in tried if f.status == AGREES), tried[0] if tried else (None, None))
        if found is not None:
            result.key, result.label, result.url = found.key, found.label, found.url
            result.hints.append(f"该数与{other.full_label}的平台数值一致（{found.display}），材料的期别或年份可能写错"
                                if found.status == AGREES else
                                f"按{other.full_label}，平台为{found.display}，与材料也不一致")
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


def _fraction(fig) -> str:
    if fig.numerator is None or fig.denominator is None:
        return fig.display()
    unit = "万元" if isinstance(fig.numerator, Decimal) else "个"
    num = fig.numerator if unit == "个" else f"{fmt.trimmed(fig.numerator, 2)}"
    den = fig.denominator if unit == "个" else f"{fmt.trimmed(fig.denominator, 2)}"
    return f"{num}{unit} ÷ {den}{unit} = {fmt.fixed(fig.value, 2)}%"


