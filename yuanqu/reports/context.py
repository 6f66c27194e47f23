"""What the wording templates get besides `f`: lists prepared from figure details, as display strings.

Every number is worded by `yuanqu.figures.format` from a value the engine computed (a figure or a
row of its detail); names and plain attributes come from the rows the figures point to.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yuanqu.chains.models import Chain
from yuanqu.core.access import visible
from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.engine import compute
from yuanqu.targets.models import Action, PublishedIndicator, Target, Task

from .facts import FactBook, join_names, rows_of, short_project_name
from .periods import cn_date, cn_number, month_day

KEY_LEVELS = (("province", "省重点"), ("city", "市重点"), ("county", "县重点"))
RANKINGS = (("red_list", "红榜"), ("black_list", "黑榜"), ("steed", "骏马项目"), ("snail", "蜗牛项目"))
RATE_UNITS = {"%", "百分点"}


def whole_word(scope) -> str:
    """How the briefing names its whole: 全县 (or 全区/全市), 全部园区, a park's or a chain's name."""
    if scope.kind == "county":
        last = scope.region.name[-1:]
        return f"全{last}" if last in "县区市旗" else "全县"
    if scope.kind == "parks":
        return "全部园区"
    if scope.kind == "park":
        return scope.park.name
    return f"{scope.chain.name}产业链"


def common(book: FactBook, kind_label: str, issued: dt.date | None = None) -> dict:
    scope, period = book.scope, book.period
    region = scope.region
    return {
        "f": book, "have": book.have, "period": period, "scope": scope, "region": region.name,
        "kind": scope.kind, "is_county": scope.kind == "county", "whole": whole_word(scope),
        "scope_label": region.name if scope.kind == "county" else f"{region.name}{scope.label}",
        "issuer": f"{region.name}“园区提质”“企业满园”行动领导小组办公室",
        "issued": cn_date(issued or timezone.localdate()), "kind_label": kind_label,
        "quarter_word": f"{cn_number(period.month // 3)}季度" if period.month >= 3 else "",
    }


def parks(book: FactBook, by_output: bool = False) -> list[dict]:
    detail = list(book["park.output_share"].detail)
    if by_output:
        detail.sort(key=lambda d: d["output_ytd"], reverse=True)
    return [{
        "name": d["name"], "firms": fmt.count(d["above_scale_count"], "户"), "output": fmt.money(d["output_ytd"]),
        "output_value": d["output_ytd"], "growth": fmt.growth_phrase(d["output_growth"]),
        "has_growth": d["output_growth"] is not None, "share": fmt.pct(d["output_share"], 2),
        "growth_value": d["output_growth"], "share_value": d["output_share"], "count": d["above_scale_count"],
    } for d in detail]


def chains(book: FactBook) -> list[dict]:
    """Every chain of the region (output, growth) with its 链长 and its output target, if set."""
    detail = book["chains.hundred_billion_count"].detail
    if not detail:
        return []
    rows = {c.code: c for c in visible(Chain.objects.filter(code__in=[d["chain"] for d in detail]))}
    out = []
    for d in detail:
        chain = rows.get(d["chain"])
        target = chain.target_output if chain is not None else None
        out.append({
            "name": d["name"], "is_main": d["is_main"], "firms": fmt.count(d["above_scale_count"], "户"),
            "output": fmt.money(d["output_ytd"]), "output_value": d["output_ytd"],
            "growth": fmt.growth_phrase(d["output_growth"]), "has_growth": d["output_growth"] is not None,
            "growth_value": d["output_growth"],
            "leader": chain.leader_name if chain else "", "leader_title": chain.leader_title if chain else "",
            "owner": chain.owner.name if chain and chain.owner_id else "",
            "target": fmt.money(target, whole=True) if target is not None else "",
            "target_year": chain.target_year if chain else None,
        })
    return out


def gaps(book: FactBook) -> list[dict]:
    return [{"chain": d["chain"], "position": d["position"], "segment": d["segment"],
             "leads": fmt.count(d["leads"], "条"), "has_leads": d["leads"] > 0}
            for d in book["chains.gaps"].detail]


def _published_when(fact) -> str:
    """"1-6月" when the actual is the statistics bureau's published figure, else ""."""
    ids = rows_of(fact.fig, "targets.PublishedIndicator")
    row = visible(PublishedIndicator.objects.filter(pk__in=ids)).first() if ids else None
    return Period(row.year, row.month).label if row else ""


def _measure(fig) -> str:
    """rate (a % or points), flow (an amount over a year), or level (a count or stock at a date)."""
    if fig.unit in RATE_UNITS:
        return "rate"
    return "flow" if fig.style == "amount" else "level"


def _subject(name: str, measure: str) -> str:
    """The target's name as the subject of its figure: "地区生产总值增长" + "增长7.9%" → "地区生产总值增长7.9%"."""
    for suffix in ("增长", "增速"):
        if measure == "rate" and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _gap_words(gap, fig, measure: str) -> tuple[str, str]:
    """(comparison, gap): ("高于", "0.8个百分点"), ("还差", "40户"), ("达到", "")."""
    if gap is None:
        return "", ""
    if measure == "rate":
        places = 1 if fig.style == "growth" else (fig.places if fig.places is not None else 1)
        shown = fmt.rounded(gap, places)
        if shown == 0:
            return "达到", ""
        return ("低于" if shown > 0 else "高于"), f"{fmt.trimmed(abs(gap), places)}个百分点"
    if gap <= 0:
        return "达到", ""
    return "还差", fmt.display(gap, fig.unit, fig.style, fig.places, whole=True)


def targets(book: FactBook) -> dict:
    """The targets for the wording, comparing like with like: `annual` (this year's targets: the
    year's figure against the target and time progress), `later` (targets of a later year: a level as
    "现有…，距目标还差…", a flow stated beside this year's figure, never divided by it), `pending`
    (nothing to report yet: no value, or none reached; listed by name only)."""
    out = {"annual": [], "later": [], "pending": []}
    facts = book.prefixed("targets.")
    rows = {t.code: t for t in visible(Target.objects.filter(code__in=[f.key.split(".", 1)[1] for f in facts]))}
    for fact in facts:
        fig = fact.fig
        row = rows.get(fact.key.split(".", 1)[1])
        d = fig.detail[0] if fig.detail else {}
        goal = d.get("target", fig.denominator)
        measure = _measure(fig)
        name = row.name if row else fig.label.rsplit("（", 1)[0]
        year = row.year if row else d.get("year")
        annual = bool(d.get("is_annual")) and year == book.period.year
        compare, gap = _gap_words(d.get("gap"), fig, measure)
        published = _published_when(fact)
        item = {
            "key": fact.key, "name": name, "subject": _subject(name, measure), "label": fig.label, "year": year,
            "measure": measure, "annual": annual,
            "target": fmt.display(goal, fig.unit, fig.style, fig.places, whole=True) if goal is not None else fmt.DASH,
            "actual": fact.text, "ok": fact.ok, "when": published or book.period.label,
            "source": "统计部门发布" if published else "", "problem": "；".join(fig.anomalies),
            "compare": compare, "gap": gap, "reached": d.get("reached"),
            "progress": fmt.pct(d["progress"], 2) if d.get("progress") is not None else "",
            "time_progress": fmt.pct(d["time_progress"], 2) if d.get("time_progress") is not None else "",
            "ahead": fmt.points_phrase(d["ahead"]) if d.get("ahead") is not None and measure != "rate" else "",
            "double_half": d.get("double_half", "") if measure != "rate" else "",
        }
        if not fact.ok or (measure != "rate" and not fact.positive):
            out["pending"].append(item)
        else:
            out["annual" if annual else "later"].append(item)
    return out


def key_groups(book: FactBook) -> list[dict]:
    out = []
    for stem, word in KEY_LEVELS:
        dev = book[f"projects.key_{stem}.progress_deviation"]
        items = dev.detail
        out.append({
            "word": word, "ok": dev.ok, "deviation": dev.text, "completion": book[f"projects.key_{stem}.completion"].text,
            "note": dev.note, "count": len(items),
            "red": [{"name": short_project_name(d["name"]), "reason": d["reason"]} for d in items if d["light"] == "red"],
            "yellow": [{"name": short_project_name(d["name"]), "reason": d["reason"]} for d in items
                       if d["light"] == "yellow"],
        })
    return out


LEVEL_WORDS = {"province": "省", "city": "市", "county": "县"}
DESIGNATION_ORDER = ("steed", "red_list", "black_list", "snail")  # as the sample tells them


def join_sources(issuers) -> str:
    """"示例省…办公室", "示例市…办公室" → "示例省、示例市“园区提质”“企业满园”行动领导小组办公室"."""
    names = list(dict.fromkeys(issuers))
    if len(names) < 2:
        return "".join(names)
    suffix = names[0]
    for other in names[1:]:
        while not other.endswith(suffix):
            suffix = suffix[1:]
    if len(suffix) < 4:
        return "、".join(names)
    return "、".join(n[: len(n) - len(suffix)] for n in names) + suffix


def designations(book: FactBook, quarters=None) -> list[dict]:
    """The designations made by others and recorded for each quarter of the year ended by the period
    (or the given quarters), kind by kind, with their source: projects designated (short names, the
    count as the figure words it) and the levels that listed the county's work as a whole."""
    period = book.period
    out = []
    for q in quarters or range(1, period.month // 3 + 1):
        figs = compute(book.scope, Period(period.year, q * 3), keys=["designations."])
        for stem in DESIGNATION_ORDER:
            word = dict(RANKINGS)[stem]
            fig = figs[f"designations.{stem}"]
            if not fig.detail:
                continue
            by_level = sorted(fig.detail, key=lambda d: list(LEVEL_WORDS).index(d["level"]))
            projects = [d for d in by_level if d["is_project"]]
            whole = [d for d in by_level if not d["is_project"]]
            levels = sorted({d["level"] for d in projects}, key=list(LEVEL_WORDS).index)
            out.append({
                "quarter": q, "quarter_word": f"{cn_number(q)}季度", "stem": stem, "word": word,
                "count": fmt.display(fig.value, fig.unit, fig.style, whole=True),
                "projects": [short_project_name(d["name"]) for d in projects],
                "levels_whole": "、".join(f"全{LEVEL_WORDS[lv]}" for lv in levels),
                "issuers": join_sources(d["issuer"] for d in projects),
                "whole_issuers": join_sources(d["issuer"] for d in whole),
                "whole": "、".join(LEVEL_WORDS[lv] for lv in sorted({d["level"] for d in whole},
                                                                    key=list(LEVEL_WORDS).index)),
                "entries": by_level, "note": fig.note,
            })
    return out


def rankings(book: FactBook) -> dict:
    out = {}
    for stem, word in RANKINGS:
        fact = book[f"rankings.{stem}"]
        out[stem] = {
            "word": word, "ok": fact.ok, "count": fact.text, "label": fact.label, "note": fact.note,
            "names": [short_project_name(d["name"]) for d in fact.detail],
            "entries": [{"name": short_project_name(d["name"]), "full_name": d["name"], "reason": d.get("reason", ""),
                       "score": fmt.fixed(d["score"], 1) if d.get("score") is not None else fmt.DASH}
                      for d in fact.detail],
        }
    return out


def by_method(fact, unit: str) -> str:
    """Revitalization detail in one unit: "收回35.5亩、合作开发22.5亩…", "改造提升1.26万平方米、转让0.8万平方米"."""
    areas = fmt.area_list([d["area"] for d in fact.detail], unit)
    return "、".join(f"{d['method']}{a}" for d, a in zip(fact.detail, areas))


def ticket_categories(book: FactBook) -> str:
    return "、".join(f"{d['category']}{fmt.count(d['count'], '条')}" for d in book["service.tickets_closed"].detail)


def institutions(book: FactBook, limit: int = 2) -> str:
    return join_names([d["institution"] for d in book["finance.institutions"].detail], limit)


def idle_parcels(book: FactBook) -> list[dict]:
    return [{"name": d["name"], "park": d["park"], "area": fmt.area(d["area_mu"], "亩"), "holder": d["holder"],
             "reason": d["reason"], "action": d["action"]} for d in book["land.idle"].detail]


def mujun_classes(book: FactBook) -> str:
    return "、".join(f"{d['class']}类{fmt.count(d['count'], '户')}" if d["class"] in "ABCD"
                    else f"{d['class']}{fmt.count(d['count'], '户')}" for d in book["mujun.classes"].detail)


def _task(task: Task, today: dt.date) -> dict:
    """A task for the wording; deadlines in Chinese, without the year when it is this year's ("11月30日")."""
    overdue = task.status == Task.Status.OVERDUE or (
        task.deadline is not None and task.deadline < today and task.status != Task.Status.DONE)
    return {
        "title": task.title, "unit": str(task.owner_unit) if task.owner_unit_id else "", "leader": task.leader_name,
        "deadline": cn_date(task.deadline, today.year) if task.deadline else "", "deadline_short": month_day(task.deadline)
        if task.deadline else "", "status": task.get_status_display(), "overdue": overdue,
        "note": task.progress_note,
        "projects": join_names([n for n in (short_project_name(p.name) for p in task.projects.all())
                                if n not in task.title]),
    }


def actions(region, as_of: dt.date, until: dt.date | None = None) -> list[dict]:
    """Open 攻坚行动 with their open tasks (not done); `until` keeps tasks due by then (and overdue ones)."""
    qs = visible(Action.objects.filter(region=region, status=Action.Status.ACTIVE)).select_related("lead_unit")
    qs = qs.prefetch_related("tasks__owner_unit", "tasks__projects")
    out = []
    for action in qs:
        tasks = [_task(t, as_of) for t in action.tasks.all() if t.status != Task.Status.DONE
                 and (until is None or t.deadline is None or t.deadline <= until or t.status == Task.Status.OVERDUE)]
        if not tasks:
            continue
        out.append({"name": action.name, "goal": action.goal, "leader": action.leader_name,
                    "unit": str(action.lead_unit) if action.lead_unit_id else "", "tasks": tasks,
                    "overdue": [t for t in tasks if t["overdue"]], "open": [t for t in tasks if not t["overdue"]]})
    return out
