"""What the cockpit shows, assembled from figures. No arithmetic on money here: values and
their display strings come from the figure engine; this module only picks and arranges them."""
from __future__ import annotations

from contextlib import nullcontext

from django.urls import reverse

from yuanqu.core.access import reads_county, visible
from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope

from . import selectors

# (main key, secondary key or None, label override or None)
CARDS = [
    ("industry.output_ytd", "industry.output_growth", "规上工业总产值"),
    ("industry.above_scale_count", "park.above_scale_count", "规上工业企业"),
    ("park.output_ytd", "park.output_share", "园区规上工业总产值"),
    ("chains.main_output_ytd", "chains.main_output_growth", "主特产业集群产值"),
    ("chain.output_ytd", "chain.output_growth", None),
    ("projects.signed.count", "projects.signed.investment", "签约项目"),
    ("projects.negotiating.count", "projects.negotiating.investment", "在谈项目"),
    ("projects.start_rate.by_amount", "projects.start_rate.by_count", "项目开工率（按投资额）"),
    ("projects.key_province.progress_deviation", "projects.key_province.completion", "省重点项目较时间进度"),
    ("projects.key_city.progress_deviation", "projects.key_city.completion", "市重点项目较时间进度"),
    ("land.supplied_use_rate", "land.idle", "已供土地利用率"),
    ("land.revitalized_mu", "buildings.revitalized_m2", "盘活低效用地"),
    ("service.tickets_closed", "service.on_time_rate", "协调解决问题"),
    ("finance.loans", "finance.institutions", "金融机构贷款"),
    ("labour.supplied", None, "输送员工"),
    ("policies.count", "policies.reach_rate", "梳理惠企政策"),
]


def _tone(fig) -> str:
    """good / warn / bad for the card's colour, from the sign of growth or deviation."""
    if fig is None or fig.value is None:
        return ""
    if fig.unit == "百分点" or fig.key.endswith("_growth"):
        if fig.value >= 0:
            return "good"
        return "bad" if fig.unit == "百分点" and fig.value < -30 else "warn"
    return ""


def _card_value(fig) -> str:
    """A card has room for a number, not a sentence: points over time progress as "+28.83个百分点"."""
    if fig.unit == "百分点" and fig.value is not None:
        return f"{'+' if fig.value >= 0 else ''}{fmt.fixed(fig.value, 2)}个百分点"
    return fig.display()


def _against_target(figures, codes) -> str:
    """"2025年目标400.00亿元，已完成17.69%" from the target figures (the engine computes progress)."""
    parts = []
    for code in codes:
        fig = figures.get(f"targets.{code}")
        item = fig.detail[0] if fig is not None and fig.detail else None
        if item is None:
            continue
        done = "已达到" if item.get("reached") else f"已完成{fmt.pct(item.get('progress'), 2)}"
        target = fmt.display(fig.denominator, fig.unit, fig.style, fig.places)
        parts.append(f"{item['year']}年目标{target}，{done}")
    return "；".join(parts)


def cards(figures, query: str, targets: dict[str, list[str]] | None = None) -> list[dict]:
    out = []
    for key, sub_key, label in CARDS:
        fig = figures.get(key)
        if fig is None:
            continue
        sub = figures.get(sub_key) if sub_key else None
        out.append({
            "key": key,
            "label": label or fig.label,
            "value": _card_value(fig),
            "sub": f"{sub.label}：{sub.display()}" if sub else "",
            "target": _against_target(figures, (targets or {}).get(key, ())),
            "tone": _tone(sub if sub is not None and sub.unit in ("%", "百分点") and key.endswith("_ytd") else fig),
            "url": f"{reverse('cockpit:explain', args=[key])}?{query}",
            "title": fig.formula,
        })
    return out


def _yi(value) -> str | None:
    """万元 → 亿元, rounded for display, as a chart coordinate string (Decimal, never float)."""
    return None if value is None else fmt.fixed(value / fmt.WAN_PER_YI, 2)


def _num(value, places: int) -> str | None:
    return None if value is None else fmt.fixed(value, places)


def trend(scope, period) -> dict:
    """1—N月 cumulative output this year and the comparable base last year, for months 1..N: the
    engine's `industry.output_trend`, one grouped query for every month (each month's values are
    those of industry.output_growth at that month)."""
    fig = compute(scope, period, keys=["industry.output_trend"]).get("industry.output_trend")
    by_month = {item["month"]: item for item in fig.detail} if fig else {}
    months, this_year, last_year = [], [], []
    for month in range(1, period.month + 1):
        item = by_month.get(month)
        months.append(Period(period.year, month).label)
        this_year.append(_yi(item["numerator"]) if item else None)
        last_year.append(_yi(item["denominator"]) if item else None)
    return {"months": months, "this_year": this_year, "last_year": last_year,
            "names": [f"{period.year}年", f"{period.year - 1}年同期（同口径）"]}


def chain_bars(scope, period, user) -> dict:
    names, values, growth = [], [], []
    for chain in selectors.chains(user, scope.region):
        fs = compute(Scope.chain(chain), period, keys=["chain.output_ytd", "chain.output_growth"])
        names.append(chain.name)
        values.append(_yi(fs["chain.output_ytd"].value))
        g = fs.get("chain.output_growth")
        growth.append(_num(g.value, 1) if g is not None else None)
    return {"names": names, "values": values, "growth": growth}


FUNNEL = [("projects.negotiating.count", "在谈"), ("projects.signed.count", "签约"),
          ("projects.started.count", "开工"), ("projects.completed.count", "竣工"),
          ("projects.production.count", "投产")]


def funnel(figures) -> list[dict]:
    return [{"name": label, "value": figures[key].value} for key, label in FUNNEL if figures.get(key)]


KEY_GROUPS = [("projects.key_province.completion", "省重点"), ("projects.key_city.completion", "市重点"),
              ("projects.key_county.completion", "县重点")]


def key_groups(figures, period) -> dict:
    names, values = [], []
    for key, label in KEY_GROUPS:
        fig = figures.get(key)
        if fig is not None and fig.value is not None:
            names.append(label)
            values.append(_num(fig.value, 2))
    return {"names": names, "values": values, "time_progress": _num(period.time_progress * 100, 2)}


def charts(figures, scope, period, user) -> dict:
    # in the cockpit's own computation (its session): the trend and every chain's bar share its
    # selections and memoised statements (one statement for all chains' output)
    with _session_of(figures):
        data = {"trend": trend(scope, period), "funnel": funnel(figures), "key_groups": key_groups(figures, period)}
        if scope.kind in ("county", "parks"):
            data["chains"] = chain_bars(scope, period, user)
    return data


def _session_of(figures):
    session = getattr(figures, "session", None)
    return session.active() if session is not None else nullcontext()


RANKINGS = [("rankings.red_list", "红榜"), ("rankings.black_list", "黑榜"),
            ("rankings.steed", "骏马项目"), ("rankings.snail", "蜗牛项目")]


def lists(figures) -> list[dict]:
    out = []
    for key, label in RANKINGS:
        fig = figures.get(key)
        if fig is not None:
            out.append({"key": key, "label": label, "title": fig.label, "note": fig.note,
                        "items": [d.get("name") or d.get("project") for d in fig.detail]})
    return out


OVERDUE_SHOWN = 3


def alerts(figures) -> list[dict]:
    """Red/yellow projects, idle parcels and targets behind time progress."""
    out = []
    for key, _ in KEY_GROUPS:
        dev = figures.get(key.replace(".completion", ".progress_deviation"))
        for item in (dev.detail if dev else []):
            if item.get("light") in ("red", "yellow"):
                out.append({"tone": "bad" if item["light"] == "red" else "warn", "kind": item.get("light_label", ""),
                            "text": f"{item.get('name')}：{item.get('reason') or '落后时间进度'}"})
    overdue = figures.get("service.overdue_open")
    if overdue is not None and overdue.value:
        shown = "；".join(f"{d['code']} {d['title']}（{d['department'] or '未交办'}，超期{d['days_overdue']}天）"
                         for d in overdue.detail[:OVERDUE_SHOWN])
        more = f"等{overdue.value}条" if overdue.value > OVERDUE_SHOWN else f"共{overdue.value}条"
        out.append({"tone": "warn", "kind": "超期诉求", "text": f"{shown}{more}"})
    idle = figures.get("land.idle")
    for item in (idle.detail if idle else []):
        out.append({"tone": "bad", "kind": "闲置土地", "text": f"{item.get('name')}（{item.get('park')}）：{item.get('reason')}"})
    for key in figures:
        if key.startswith("targets."):
            fig = figures[key]
            for item in fig.detail:
                if item.get("ahead") is not None and not item.get("reached") and item["ahead"] < 0:
                    out.append({"tone": "warn", "kind": "目标滞后", "text": f"{fig.label}：{fig.note}"})
    return out


def needed_keys(scope) -> list[str]:
    """Only the figures the cockpit shows, so the engine skips the groups nobody reads here."""
    keys = {k for main, sub, _ in CARDS for k in (main, sub) if k}
    keys |= {k for k, _ in FUNNEL} | {k for k, _ in RANKINGS} | {"land.idle", "service.overdue_open", "targets."}
    keys |= {k for key, _ in KEY_GROUPS for k in (key, key.replace(".completion", ".progress_deviation"))}
    from yuanqu.figures.engine import groups

    known = [g for g in groups() if scope.kind in g.scopes]
    return sorted(k for k in keys if any(g.may_yield(k) for g in known))


def row_refs(fig, user, limit: int = 200) -> list[dict]:
    """The rows behind a figure, described by their model's str(), at most `limit` each: every row
    counted, only those `user` may read listed (county readers read every row of their region)."""
    out = []
    for ref in fig.rows:
        ids = ref.ids
        shown = ids
        if not reads_county(user):
            readable = set(visible(ref.model._default_manager.all(), user).values_list("pk", flat=True))
            shown = [pk for pk in ids if pk in readable]
        objs = visible(ref.model._default_manager.filter(pk__in=shown[:limit]), user)
        out.append({"model": ref.model._meta.verbose_name, "label": ref.model_label, "count": len(ids),
                    "readable": len(shown), "items": [str(o) for o in objs], "truncated": len(shown) > limit})
    return out
