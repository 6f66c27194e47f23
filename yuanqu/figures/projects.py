"""Project figures (DOMAIN §4—§6; docs/figures.md "Projects").

Stages are read from the dated history (StageChange), never from the project's current stage:
a project counts as signed in the year of its FIRST 签约 change, and the signed investment is
the sum of the 签约 amounts in the window (a later signing carries only the increment).
"""
from __future__ import annotations

from django.db.models import Count, Exists, F, FilteredRelation, Min, OuterRef, Q, Subquery, Sum

from yuanqu.projects.models import AnnualPlan, Progress, Project, Stage, StageChange

from . import sql
from .base import HUNDRED, Figure, RowRef, or_zero, ratio
from .engine import memo, register
from .rules import decimal_rule, months_between, rule
from . import format as fmt
from . import selectors as sel

FIRSTS = {  # figure stem → (stage whose first change counts, Chinese wording)
    "signed": (Stage.SIGNED, "签约"),
    "started": (Stage.STARTED, "开工"),
    "completed": (Stage.COMPLETED, "竣工"),
    "production": (Stage.PRODUCTION, "投产（建成试生产）"),
}
KEY_LEVELS = (("province", Project.KeyLevel.PROVINCE, "省重点"), ("city", Project.KeyLevel.CITY, "市重点"),
              ("county", Project.KeyLevel.COUNTY, "县重点"))
LIGHTS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


def _between(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def stage_as_of(day):
    """The stage of OuterRef project as of `day`: its latest change on or before it (ties: highest id)."""
    latest = StageChange.objects.filter(project=OuterRef("pk"), date__lte=day).order_by("-date", "-id")
    return Subquery(latest.values("stage")[:1])


def started_by(day):
    return Exists(StageChange.objects.filter(project=OuterRef("pk"), stage=Stage.STARTED, date__lte=day))


def _first_change(stage):
    return Min("stage_changes__date", filter=Q(stage_changes__stage=stage))


def stage_table(scope, period):
    """Projects of the scope with the dates of their first signing/start/completion/production."""
    start, end = period.start, period.end
    return sel.projects(scope).annotate(
        **{f"first_{stem}": _first_change(stage) for stem, (stage, _) in FIRSTS.items()},
        signed_amount=Sum("stage_changes__amount",
                          filter=Q(stage_changes__stage=Stage.SIGNED) & _between("stage_changes__date", start, end)),
    )


@memo
def stage_totals(scope, period) -> dict:
    """Every stage count and investment of the window (see `stage_statement`)."""
    statement, params, select = stage_statement(scope, period)
    return sql.fetch(statement, params, select)[0]


@sql.prepared
def stage_statement(scope, period) -> tuple[str, list, sql.Select]:
    """Every stage count and investment of the window in one statement over the scope's projects.

    Inner query: one row per project (its changes grouped, read in project order from the
    `stagechange_history` index) with the dates of its first signing/start/completion/production and
    the 签约 amounts in the window; its stage as of the window's end is its latest change on or before
    it (ties: highest id), one index probe per project; whether this year's plan has it starting is
    an EXISTS probe. Outer query: conditional counts and sums.
    """
    p, sc, ap = sql.table(Project), sql.table(StageChange), sql.table(AnnualPlan)
    col_sc = lambda f: sql.column(StageChange, f)  # noqa: E731
    col_ap = lambda f: sql.column(AnnualPlan, f)  # noqa: E731
    start, end = sql.date_param(period.start), sql.date_param(period.end)
    ids, id_params = sql.subquery(sel.projects(scope).values("pk"))
    stage, day, project = f"sc.{col_sc('stage')}", f"sc.{col_sc('date')}", col_sc("project")
    firsts = ", ".join(f"MIN(CASE WHEN {stage} = %s THEN {day} END) AS first_{stem}" for stem in FIRSTS)
    latest = (f"(SELECT z.{col_sc('stage')} FROM {sc} z WHERE z.{project} = p.id AND z.{col_sc('date')} <= %s "
              f"ORDER BY z.{col_sc('date')} DESC, z.id DESC LIMIT 1)")
    planned = (f"CASE WHEN EXISTS (SELECT 1 FROM {ap} a WHERE a.{col_ap('project')} = p.id "
               f"AND a.{col_ap('year')} = %s AND a.{col_ap('plan_start')} = %s) THEN 1 ELSE 0 END")
    inv = f"p.{sql.column(Project, 'total_investment')}"
    inner = (
        f"SELECT p.id, {inv} AS inv, {firsts}, "
        f"SUM(CASE WHEN {stage} = %s AND {day} >= %s AND {day} <= %s THEN sc.{col_sc('amount')} END) AS signed_amount, "
        f"{latest} AS stage_at, {planned} AS in_plan "
        f"FROM {p} p LEFT JOIN {sc} sc ON sc.{project} = p.id WHERE p.id IN ({ids}) GROUP BY p.id, {inv}"
    )
    params = ([stage.value for stage, _ in FIRSTS.values()] + [Stage.SIGNED.value, start, end]
              + [end, period.year, True] + list(id_params))
    select = sql.Select().sum("signed_total", "t.signed_amount")
    window = lambda field: f"t.{field} >= %s AND t.{field} <= %s"  # noqa: E731
    outer_params = []
    for stem in FIRSTS:
        select.count(f"{stem}_n", when=window(f"first_{stem}")).sum(f"{stem}_inv", "t.inv", window(f"first_{stem}"))
        outer_params += [start, end, start, end]
    select.count("negotiating_n", when="t.stage_at = %s").sum("negotiating_inv", "t.inv", "t.stage_at = %s")
    outer_params += [Stage.NEGOTIATING.value] * 2
    select.count("plan_n", when="t.in_plan = 1").sum("plan_inv", "t.inv", "t.in_plan = 1")
    started = "t.in_plan = 1 AND " + window("first_started")
    select.count("plan_started_n", when=started).sum("plan_started_inv", "t.inv", started)
    outer_params += [start, end, start, end]
    return f"SELECT {select.sql()} FROM ({inner}) t", outer_params + params, select


def _first_rows(scope, period, stem) -> RowRef:
    return RowRef.lazy(Project, lambda: stage_table(scope, period).filter(
        _between(f"first_{stem}", period.start, period.end)))


def _change_rows(scope, period, stage) -> RowRef:
    return RowRef.lazy(StageChange, lambda: StageChange.objects.filter(
        project__in=sel.projects(scope), stage=stage, date__gte=period.start, date__lte=period.end))


def _count_and_investment(stem, label, n, investment, formula_n, formula_inv, rows, note=""):
    return [
        Figure(key=f"projects.{stem}.count", label=f"{label}项目个数", value=n, unit="个",
               formula=formula_n, rows=rows, note=note),
        Figure(key=f"projects.{stem}.investment", label=f"{label}项目总投资", value=or_zero(investment), unit="万元",
               formula=formula_inv, rows=rows, note=note),
    ]


@register("projects.signed.count", "projects.signed.investment", "projects.negotiating.count",
          "projects.negotiating.investment", "projects.started.count", "projects.started.investment",
          "projects.start_rate.by_count", "projects.start_rate.by_amount", "projects.completed.count",
          "projects.completed.investment", "projects.production.count", "projects.production.investment")
def project_stage_figures(scope, period):
    t = stage_totals(scope, period)
    w = f"{period.year}年{period.label}"
    signed_rows = [_first_rows(scope, period, "signed"), _change_rows(scope, period, Stage.SIGNED)]
    yield Figure(key="projects.signed.count", label="签约项目个数", value=t["signed_n"], unit="个",
                 formula=f"首次签约日期在{w}内的项目个数（每个项目只在首次签约时计一次）", rows=signed_rows[:1])
    yield Figure(key="projects.signed.investment", label="签约项目总投资", value=or_zero(t["signed_total"]),
                 unit="万元", rows=signed_rows,
                 formula=f"Σ {w}内全部签约记录的金额：首次签约计签约投资额，此后签约（增资）只计增量")
    negotiating = lambda: sel.projects(scope).annotate(  # noqa: E731
        stage_at=stage_as_of(period.end)).filter(stage_at=Stage.NEGOTIATING)
    yield from _count_and_investment(
        "negotiating", "在谈", t["negotiating_n"], t["negotiating_inv"],
        f"截至{period.end:%Y-%m-%d}阶段为“洽谈”的项目个数（按阶段变更记录）", "Σ 上述项目总投资",
        [RowRef.lazy(Project, negotiating)])
    for stem in ("started", "completed", "production"):
        stage, word = FIRSTS[stem]
        yield from _count_and_investment(
            stem, f"{word}", t[f"{stem}_n"], t[f"{stem}_inv"],
            f"首次“{stage.label}”记录日期在{w}内的项目个数", "Σ 上述项目总投资",
            [_first_rows(scope, period, stem)])
        if stem == "started":
            yield from start_rates(t, scope, period)


def start_rates(t, scope, period):
    note = "以年度计划开工项目为基数（年度计划中标记“计划年内开工”的项目）"
    plan_rows = RowRef.lazy(AnnualPlan, lambda: AnnualPlan.objects.filter(
        project__in=sel.projects(scope), year=period.year, plan_start=True))
    yield Figure(key="projects.start_rate.by_count", label="项目开工率（按个数）",
                 value=ratio(t["plan_started_n"], t["plan_n"]), unit="%", places=1,
                 numerator=t["plan_started_n"], denominator=t["plan_n"], note=note, rows=[plan_rows],
                 formula=f"年度计划开工项目中{period.label}已开工的个数 ÷ 年度计划开工项目个数 × 100")
    yield Figure(key="projects.start_rate.by_amount", label="项目开工率（按投资额）",
                 value=ratio(t["plan_started_inv"], t["plan_inv"]), unit="%", places=1,
                 numerator=or_zero(t["plan_started_inv"]), denominator=or_zero(t["plan_inv"]), note=note,
                 rows=[plan_rows],
                 formula=f"Σ 年度计划开工项目中{period.label}已开工项目的总投资 ÷ Σ 年度计划开工项目总投资 × 100")


# --- key projects: progress against time (DOMAIN §4) ----------------------------------------

def light_limits() -> tuple:
    """The traffic-light rules (YUANQU_RULES): months late to start, points behind for red and yellow."""
    return (rule("traffic_red_start_late_months"), decimal_rule("traffic_red_behind"),
            decimal_rule("traffic_yellow_behind"))


def traffic_light(deviation, planned_start, started: bool, period, limits: tuple | None = None) -> tuple[str, str]:
    """(light, reason): yellow 10—30 points behind, red > 30 behind or start ≥ 3 months late.

    `limits`: `light_limits()`, read once by a caller that lights many projects."""
    late_months, red_behind, yellow_behind = limits or light_limits()
    if planned_start and not started and planned_start <= period.end:
        late = months_between(planned_start, period.end)
        if late >= late_months:
            return "red", f"计划{fmt.cn_date(planned_start, period.year)}开工，逾期{late}个月仍未开工"
    if deviation is not None:
        behind = -deviation
        if behind > red_behind:
            return "red", f"落后时间进度{behind:.2f}个百分点"
        if behind >= yellow_behind:
            return "yellow", f"落后时间进度{behind:.2f}个百分点"
    return "green", ""


def _key_projects(scope, period):
    y, n = period.year, period.month
    return sel.projects(scope).filter(key_level__in=[lv for _, lv, _ in KEY_LEVELS]).annotate(
        plan=FilteredRelation("plans", condition=Q(plans__year=y)),
        prog=FilteredRelation("progress", condition=Q(progress__year=y, progress__month=n)),
    ).filter(plan__isnull=False)


@sql.prepared
def key_statements(scope, period) -> dict[str, sql.Statement]:
    key = _key_projects(scope, period)
    return {
        "totals": sql.Statement.of(key.values("key_level").annotate(
            n=Count("pk"), planned=Sum("plan__planned_investment"), done=Sum("prog__completed_investment_cum"),
        ).order_by()),
        "detail": sql.Statement.of(key.annotate(started=started_by(period.end)).values(
            "pk", "code", "name", "key_level", "planned_start", "started",
            planned=F("plan__planned_investment"), done=F("prog__completed_investment_cum"),
        ).order_by("code")),
    }


@memo
def key_totals(scope, period) -> dict:
    return {row["key_level"]: row for row in key_statements(scope, period)["totals"].dicts()}


def key_detail(scope, period) -> dict[str, list[dict]]:
    time_pct = period.time_progress * HUNDRED
    rows = key_statements(scope, period)["detail"].dicts()
    detail: dict[str, list[dict]] = {}
    limits = light_limits()
    for row in rows:
        done = or_zero(row["done"])
        completion = ratio(done, row["planned"])
        deviation = None if completion is None else completion - time_pct
        light, reason = traffic_light(deviation, row["planned_start"], row["started"], period, limits)
        detail.setdefault(row["key_level"], []).append({
            "project": row["code"], "name": row["name"], "planned_investment": row["planned"],
            "completed_investment": done, "completion": completion, "deviation": deviation,
            "light": light, "light_label": LIGHTS[light], "reason": reason,
        })
    for items in detail.values():
        items.sort(key=lambda d: (d["deviation"] is None, d["deviation"] if d["deviation"] is not None else 0))
    return detail


def key_rows(scope, period, level) -> list[RowRef]:
    def group():
        return _key_projects(scope, period).filter(key_level=level)
    return [RowRef.lazy(Project, group),
            RowRef.lazy(Progress, lambda: Progress.objects.filter(project__in=group().values("pk"),
                                                                  year=period.year, month=period.month))]


def _key_completion(totals, level) -> tuple:
    t = totals.get(level, {})
    planned, done = or_zero(t.get("planned")), or_zero(t.get("done"))
    return done, planned, ratio(done, planned)


@register(*[f"projects.key_{stem}.completion" for stem, _, _ in KEY_LEVELS])
def key_completion_figures(scope, period):
    """Each key group's completion: two sums per group (key_totals); no per-project work."""
    totals = key_totals(scope, period)
    for stem, level, word in KEY_LEVELS:
        done, planned, completion = _key_completion(totals, level)
        yield Figure(
            key=f"projects.key_{stem}.completion", label=f"{word}项目年度投资完成率（{period.label}）",
            value=completion, unit="%", numerator=done, denominator=planned, places=2,
            rows=key_rows(scope, period, level),
            formula=f"Σ {word}项目本年1—N月累计完成投资 ÷ Σ 年度计划投资 × 100（无进度记录的项目按0计）",
        )


@register(*[f"projects.key_{stem}.progress_deviation" for stem, _, _ in KEY_LEVELS])
def key_deviation_figures(scope, period):
    """Each key group's completion against time progress, with every project's own deviation and light
    (a separate group: the per-project detail is computed only when a deviation is asked for)."""
    totals, detail = key_totals(scope, period), key_detail(scope, period)
    time_pct = period.time_progress * HUNDRED
    for stem, level, word in KEY_LEVELS:
        done, planned, completion = _key_completion(totals, level)
        items = detail.get(level, [])
        lights = {k: sum(1 for d in items if d["light"] == k) for k in LIGHTS}
        yield Figure(
            key=f"projects.key_{stem}.progress_deviation", label=f"{word}项目建设进度与时间进度之差",
            value=None if completion is None else completion - time_pct, unit="百分点",
            numerator=done, denominator=planned, places=2, rows=key_rows(scope, period, level), detail=items,
            formula=f"{word}项目投资完成率 − 时间进度（{period.month}/12 × 100 = {time_pct:.2f}%），均未舍入",
            note=f"{len(items)}个项目：绿灯{lights['green']}个、黄灯{lights['yellow']}个、红灯{lights['red']}个"
                 if items else "",
        )
