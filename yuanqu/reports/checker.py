"""材料数字核对: find the numeric claims of a draft and check each against the figure engine.

    results = check_text(text, scope, period)        # or check_file(path, …) for .txt / .docx
    for r in results: r.status  # "agrees" | "differs" | "not_found"

1. Claims: amounts (亿元/万元), growth (增长/下降 X%), shares (占…X%), rates (开工率…X%), points
   (高于/低于时间进度X个百分点), counts (X个/户/家/条/类/宗/人…), areas (亩/万平方米), with "余/多"
   (a lower bound: 8000余人) and "以上".
2. Which figure: a keyword table per figure key (RULES). Each rule needs its words in the claim's
   clause (between commas) and scores higher when they stand in the claim's own segment (between
   顿号), so "省重点…28.83个百分点、市重点…8.84个百分点" goes to the right group.
3. Plans and targets ("预计到20xx年…400亿元", "力争…", the 下步工作打算 section) are compared with
   the targets set in the platform (agrees when a target of that indicator has that value),
   otherwise reported as not found — never as differing from this year's actual.
4. Tolerance follows the claim's own precision: the computed value rounded half-up to the
   decimals the draft wrote (84.26 vs 84.2343 → differs; 98% vs 97.99 → agrees); "8000余人"
   agrees with 8000 ≤ value < 9000.
A period named in the sentence ("1-7月", "一季度" for rankings) is used for that claim.

Drafts are bounded (Limits, from YUANQU_RULES): the file's size, the .docx's unpacked size (a zip bomb is
refused before anything is inflated), its paragraphs and characters (counted while streaming
word/document.xml, before python-docx builds the document), and the seconds spent reading and checking.
"""
from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from yuanqu.core.access import visible
from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.engine import UnknownFigure, compute
from yuanqu.targets.models import Target

from .periods import CN_DIGITS

AGREES, DIFFERS, NOT_FOUND = "agrees", "differs", "not_found"
STATUS_LABELS = {AGREES: "一致", DIFFERS: "不一致", NOT_FOUND: "未找到"}
TEN_THOUSAND = Decimal(10000)

CLAIM_RE = re.compile(
    r"(?P<points>(?P<pdir>高于|低于|落后于?|超过|快于|慢于|超出)(?:时间进度|序时进度|均衡进度)?"
    r"(?P<pnum>\d+(?:\.\d+)?)\s*个百分点)"
    r"|(?P<growth>(?P<gdir>同比增长|增长|下降|增速为?|增幅为?|回落)(?P<gnum>\d+(?:\.\d+)?)\s*(?P<gunit>%|％|倍))"
    r"|(?P<pct>(?P<pctnum>\d+(?:\.\d+)?)\s*(?:%|％)(?P<pctmore>以上)?)"
    r"|(?P<money>(?P<mnum>\d+(?:\.\d+)?)\s*(?P<mmore>余|多)?\s*(?P<munit>亿元|万元)(?P<mmore2>以上)?)"
    r"|(?P<area>(?P<anum>\d+(?:\.\d+)?)\s*(?P<amore>余|多)?\s*(?P<aunit>万平方米|平方米|万亩|亩)(?P<amore2>以上)?)"
    r"|(?P<count>(?<![\d.])(?P<cnum>\d+)\s*(?P<cmore>余|多)?\s*(?P<cunit>个|户|家|条|类|项|宗|人|名|次|场|件)"
    r"(?!月|百分点|工作日|小时)(?P<cmore2>以上)?)"
)
SENTENCE_END = "。！？!?\n"
CLAUSE_SEP = "，；：,;:"
SEGMENT_SEP = "、"
FUTURE_RE = re.compile(r"力争|预计|争取|确保|计划|拟|目标|将达到|将实现|将形成|将|到(?:20\w\w|\d{4})年|年底前|年内|以上")
PLAN_HEADING_RE = re.compile(r"下步|下一步|打算|工作计划|工作安排")
HEADING_RE = re.compile(r"^\s*[一二三四五六七八九十]+、")
PERIOD_RE = re.compile(r"1\s*[-—–～~至]\s*(\d{1,2})\s*月")
QUARTER_RE = re.compile(r"([一二三四1-4])季度")
RATE_WORDS = ("开工率", "投产率", "竣工率", "建成率", "利用率", "办结率", "满意率", "空置率", "触达率", "完成率", "覆盖率")


@dataclass(frozen=True)
class Rule:
    key: str
    kinds: tuple[str, ...]
    need: tuple[tuple[str, ...], ...]
    avoid: tuple[str, ...] = ()
    bonus: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # for counts: the units it accepts
    avoid_near: tuple[str, ...] = ()  # words that rule it out when in the claim's own segment


def rule(key, kinds, *need, avoid=(), bonus=(), units=(), avoid_near=()):
    """need: groups of alternatives ("签约|洽谈"), all required in the clause; avoid: words that rule
    the figure out when anywhere in the clause; bonus: words that make it likelier."""
    return Rule(key, tuple(kinds.split()), tuple(tuple(g.split("|")) for g in need), tuple(avoid), tuple(bonus),
                tuple(units), tuple(avoid_near))


OUTPUT = "规上工业总产值|工业总产值|总产值|产值"
MAIN = "主特|集群|主导产业|特色产业"
RULES = (
    rule("chains.main_output_ytd", "money", MAIN, OUTPUT),
    rule("chains.main_output_growth", "growth", MAIN),
    rule("park.output_share", "share pct", "占", "产值|比重|占比", bonus=("园区", "全县")),
    rule("park.output_ytd", "money", "园区", OUTPUT, avoid=("主特", "集群")),
    rule("park.output_growth", "growth", "园区", avoid=("主特", "集群")),
    rule("park.above_scale_count", "count", "园区", "规上", units=("户", "家", "个")),
    rule("industry.output_ytd", "money", OUTPUT, avoid=("园区", "主特", "集群", "产业链"), bonus=("全县", "规上")),
    rule("industry.output_growth", "growth", OUTPUT, avoid=("园区", "主特", "集群", "产业链"), bonus=("全县",)),
    rule("industry.above_scale_count", "count", "规上", avoid=("园区",), units=("户", "家", "个")),
    rule("projects.signed.count", "count", "签约", avoid=("洽谈", "在谈"), units=("个", "项")),
    rule("projects.signed.investment", "money", "签约", avoid=("洽谈", "在谈"), bonus=("总投资",)),
    rule("projects.negotiating.count", "count", "洽谈|在谈", units=("个", "项")),
    rule("projects.negotiating.investment", "money", "洽谈|在谈", bonus=("总投资",)),
    rule("projects.start_rate", "rate pct", "开工率"),
    rule("projects.started.count", "count", "开工", avoid=("计划开工",), units=("个", "项")),
    rule("projects.started.investment", "money", "开工", bonus=("总投资",)),
    rule("projects.production.count", "count", "试生产|投产", units=("个", "项")),
    rule("projects.production.investment", "money", "试生产|投产", bonus=("总投资",)),
    rule("projects.completed.count", "count", "竣工|建成", avoid=("试生产", "投产"), units=("个", "项")),
    rule("projects.completed.investment", "money", "竣工|建成", avoid=("试生产", "投产"), bonus=("总投资",)),
    rule("projects.key_province.progress_deviation", "points", "省重点"),
    rule("projects.key_city.progress_deviation", "points", "市重点"),
    rule("projects.key_county.progress_deviation", "points", "县重点"),
    rule("projects.key_province.completion", "rate pct", "省重点", "完成"),
    rule("projects.key_city.completion", "rate pct", "市重点", "完成"),
    rule("projects.key_county.completion", "rate pct", "县重点", "完成"),
    rule("rankings.steed", "count", "骏马", units=("个", "项")),
    rule("rankings.snail", "count", "蜗牛", units=("个", "项")),
    rule("rankings.red_list", "count", "红榜", units=("个", "项")),
    rule("rankings.black_list", "count", "黑榜", units=("个", "项")),
    rule("land.revitalized_mu", "area_mu", "盘活|处置|清理", avoid_near=("厂房",), bonus=("低效", "闲置", "用地", "土地")),
    rule("buildings.revitalized_m2", "area_m2", "盘活|处置|清理", "厂房"),
    rule("buildings.floor_area_m2", "area_m2", "标准厂房", avoid=("建设", "在建", "新建", "盘活")),
    rule("land.supplied_use_rate", "rate pct", "土地利用率|土地建成率|已供土地"),
    rule("land.idle", "count", "闲置土地|闲置地块", units=("宗", "块", "个")),
    rule("land.idle_area_mu", "area_mu", "闲置土地|闲置地块", avoid=("盘活",)),
    rule("buildings.vacancy_rate", "rate pct", "空置"),
    rule("service.ticket_categories", "count", "问题|诉求", units=("类",)),
    rule("service.tickets_closed", "count", "问题|诉求", bonus=("解决", "协调", "办结"), units=("条", "件", "个", "项")),
    rule("service.enterprises_connected", "count", "对接|包联|联系", "企业", units=("家", "户", "个")),
    rule("service.on_time_rate", "rate pct", "按期办结|办结率"),
    rule("service.satisfaction", "rate pct", "满意"),
    rule("policies.count", "count", "政策", units=("条", "项")),
    rule("policies.granted_amount", "money", "政策", "兑现"),
    rule("finance.institutions", "count", "金融机构|银行", units=("家", "个")),
    rule("finance.loans", "money", "贷款|信贷|融资"),
    rule("labour.supplied", "count", "员工|工人|用工|务工|就业", bonus=("输送",), units=("人", "名")),
    rule("enterprises.treasure_count", "count", "镇园之宝", units=("户", "家", "个")),
    rule("enterprises.listed_count", "count", "上市企业|上市公司", units=("户", "家", "个")),
    rule("enterprises.billion_new_count", "count", "10亿级|十亿级|亿元级", units=("户", "家", "个")),
    rule("chains.hundred_billion_count", "count", "百亿级|百亿", units=("个",)),
    rule("published.gdp_growth", "growth", "地区生产总值|GDP"),
    rule("published.fai_growth", "growth", "固定资产投资"),
)


@dataclass
class Claim:
    text: str
    kind: str  # money | growth | share | rate | pct | points | area_mu | area_m2 | count
    number: Decimal  # signed for growth and points
    unit: str
    places: int
    lower_bound: str  # "" | "余" | "多" | "以上"
    start: int
    end: int
    paragraph: int
    sentence: str
    clause: str
    segment: str
    future: bool
    period: Period | None = None
    quarter_period: Period | None = None
    before: str = ""  # the sentence up to the claim


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
    target: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status] + ("（目标）" if self.target and self.status == AGREES else "")

    @property
    def rows_total(self) -> int:
        return sum(r["count"] for r in self.rows)

    def to_json(self) -> dict:
        from yuanqu.figures.base import jsonable

        c = self.claim
        return {
            "text": c.text, "paragraph": c.paragraph, "kind": c.kind, "number": jsonable(c.number), "unit": c.unit,
            "places": c.places, "lower_bound": c.lower_bound, "future": c.future, "context": c.segment,
            "period": str(c.quarter_period or c.period) if (c.quarter_period or c.period) else None,
            "status": self.status, "status_label": self.status_label, "key": self.key, "label": self.label,
            "computed": jsonable(self.computed), "display": self.display, "unit_computed": self.unit,
            "rows": self.rows, "rows_total": self.rows_total, "explanation": self.explanation, "target": self.target,
        }


# --- reading drafts -------------------------------------------------------------------------

class DraftTooLarge(ValueError):
    """A draft beyond the limits: refused with a Chinese message, nothing read further."""


@dataclass(frozen=True)
class Limits:
    max_mb: int
    max_paragraphs: int
    max_chars: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> "Limits":
        rules = settings.YUANQU_RULES
        return cls(rules["draft_max_mb"], rules["draft_max_paragraphs"], rules["draft_max_chars"],
                   rules["draft_max_seconds"])

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024

    def check_size(self, name: str, size: int) -> None:
        if size > self.max_bytes:
            raise DraftTooLarge(f"材料“{name}”有{size / 1024 / 1024:.1f}MB，超过{self.max_mb}MB的上限，请精简后再核对")

    def check_chars(self, count: int) -> None:
        if count > self.max_chars:
            raise DraftTooLarge(f"材料超过{self.max_chars}字的上限（约{count}字），请拆分后分段核对")


class Deadline:
    """The time a draft may take to be read and checked."""

    def __init__(self, limits: Limits):
        self.seconds = limits.max_seconds
        self.end = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise DraftTooLarge(f"材料核对超过{self.seconds:g}秒仍未完成，已停止；请拆分后分段核对")


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_MAX_PARTS = 1000
DOCX_UNPACKED_SHARE = 5  # all parts unpacked: at most this many times the size limit (images, styles …)


def _scan_docx(name: str, data: bytes, limits: Limits, deadline: Deadline) -> None:
    """Refuse a .docx beyond the limits before it is parsed: sizes from the zip directory (inflating stops at the
    declared size), then paragraphs, characters and elements counted while streaming word/document.xml."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"无法读取 Word 文件“{name}”：不是有效的 .docx 文件") from exc
    try:
        body = archive.getinfo("word/document.xml")
    except KeyError as exc:
        raise ValueError(f"无法读取 Word 文件“{name}”：缺少正文（word/document.xml）") from exc
    if body.file_size > limits.max_bytes:
        raise DraftTooLarge(f"Word 文件“{name}”的正文解压后超过{limits.max_mb}MB，请精简后再核对")
    parts = archive.infolist()
    if len(parts) > DOCX_MAX_PARTS or sum(p.file_size for p in parts) > DOCX_UNPACKED_SHARE * limits.max_bytes:
        raise DraftTooLarge(f"Word 文件“{name}”解压后超过{DOCX_UNPACKED_SHARE * limits.max_mb}MB，不予核对")
    paragraphs = chars = 0
    max_elements = 25 * limits.max_paragraphs
    with archive.open(body) as stream:
        events = etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True)
        for count, (_, element) in enumerate(events, start=1):
            if element.tag == W_NS + "p":
                paragraphs += 1
                if paragraphs > limits.max_paragraphs:
                    raise DraftTooLarge(f"Word 文件“{name}”超过{limits.max_paragraphs}段的上限，请拆分后分段核对")
            elif element.tag == W_NS + "t":
                chars += len(element.text or "")
                limits.check_chars(chars)
            if count % 4096 == 0:
                deadline.check()
                if count > max_elements:
                    raise DraftTooLarge(f"Word 文件“{name}”结构过于复杂（超过{max_elements}个元素），请另存为纯文本后核对")
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]  # elements read stay read: memory holds one path of the tree, not all of it


def read_docx(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("，".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别文件编码：请使用 UTF-8 或 GB18030 编码的文本文件")


def read_draft(name: str, data: bytes, *, limits: Limits | None = None, deadline: Deadline | None = None) -> str:
    limits = limits or Limits.from_settings()
    deadline = deadline or Deadline(limits)
    limits.check_size(name, len(data))
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        _scan_docx(name, data, limits, deadline)
        try:
            text = read_docx(data)
        except Exception as exc:  # a corrupt or non-Word file
            raise ValueError(f"无法读取 Word 文件“{name}”：{exc}") from exc
    elif suffix in (".txt", ".text", ".md", ""):
        text = read_text(data)
    else:
        raise ValueError(f"只支持 .txt 和 .docx 文件，实际为“{suffix}”（.doc 请先另存为 .docx）")
    limits.check_chars(len(text))
    deadline.check()
    return text


def read_draft_file(path, *, limits: Limits | None = None) -> str:
    """A draft on disk, its size checked before it is read."""
    path = Path(path)
    limits = limits or Limits.from_settings()
    limits.check_size(path.name, path.stat().st_size)
    return read_draft(path.name, path.read_bytes(), limits=limits)


# --- finding claims -------------------------------------------------------------------------

def _bounds(text: str, start: int, end: int, seps: str) -> tuple[int, int]:
    left = max((text.rfind(ch, 0, start) for ch in seps), default=-1) + 1
    rights = [i for i in (text.find(ch, end) for ch in seps) if i != -1]
    return left, (min(rights) if rights else len(text))


def _places(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _claim_kind(m, text: str, start: int, segment_before: str, clause_before: str) -> tuple[str, Decimal, str, str]:
    """(kind, signed number, unit, lower bound) of a match."""
    g = m.groupdict()
    if g["points"]:
        number = Decimal(g["pnum"])
        return "points", -number if g["pdir"] in ("低于", "落后", "落后于", "慢于") else number, "个百分点", ""
    if g["growth"]:
        number = Decimal(g["gnum"])
        if g["gunit"] == "倍":
            return "times", number, "倍", ""
        return "growth", -number if g["gdir"] in ("下降", "回落") else number, "%", ""
    if g["pct"]:
        number = Decimal(g["pctnum"])
        more = "以上" if g["pctmore"] else ""
        if any(w in segment_before for w in RATE_WORDS):
            return "rate", number, "%", more
        if "占" in clause_before:
            return "share", number, "%", more
        return "pct", number, "%", more
    if g["money"]:
        return "money", Decimal(g["mnum"]), g["munit"], g["mmore"] or g["mmore2"] or ""
    if g["area"]:
        unit = g["aunit"]
        kind = "area_mu" if unit in ("亩", "万亩") else "area_m2"
        return kind, Decimal(g["anum"]), unit, g["amore"] or g["amore2"] or ""
    return "count", Decimal(g["cnum"]), g["cunit"], g["cmore"] or g["cmore2"] or ""


def find_claims(text: str, period: Period, *, deadline: Deadline | None = None) -> list[Claim]:
    claims = []
    in_plan = False
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if deadline is not None and number % 256 == 0:
            deadline.check()
        stripped = line.strip()
        if HEADING_RE.match(stripped) and len(stripped) <= 40:
            in_plan = bool(PLAN_HEADING_RE.search(stripped))
        for m in CLAIM_RE.finditer(line):
            start, end = m.span()
            before = line[max(0, start - 1):start]
            if before and (before.isdigit() or before in "-—–～~.") and not m.group("points") \
                    and not m.group("growth"):
                continue  # "2-3个月", a range or part of a longer number
            s0, s1 = _bounds(line, start, end, SENTENCE_END)
            c0, c1 = _bounds(line, start, end, SENTENCE_END + CLAUSE_SEP)
            g0, g1 = _bounds(line, start, end, SENTENCE_END + CLAUSE_SEP + SEGMENT_SEP)
            sentence_before = line[s0:start]
            kind, value, unit, more = _claim_kind(m, line, start, line[g0:start], line[c0:start])
            claim_period, quarter_period = period, None
            found = PERIOD_RE.findall(sentence_before)
            if found and 1 <= int(found[-1]) <= 12:
                claim_period = Period(period.year, int(found[-1]))
            quarter = QUARTER_RE.findall(line[s0:s1])
            if quarter:
                q = quarter[-1]
                q = int(q) if q.isdigit() else CN_DIGITS.index(q)
                quarter_period = Period(period.year, q * 3)
            number_text = next(m.group(n) for n in ("pnum", "gnum", "pctnum", "mnum", "anum", "cnum") if m.group(n))
            claims.append(Claim(
                text=m.group(0), kind=kind, number=value, unit=unit, places=_places(number_text), lower_bound=more,
                start=offset + start, end=offset + end, paragraph=number, sentence=line[s0:s1].strip(),
                clause=line[c0:c1], segment=line[g0:g1],
                future=in_plan or bool(FUTURE_RE.search(sentence_before.replace("以上", ""))),
                period=claim_period, quarter_period=quarter_period, before=sentence_before,
            ))
        offset += len(line) + 1
    return claims


# --- which figure ---------------------------------------------------------------------------

def _score(rule: Rule, claim: Claim) -> int | None:
    kind = "money" if claim.kind == "money" else claim.kind
    if kind not in rule.kinds:
        return None
    if kind == "count" and rule.units and claim.unit not in rule.units:
        return None
    clause, segment = claim.clause, claim.segment
    if any(word in clause for word in rule.avoid) or any(word in segment for word in rule.avoid_near):
        return None
    score = 0
    for group in rule.need:
        if any(word in segment for word in group):
            score += 3
        elif any(word in clause for word in group):
            score += 1
        else:
            return None
    score += sum(1 for word in rule.bonus if word in clause)
    return score


def best_rule(claim: Claim, keys: set[str] | None = None) -> Rule | None:
    scored = [(s, -i, r) for i, r in enumerate(RULES)
              if (keys is None or r.key in keys) and (s := _score(r, claim)) is not None]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


# --- comparing ------------------------------------------------------------------------------

def claim_in_figure_unit(claim: Claim) -> Decimal:
    if claim.unit == "亿元":
        return claim.number * TEN_THOUSAND
    if claim.unit in ("万平方米", "万亩"):
        return claim.number * TEN_THOUSAND
    return claim.number


def _scaled(value, claim: Claim) -> Decimal:
    """A figure value in the claim's own unit (万元 → 亿元, 平方米 → 万平方米)."""
    value = Decimal(value)
    return value / TEN_THOUSAND if claim.unit in ("亿元", "万平方米", "万亩") else value


def agrees(value, claim: Claim) -> bool:
    if value is None:
        return False
    shown = _scaled(value, claim)
    if claim.lower_bound in ("余", "多"):
        digits = format(claim.number.normalize(), "f")
        zeros = len(digits) - len(digits.rstrip("0")) if "." not in digits else 0
        step = Decimal(10) ** max(zeros, 0) if zeros else Decimal(1)
        return claim.number <= shown < claim.number + step
    if claim.lower_bound == "以上":
        return shown >= claim.number
    return fmt.rounded(shown, claim.places) == claim.number


def _rows(fig) -> list[dict]:
    out = []
    for ref in fig.rows:
        try:
            name = str(ref.model._meta.verbose_name)
        except LookupError:
            name = ref.model_label
        out.append({"model": ref.model_label, "name": name, "count": len(ref.ids)})
    return out


def _claimed(claim: Claim) -> str:
    return claim.text


ENTITY_BREAKS = ("等", "全县", "全区", "全市", "主特", "全部园区", "合计", "其余")
CHAIN_KEYS = {"industry.output_ytd": "chain.output_ytd", "chains.main_output_ytd": "chain.output_ytd",
              "industry.output_growth": "chain.output_growth", "chains.main_output_growth": "chain.output_growth",
              "industry.above_scale_count": "chain.above_scale_count",
              "chains.main_above_scale_count": "chain.above_scale_count"}
CHAIN_FALLBACK = {"money": "chain.output_ytd", "growth": "chain.output_growth"}


class Checker:
    """Checks claims against the figures of one scope (period per claim; figure sets cached).

    A park or chain named just before a claim ("其中，专用服装产业园33户规上企业实现产值22.20亿元",
    "纺织鞋服22.90亿元") moves the claim to that park's or chain's scope, unless a word such as 等 or
    全县 stands between the name and the number ("纺织鞋服、…等主特产业…42.80亿元" stays county-wide).
    """

    def __init__(self, scope, period: Period):
        self.scope, self.period = scope, period
        self._sets: dict[tuple, object] = {}
        self._targets = None
        self._entities = None

    def figure(self, key: str, period: Period, scope=None):
        scope = scope or self.scope
        if (scope, period) not in self._sets:
            self._sets[(scope, period)] = compute(scope, period)
        try:
            return self._sets[(scope, period)][key]
        except UnknownFigure:
            return None

    def entities(self) -> list[tuple[str, object]]:
        """(name, Scope) of the region's parks (name and short name) and chains, longest names first."""
        if self._entities is None:
            from yuanqu.chains.models import Chain
            from yuanqu.figures.scope import Scope
            from yuanqu.org.models import Park

            found = []
            if self.scope.kind in ("county", "parks"):
                for park in visible(Park.objects.filter(region=self.scope.region)):
                    for name in {park.name, park.short_name}:
                        if name and len(name) >= 2:
                            found.append((name, Scope.park(park)))
                for chain in visible(Chain.objects.filter(region=self.scope.region)):
                    if len(chain.name) >= 2:
                        found.append((chain.name, Scope.chain(chain)))
            self._entities = sorted(found, key=lambda e: -len(e[0]))
        return self._entities

    def entity(self, claim: Claim):
        """The park or chain the claim speaks of, when named just before it (see the class doc)."""
        best, best_end = None, -1
        for name, scope in self.entities():
            at = claim.before.rfind(name)
            if at != -1 and at + len(name) > best_end:
                best, best_end = scope, at + len(name)
        if best is None or any(word in claim.before[best_end:] for word in ENTITY_BREAKS):
            return None
        return best

    def target_key(self, claim: Claim, rule: Rule | None):
        """(figure key, scope) a claim speaks of, or None."""
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

    def targets(self) -> list[tuple[Target, object]]:
        """(Target row, its figure) for every target of the scope."""
        if self._targets is None:
            figs = []
            try:
                figs = compute(self.scope, self.period, keys=["targets."]).figures()
            except UnknownFigure:
                pass
            codes = {f.key.split(".", 1)[1]: f for f in figs}
            rows = visible(Target.objects.filter(code__in=list(codes)))
            self._targets = [(t, codes[t.code]) for t in rows]
        return self._targets

    def check(self, claim: Claim) -> Result:
        if claim.future:
            return self.check_target(claim)
        if claim.kind == "times":
            return Result(claim, NOT_FOUND, explanation="以“倍”表述的增长，平台按百分比计算，请人工核对")
        rule = best_rule(claim)
        found = self.target_key(claim, rule)
        if found is None or found[0].startswith("published."):
            return Result(claim, NOT_FOUND, explanation="未找到与上下文对应的平台指标")
        key, scope = found
        if key == "projects.start_rate":
            return self.check_start_rate(claim, scope)
        period = claim.quarter_period if key.startswith("rankings.") and claim.quarter_period else claim.period
        fig = self.figure(key, period, scope)
        if fig is None:
            return Result(claim, NOT_FOUND, key=key, explanation=f"范围“{scope.label}”下没有指标 {key}")
        return self.compare(claim, fig, period, scope)

    def compare(self, claim: Claim, fig, period: Period, scope=None, prefix: str = "") -> Result:
        base = dict(key=fig.key, label=fig.label, computed=fig.value, display=fig.display(), unit=fig.unit,
                    rows=_rows(fig))
        when = "" if period == self.period else f"（按{period.full_label}计算）"
        if scope is not None and scope != self.scope:
            when = f"（范围：{scope.label}）" + when
        if fig.value is None:
            return Result(claim, NOT_FOUND, explanation=f"{prefix}平台暂无该指标数值{when}：{fig.note or '无数据'}", **base)
        exact = format(fig.value, "f") if not isinstance(fig.value, int) else str(fig.value)
        if agrees(fig.value, claim):
            bound = f"，材料写作“{claim.text}”为下限表述" if claim.lower_bound else ""
            return Result(claim, AGREES, explanation=f"{prefix}与“{fig.label}”一致{when}：平台计算为{fig.display()}"
                                                     f"（未舍入值{_short(exact)}{fig.unit}）{bound}", **base)
        part = self.detail_match(claim, fig)
        if part is not None:
            name, value, ok = part
            shown = fmt.display(value, fig.unit, fig.style, fig.places)
            base.update(computed=value, display=shown)
            return Result(claim, AGREES if ok else DIFFERS,
                          explanation=f"{prefix}与“{fig.label}”的明细“{name}”{'一致' if ok else '不一致'}{when}："
                                      f"平台计算为{shown}" + ("" if ok else f"，材料写作“{claim.text}”"), **base)
        return Result(claim, DIFFERS, explanation=f"{prefix}与“{fig.label}”不一致{when}：平台计算为{fig.display()}"
                                                  f"（未舍入值{_short(exact)}{fig.unit}），材料写作“{claim.text}”", **base)

    @staticmethod
    def detail_match(claim: Claim, fig):
        """A part of the figure named next to the claim ("用地保障10条" in the tickets' breakdown):
        (name, value, agrees) from the figure's detail, or None."""
        for item in fig.detail or []:
            names = [v for v in item.values() if isinstance(v, str) and len(v) >= 2 and v in claim.segment]
            if not names:
                continue
            values = [v for k, v in item.items() if isinstance(v, (int, Decimal)) and not isinstance(v, bool)
                      and k in ("count", "amount", "area", "area_mu", "output_ytd", "above_scale_count")]
            for value in values:
                if agrees(value, claim):
                    return names[0], value, True
            if values:
                return names[0], values[0], False
        return None

    def check_start_rate(self, claim: Claim, scope=None) -> Result:
        by_amount = self.figure("projects.start_rate.by_amount", claim.period, scope)
        by_count = self.figure("projects.start_rate.by_count", claim.period, scope)
        options = [f for f in (by_amount, by_count) if f is not None]
        if not options:
            return Result(claim, NOT_FOUND, explanation="平台暂无开工率指标")
        words = {"projects.start_rate.by_amount": "按投资额", "projects.start_rate.by_count": "按个数"}

        def describe(f):
            return (f"{words[f.key]}计算为{f.display()}（{_fraction(f)}）" if f.value is not None
                    else f"{words[f.key]}暂无数值")

        matching = [f for f in options if agrees(f.value, claim)]
        if matching:
            chosen = matching[0]
            others = [describe(f) for f in options if f is not chosen]
            result = self.compare(claim, chosen, claim.period, scope)
            result.explanation = (f"材料中的开工率{claim.text.strip()}是{words[chosen.key]}计算的开工率："
                                  f"{describe(chosen)}" + (f"；{'；'.join(others)}" if others else "")
                                  + f"。{chosen.note}")
            return result
        result = self.compare(claim, options[0], claim.period, scope)
        result.explanation = (f"开工率与平台计算值均不一致：{'；'.join(describe(f) for f in options)}，"
                              f"材料写作“{claim.text}”。{options[0].note}")
        return result

    def check_target(self, claim: Claim) -> Result:
        """A planned or targeted value: compare it with the targets set for that indicator."""
        rule = best_rule(claim)
        if rule is None:
            return Result(claim, NOT_FOUND, explanation="表述为目标或计划，未找到对应的平台目标")
        matches = [(t, f) for t, f in self.targets() if t.indicator == rule.key
                   or (rule.key == "projects.start_rate" and t.indicator.startswith("projects.start_rate"))]
        for target, fig in matches:
            goal = fig.denominator
            if goal is not None and agrees(goal, claim):
                return Result(claim, AGREES, key=fig.key, label=fig.label, computed=goal,
                              display=fmt.display(goal, fig.unit, fig.style, fig.places), unit=fig.unit,
                              rows=_rows(fig), target=True,
                              explanation=f"表述为目标，与平台设定的“{fig.label}”一致（目标{target.value.normalize():f}"
                                          f"{target.unit}）；当前实际为{fig.display()}")
        if matches:
            shown = "、".join(f"{t.year}年{t.value.normalize():f}{t.unit}" for t, _ in matches)
            return Result(claim, NOT_FOUND, key=matches[0][1].key, label=matches[0][1].label,
                          explanation=f"表述为目标或计划，平台设定的同类目标为{shown}，数值不同，请人工核对")
        return Result(claim, NOT_FOUND, explanation=f"表述为目标或计划（指标 {rule.key}），平台未设定对应目标")


def _short(text: str) -> str:
    """An unrounded value shortened for reading: at most 6 decimals."""
    if "." in text:
        whole, frac = text.split(".", 1)
        return f"{whole}.{frac[:6]}".rstrip("0").rstrip(".") if len(frac) > 6 else text
    return text


def _fraction(fig) -> str:
    if fig.numerator is None or fig.denominator is None:
        return fig.display()
    unit = "万元" if isinstance(fig.numerator, Decimal) else "个"
    num = fig.numerator if unit == "个" else f"{fmt.trimmed(fig.numerator, 2)}"
    den = fig.denominator if unit == "个" else f"{fmt.trimmed(fig.denominator, 2)}"
    return f"{num}{unit} ÷ {den}{unit} = {fmt.fixed(fig.value, 2)}%"


def check_text(text: str, scope, period: Period, *, limits: Limits | None = None,
               deadline: Deadline | None = None) -> list[Result]:
    limits = limits or Limits.from_settings()
    limits.check_chars(len(text))
    deadline = deadline or Deadline(limits)
    checker = Checker(scope, period)
    results = []
    for claim in find_claims(text, period, deadline=deadline):
        deadline.check()
        results.append(checker.check(claim))
    return results


def check_file(path, scope, period: Period) -> list[Result]:
    limits = Limits.from_settings()
    return check_text(read_draft_file(path, limits=limits), scope, period, limits=limits)


def summary(results: list[Result]) -> dict:
    return {status: sum(1 for r in results if r.status == status) for status in (AGREES, DIFFERS, NOT_FOUND)}
