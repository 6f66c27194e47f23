"""Why a number differs, where the checker can tell:

- a unit or decimal-point slip: the draft's digits are the figure's times 10, 100, 1000 or 10 000
  ("8398万元" for 83.98亿元 = 839 800万元);
- a share, rate, growth or deviation computed from rounded inputs: the checker recomputes it from the inputs as
  the draft wrote them (its own figures for the numerator and denominator, when it states them) and as they
  round (亿元 to two, one or no decimals; rates to two or one decimals), and says which gives the draft's number
  ("70.7亿元 ÷ 84.0亿元 = 84.17%") — or that none does and the number contradicts the draft's own figures;
- the figure of another period: last month's 1—(N−1)月 or last year's;
- a figure that contradicts another in the same draft: the same figure stated twice with different values
  (`contradictions`, over all results).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yuanqu.figures import format as fmt

from .results import AGREES, DIFFERS, TEN_THOUSAND, agrees, claim_value

FACTORS = (10, 100, 1000, 10000)
HUNDRED = Decimal(100)


def explain(checker, claim, fig, period, scope) -> list[str]:
    hints = []
    for finder in (unit_slip, rounded_inputs, other_period):
        hint = finder(checker, claim, fig, period, scope)
        if hint:
            hints.append(hint)
    return hints


PARTS = {10: "十分之一", 100: "百分之一", 1000: "千分之一", 10000: "万分之一"}


def unit_slip(checker, claim, fig, period, scope) -> str:
    value = Decimal(fig.value)
    if value == 0 or claim.kind in ("growth", "points"):
        return ""
    for factor in FACTORS:
        for slip, times in ((value / factor, PARTS[factor]), (value * factor, f"{factor}倍")):
            if agrees(slip, claim):
                return (f"材料的“{claim.text}”是平台数值{fig.display()}（{fmt.trimmed(value, 2)}{fig.unit}）的{times}，"
                        f"疑为单位或小数点写错，应为{fig.display()}")
    return ""


def _ratio(style: str, num: Decimal, den: Decimal, month: int) -> Decimal | None:
    if den <= 0:
        return None
    share = num / den * HUNDRED
    if style == "growth":
        return share - HUNDRED
    if style == "points":
        return share - _time_progress(month)
    return share


def _time_progress(month: int) -> Decimal:
    return Decimal(month) / 12 * HUNDRED


def _expression(style: str, num: str, den: str, month: int) -> str:
    if style == "growth":
        return f"（{num} ÷ {den} − 1）× 100"
    if style == "points":
        return f"{num} ÷ {den} × 100 − {fmt.fixed(_time_progress(month), 2)}（时间进度）"
    return f"{num} ÷ {den} × 100"


@dataclass(frozen=True)
class Attempt:
    """One way the draft may have computed its number: how, the expression, its result."""
    how: str
    expression: str
    value: Decimal | None

    def shown(self, style: str, places: int) -> str:
        return f"{self.expression} = {fmt.fixed(self.value, places)}{'' if style == 'points' else '%'}"


def _amount(value: Decimal, places: int, unit: str) -> str:
    return f"{fmt.fixed(value / TEN_THOUSAND if unit == '亿元' else value, places)}{unit}"


def _draft_inputs(checker, num: Decimal, den: Decimal):
    """The draft's own figures for the numerator and denominator (amounts it states that round to them)."""
    amounts = [c for c in checker.claims if c.kind == "money" and c.mood == "actual"]
    n = next((c for c in amounts if agrees(num, c)), None)
    d = next((c for c in amounts if agrees(den, c)), None)
    return (n, d) if n and d else None


def _attempts(checker, fig, period) -> list[Attempt]:
    """The draft's own inputs first, then the usual roundings: of two amounts (亿元 to two, one, no decimals;
    whole 万元) or, for a deviation, of the completion rate and the time progress."""
    num, den, style, month = Decimal(fig.numerator), Decimal(fig.denominator), fig.style, period.month
    attempts = []
    money = isinstance(fig.numerator, Decimal)
    own = _draft_inputs(checker, num, den) if money else None
    if own:
        n, d = own
        attempts.append(Attempt(OWN, _expression(style, n.text, d.text, month),
                                _ratio(style, claim_value(n), claim_value(d), month)))
    if money and max(num, den) >= TEN_THOUSAND:
        for unit, places in (("亿元", 2), ("亿元", 1), ("亿元", 0), ("万元", 0)):
            step = TEN_THOUSAND if unit == "亿元" else Decimal(1)
            n, d = fmt.rounded(num / step, places) * step, fmt.rounded(den / step, places) * step
            written = _expression(style, _amount(n, places, unit), _amount(d, places, unit), month)
            attempts.append(Attempt("按舍入后的数值", written, _ratio(style, n, d, month)))
    if style == "points":
        rate, progress = num / den * HUNDRED, fmt.rounded(_time_progress(month), 2)
        for places in (2, 1):
            attempts.append(Attempt(f"按舍入到{places}位小数的完成率", f"{fmt.fixed(rate, places)}% − {progress}%（时间进度）",
                                    fmt.rounded(rate, places) - progress))
    return [a for a in attempts if a.value is not None]


OWN = "按材料自身的数字"


def rounded_inputs(checker, claim, fig, period, scope) -> str:
    if fig.numerator is None or fig.denominator is None or fig.key.startswith("targets.") \
            or claim.kind not in ("share", "rate", "pct", "growth", "points"):
        return ""
    unrounded = _ratio(fig.style, Decimal(fig.numerator), Decimal(fig.denominator), period.month)
    if unrounded is None or abs(unrounded - Decimal(fig.value)) > Decimal("0.000001"):
        return ""  # the figure is not this ratio of its numerator and denominator
    attempts = _attempts(checker, fig, period)
    style, places = fig.style, claim.places
    fits = next((a for a in attempts if fmt.rounded(a.value, places) == claim.number), None)
    if fits:
        return (f"材料的“{claim.text}”可由舍入后的数值算得：{fits.how}，{fits.shown(style, places)}；按未舍入的数值"
                f"计算为{fig.display()}（占比、增速等应以未舍入的数值计算，DOMAIN §2）")
    if attempts and attempts[0].how == OWN:
        return (f"按材料自身的数字计算，{attempts[0].shown(style, places)}，与材料写作的“{claim.text}”不符："
                f"该数与材料中的其他数字相互矛盾，也不能由舍入后的数值得出")
    if attempts:
        return f"由舍入后的数值也得不出“{claim.text}”：{attempts[0].shown(style, places)}"
    return ""


def other_period(checker, claim, fig, period, scope) -> str:
    """The figure of the period chosen for the draft, of last month's 1—(N−1)月, or of last year, agreeing."""
    tries = [(p, "所选期别的") for p in checker.alternates + [checker.period]]
    tries += [(period.previous, "上期"), (period.last_year, "上年同期")]
    seen = {period}
    for other, word in tries:
        if other is None or other in seen or not checker.src.has_data(other):
            continue
        seen.add(other)
        found = checker.src.figure(fig.key, other, scope)
        if found is not None and found.value is not None and agrees(found.value, claim):
            return f"与{other.full_label}的平台数值一致（{found.display()}）：材料可能用了{word}数据，或期别写错"
    return ""


def contradictions(results) -> None:
    """The same figure (key, scope, period) stated with different values in one draft: each differing statement
    is told which other statement it contradicts."""
    by_figure: dict[tuple, list] = {}
    for r in results:
        if r.status in (AGREES, DIFFERS) and r.key and not r.target and r.claim.aspect == "value" \
                and r.computed is not None:
            by_figure.setdefault((r.key, r.scope, r.period, r.computed), []).append(r)
    for group in by_figure.values():
        for r in group:
            if r.status != DIFFERS:
                continue
            others = [o for o in group if o is not r and not agrees(claim_value(o.claim), r.claim)
                      and not agrees(claim_value(r.claim), o.claim)]
            if others:
                shown = "、".join(f"{o.claim.where}“{o.claim.text}”" for o in others)
                r.hints.append(f"与本材料{shown}（同一指标）相互矛盾")
