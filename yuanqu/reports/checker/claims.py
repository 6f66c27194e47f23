"""Finding the numeric claims of a draft and what each says.

A claim is a number with its unit: an amount (亿元/万元), growth (增长/下降 X%, X倍), a share (占…X%), a rate
(开工率…X%), points (高于时间进度X个百分点, 高于目标X个百分点), a count (X个/户/家/条/类/宗/人/天…), an area
(亩/万平方米) or energy (万千瓦时); "余/多" (8000余人) and "以上" make it a lower bound.

Its context: the sentence, the clause (between commas; a claim inside "（…）" also reads the clause the
parenthesis belongs to), the segment (between 顿号) and the paragraph's lead ("三是园区工业总产值。",
"全社会固定资产投资增长：" — a short first sentence without figures naming what the paragraph is about).

Its mood: a plan or target ("力争…", "预计到20xx年…", "将达到…", "目标为X", "“…X…”的目标", a deadline after it:
"…办结率达90%（12月31日前）", "…，12月31日前完成", or the 下步工作打算 section) or an actual ("目前为", "已实现",
"今年以来" reset a plan marker before them). Its aspect: the figure's value, or against a target: progress
("完成目标的17.69%"), gap ("距目标还差40户"), points above or below it; or last year's base ("上年同期").
Its period: the last period named before it in its sentence, else earlier in its paragraph, else the draft's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .periods import Mention, mentions
from .reading import Cell, Draft

NUM = r"\d+(?:\.\d+)?"
CLAIM_RE = re.compile(
    r"(?P<points>(?P<pdir>高于|低于|落后于?|超过|超出|快于|慢于|领先|加快|放缓|提高|回落|收窄|扩大|上升|提升|下降)"
    r"(?P<pbasis>(?:[^，。；！？\n\d、（）()]|(?:19|20)\d{2}年){0,16}?)(?P<pnum>" + NUM + r")[ ]?个百分点)"
    r"|(?P<growth>(?P<gdir>同比增长|同比下降|增长|下降|增速为?|增幅为?|回落)(?P<gnum>" + NUM + r")[ ]?(?P<gunit>%|倍))"
    r"|(?P<pct>(?P<pctnum>" + NUM + r")[ ]?%(?P<pctmore>以上)?)"
    r"|(?P<money>(?P<mnum>" + NUM + r")[ ]?(?P<mmore>余|多)?[ ]?(?P<munit>亿元|万元)(?P<mmore2>以上)?)"
    r"|(?P<area>(?P<anum>" + NUM + r")[ ]?(?P<amore>余|多)?[ ]?(?P<aunit>万平方米|平方米|万亩|亩)(?P<amore2>以上)?)"
    r"|(?P<energy>(?P<enum>" + NUM + r")[ ]?(?P<eunit>亿千瓦时|万千瓦时))"
    r"|(?P<count>(?P<cnum>\d+)[ ]?(?P<cmore>余|多)?[ ]?(?P<cunit>个|户|家|条|类|项|宗|人|名|次|场|件|天|块)"
    r"(?!月|百分点|工作日|小时|季度|年|以内|内)(?P<cmore2>以上)?)"
)
NUMBER_GROUPS = ("pnum", "gnum", "pctnum", "mnum", "anum", "enum", "cnum")
SENTENCE_END = "。！？!?"
CLAUSE_SEP = "，；：,;:"
SEGMENT_SEP = "、"
OPEN, CLOSE = "（(", "）)"
RATE_WORDS = ("率", "比重", "占比")
DOWN = ("低于", "落后", "落后于", "慢于", "放缓", "回落", "收窄", "下降")

HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
TOP_HEADING_RE = re.compile(r"^\s*[一二三四五六七八九十]+、")
PLAN_HEADING_RE = re.compile(r"下步|下一步|打算|工作计划|工作安排|工作思路")
# a plan marker governs the rest of its sentence; an actual marker after it ends that
PLAN_MARK = re.compile(r"力争|争取|确保|预计|预期|有望|拟(?!定|制)|计划(?:到|于|在|年内|年底|全年|新增|完成|实现)"
                       r"|到(?:(?:19|20)[\dxX×]{2})年(?:底|末)?|将(?:达到|实现|突破|超过|形成|新增|完成|建成|培育|引进)")
ACTUAL_MARK = re.compile(r"目前|现有|当前|截至|今年以来|实际|已(?:经|实现|完成|达到|签约|开工|建成|累计|有|超过|协调|为|是)")
TARGET_BEFORE = re.compile(r"目标(?:值|任务)?(?:分别)?(?:为|是|：|:|达到|达)?[（(]?$")
# "高于年度目标（增长10%）0.8个百分点": points whose basis carries a parenthesis (read on the masked line)
PAREN_POINTS = re.compile(r"(?P<points>(?P<pdir>高于|低于|超过|超出|快于|慢于)(?P<pbasis>[^，。；！？\n\d、（(]{0,12}[（(]·*[）)])"
                          r"(?P<pnum>" + NUM + r")[ ]?个百分点)")
TARGET_AFTER = re.compile(r"^(?:以上)?(?:[”’\"']的?|的)(?:目标|任务)")  # not "3项目标": a count of targets
DEADLINE = re.compile(r"(?:\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|末)?|年底|年末|年内|月底)前")
PROGRESS = re.compile(r"(?:完成(?:年度|全年)?(?:目标|计划)(?:任务)?的?|目标完成(?:率|进度)为?|完成进度为?)$")
GAP = re.compile(r"(?:还差|尚差|仍差|差距为?|相差|缺口为?|尚缺|还需)$")
BASE = re.compile(r"(?:上年同期|去年同期)(?:为|是)?$")
YEAR_RE = re.compile(r"((?:19|20)\d{2})年")


@dataclass
class Claim:
    text: str
    kind: str  # money | growth | times | share | rate | pct | points | area_mu | area_m2 | count | energy
    number: Decimal  # signed for growth and points
    unit: str
    places: int
    lower_bound: str  # "" | "余" | "多" | "以上"
    paragraph: int
    sentence: str
    clause: str
    segment: str
    lead: str = ""
    before: str = ""  # the sentence up to the claim
    mood: str = "actual"  # actual | plan
    aspect: str = "value"  # value | progress | gap | base
    basis: str = ""  # points: what they are measured against (时间进度, 目标 …)
    mention: Mention | None = None  # the period named for the claim
    quarter: Mention | None = None  # a quarter named for it (rankings)
    target_year: int | None = None
    cell: Cell | None = None
    start: int = 0
    end: int = 0

    @property
    def future(self) -> bool:
        return self.mood == "plan"

    @property
    def where(self) -> str:
        return self.cell.where if self.cell else f"第{self.paragraph}段"

    @property
    def context(self) -> str:
        """The words that decide which figure it is: lead, clause (with the outer clause of a parenthesis)."""
        return f"{self.lead}　{self.clause}"


def _places(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _kind(m, segment_before: str, clause_before: str) -> tuple[str, Decimal, str, str]:
    """(kind, signed number, unit, lower bound) of a match."""
    g = m.groupdict()
    if g["points"]:
        number = Decimal(g["pnum"])
        return "points", -number if g["pdir"] in DOWN else number, "个百分点", ""
    if g["growth"]:
        number = Decimal(g["gnum"])
        if g["gunit"] == "倍":
            return "times", number, "倍", ""
        return "growth", -number if g["gdir"] in ("下降", "回落", "同比下降") else number, "%", ""
    if g["pct"]:
        number, more = Decimal(g["pctnum"]), "以上" if g["pctmore"] else ""
        if any(w in segment_before for w in RATE_WORDS):
            return "rate", number, "%", more
        if "占" in clause_before:
            return "share", number, "%", more
        return "pct", number, "%", more
    if g["money"]:
        return "money", Decimal(g["mnum"]), g["munit"], g["mmore"] or g["mmore2"] or ""
    if g["area"]:
        unit = g["aunit"]
        return ("area_mu" if unit in ("亩", "万亩") else "area_m2"), Decimal(g["anum"]), unit, \
            g["amore"] or g["amore2"] or ""
    if g["energy"]:
        return "energy", Decimal(g["enum"]), g["eunit"], ""
    return "count", Decimal(g["cnum"]), g["cunit"], g["cmore"] or g["cmore2"] or ""


def _skipped(line: str, start: int, m) -> bool:
    """Not a claim: part of a range or a longer number ("2-3个", "1.5"), a code ("C3841"), a caption number
    ("图3", "表1"), an ordinal ("第3")."""
    before = line[start - 1:start] if start else ""
    if not before or m.group("points") or m.group("growth"):
        return False
    if before.isdigit() or before in "-—–～~./" or before.isascii() and before.isalpha():
        return True
    return bool(m.group("count")) and before in "图表第"


class _Line:
    """One paragraph's separators, with parentheses masked so that their commas do not end the outer clause."""

    def __init__(self, text: str):
        self.text = text
        self.parens: list[tuple[int, int]] = []
        stack = []
        masked = list(text)
        for i, ch in enumerate(text):
            if ch in OPEN:
                stack.append(i)
            elif ch in CLOSE and stack:
                self.parens.append((stack.pop(), i))
        self.parens += [(o, len(text)) for o in stack]
        for o, c in self.parens:
            for i in range(o + 1, min(c, len(text))):
                masked[i] = "·"
        self.masked = "".join(masked)

    def paren(self, at: int) -> tuple[int, int] | None:
        inside = [(o, c) for o, c in self.parens if o < at < c]
        return max(inside) if inside else None

    @staticmethod
    def bounds(text: str, start: int, end: int, seps: str) -> tuple[int, int]:
        left = max((text.rfind(ch, 0, start) for ch in seps), default=-1) + 1
        rights = [i for i in (text.find(ch, end) for ch in seps) if i != -1]
        return left, (min(rights) if rights else len(text))

    def context(self, start: int, end: int) -> tuple[tuple[int, int], str, str]:
        """(sentence bounds, clause, segment) of the span."""
        sentence = self.bounds(self.masked, start, end, SENTENCE_END)
        paren = self.paren(start)
        if paren is None:
            c0, c1 = self.bounds(self.masked, start, end, SENTENCE_END + CLAUSE_SEP)
            g0, g1 = self.bounds(self.masked, start, end, SENTENCE_END + CLAUSE_SEP + SEGMENT_SEP)
            return sentence, self.text[c0:c1], self.text[g0:g1]
        o, c = paren
        inner = self.text[o + 1:c]
        c0, c1 = self.bounds(inner, start - o - 1, end - o - 1, SENTENCE_END + CLAUSE_SEP)
        g0, g1 = self.bounds(inner, start - o - 1, end - o - 1, SENTENCE_END + CLAUSE_SEP + SEGMENT_SEP)
        outer0, _ = self.bounds(self.masked, o, o, SENTENCE_END + CLAUSE_SEP)
        return sentence, self.text[outer0:o] + "（" + inner[c0:c1], inner[g0:g1]

    def lead(self, limit: int) -> str:
        """The paragraph's lead: a short first sentence or colon part without figures."""
        cut = min((i for i in (self.masked.find(ch) for ch in "。：:") if i != -1), default=-1)
        if cut <= 0 or cut > limit or cut == len(self.text) - 1 and self.text[cut] == "。":
            return ""
        lead = self.text[:cut]
        return "" if CLAIM_RE.search(lead) else lead


def _mood(text: str, start: int, end: int, sentence: tuple[int, int], clause_before: str, aspect: str,
          plan_section: bool) -> str:
    if aspect != "value":
        return "actual"
    before = text[sentence[0]:start]
    if TARGET_BEFORE.search(before) or TARGET_AFTER.match(text[end:]) or _in_target_quote(text, start, end) \
            or _listed_after_target(clause_before):
        return "plan"
    plan = [m.end() for m in PLAN_MARK.finditer(before)]
    actual = [m.end() for m in ACTUAL_MARK.finditer(before)]
    if actual and actual[-1] > (plan[-1] if plan else -1):
        return "actual"
    if plan_section or plan:
        return "plan"
    task_end = min([i for i in (text.find(ch, end) for ch in "；;。") if i != -1] or [len(text)])
    return "plan" if DEADLINE.search(text[end:task_end]) else "actual"


def _listed_after_target(clause_before: str) -> bool:
    """One of several targets listed after "目标" ("2025年目标分别为10户、2户")."""
    at = clause_before.rfind("目标")
    if at == -1:
        return False
    rest = CLAIM_RE.sub("", clause_before[at + 2:])
    return bool(TARGET_BEFORE.search("目标" + re.sub(r"[、和及与（(）)\s]", "", rest)))


def _in_target_quote(text: str, start: int, end: int) -> bool:
    """Inside a quotation that is followed by "的目标" (围绕“…14个以上”的目标)."""
    o = text.rfind("“", 0, start)
    c = text.find("”", end)
    return o != -1 and c != -1 and "”" not in text[o:start] and bool(TARGET_AFTER.match(text[c:]))


def _aspect(before: str) -> str:
    tail = before[-12:]
    if PROGRESS.search(tail):
        return "progress"
    if GAP.search(tail):
        return "gap"
    if BASE.search(tail):
        return "base"
    return "value"


def _period_mention(paragraph_mentions: list[Mention], sentence_start: int, start: int) -> Mention | None:
    """The last cumulative period named before the claim: in its sentence, else earlier in its paragraph."""
    named = [m for m in paragraph_mentions if m.month and m.end <= start]
    in_sentence = [m for m in named if m.start >= sentence_start]
    return (in_sentence or named or [None])[-1]


def _quarter(clause: str, paragraph_mentions: list[Mention], sentence_start: int, start: int) -> Mention | None:
    """A quarter named in the claim's clause ("8个项目成为一季度全市“骏马项目”"), else before it in its sentence."""
    in_clause = [m for m in mentions(clause) if m.quarter]
    before = [m for m in paragraph_mentions if m.quarter and sentence_start <= m.start and m.end <= start]
    return (in_clause or before or [None])[-1]


def plan_lines(draft: Draft) -> list[bool]:
    """For each line of the draft: whether it stands in a plan section (下步工作打算 …)."""
    flags, top, sub = [], False, None
    for line in draft.lines:
        stripped = line.text.strip()
        if line.cell is None and HEADING_RE.match(stripped) and len(stripped) <= 40:
            if TOP_HEADING_RE.match(stripped):
                top, sub = bool(PLAN_HEADING_RE.search(stripped)), None
            else:
                sub = bool(PLAN_HEADING_RE.search(stripped)) or top
        flags.append(top if sub is None else sub)
    return flags


def find_claims(draft: Draft | str, *, deadline=None) -> list[Claim]:
    if isinstance(draft, str):
        draft = Draft.of_text(draft)
    claims = []
    in_plan = plan_lines(draft)
    for index, line in enumerate(draft.lines):
        if deadline is not None and index % 64 == 0:
            deadline.check()
        if not line.text.strip():
            continue
        parsed = _Line(line.text)
        lead = parsed.lead(40 if line.cell else 30)
        paragraph_mentions = mentions(line.text)
        matches = [m for m in CLAIM_RE.finditer(line.text, line.start) if not _skipped(line.text, m.start(), m)]
        spans = {m.span() for m in matches}
        matches += [m for m in PAREN_POINTS.finditer(parsed.masked, line.start) if m.span() not in spans]
        for m in sorted(matches, key=lambda m: m.start()):
            claims.append(_claim(line, parsed, m, lead, paragraph_mentions, in_plan[index]))
    return claims


def _claim(line, parsed: _Line, m, lead: str, paragraph_mentions: list[Mention], plan_section: bool) -> Claim:
    start, end = m.span()
    text = line.text[start:end]
    sentence, clause, segment = parsed.context(start, end)
    before = line.text[sentence[0]:start]
    kind, value, unit, more = _kind(m, segment[:segment.find(text)], clause[:clause.find(text)])
    aspect = _aspect(before)
    groups = m.groupdict()
    number_text = next(groups[n] for n in NUMBER_GROUPS if groups.get(n))
    years = YEAR_RE.findall(before)
    return Claim(
        text=text, kind=kind, number=value, unit=unit, places=_places(number_text), lower_bound=more,
        paragraph=line.number, sentence=line.text[sentence[0]:sentence[1]].strip(), clause=clause,
        segment=segment, lead=lead, before=before,
        mood=_mood(line.text, start, end, sentence, clause[:clause.find(text)], aspect, plan_section),
        aspect=aspect, basis=(groups.get("pbasis") or "") if groups.get("points") else "",
        mention=_period_mention(paragraph_mentions, sentence[0], start),
        quarter=_quarter(clause, paragraph_mentions, sentence[0], start),
        target_year=int(years[-1]) if years else None, cell=line.cell, start=start, end=end,
    )
