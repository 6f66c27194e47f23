"""Assemble a report: figures (engine) → wording (templates) → blocks, charts and tables.

    from yuanqu.reports.build import monthly, weekly, quarterly
    report = monthly(Scope.parse("county"), Period(2023, 8))
    report.text()                      # plain text
    word.render(report)                # .docx bytes; pdf.convert(...), xlsx.render(report)

Nothing here sums: counts and amounts are figures of the engine; charts and tables show figure
values and their detail, and names or plain fields of the rows the figures point to.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yuanqu.core.access import visible
from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt
from yuanqu.figures.base import growth
from yuanqu.figures.engine import compute
from yuanqu.figures import selectors as sel
from yuanqu.projects.models import Progress, Project, Stage, StageChange

from . import charts, context
from .document import Chart, Column, Report, Table
from .facts import FactBook, rows_count, rows_of, short_project_name
from .periods import Quarter, Week, cn_date, default_issue_date, month_day
from .week import WeekNews, moved_figures, news_items
from .wording import render_blocks

KINDS = {"monthly": "月调度", "weekly": "周监测", "quarterly": "季盘点"}
# each stage counted on its own set of projects (in talks now; signed, started … this year)
STAGES = (("在谈", "projects.negotiating"), ("今年签约", "projects.signed"), ("今年开工", "projects.started"),
          ("今年竣工", "projects.completed"), ("今年投产", "projects.production"))
WEEKLY_KEYS = (
    "industry.output_ytd", "industry.output_growth", "park.output_ytd", "park.output_share",
    "projects.signed.count", "projects.signed.investment", "projects.started.count",
    "projects.start_rate.by_amount", "projects.start_rate.by_count",
    "projects.key_province.progress_deviation", "projects.key_city.progress_deviation",
    "service.tickets_closed", "service.on_time_rate", "finance.loans", "labour.supplied",
)


def _filename(scope, kind: str, when) -> str:
    where = scope.region.name if scope.kind == "county" else f"{scope.region.name}-{scope.label}"
    return f"{where}-{KINDS[kind]}-{when}"


# --- charts ---------------------------------------------------------------------------------

def output_trend_chart(scope, period) -> Chart | None:
    """1—N月 cumulative output this year against the same firms last year (the growth figure's
    numerator and denominator), from 1-2月 (January is not released alone) to N."""
    trend = compute(scope, period, keys=["industry.output_trend"])["industry.output_trend"]
    points = [(item["label"], item["numerator"], item["denominator"], fmt.growth_phrase(item["growth"]))
              for item in trend.detail
              if (item["month"] > 1 or period.month == 1)
              and item["numerator"] is not None and item["denominator"] is not None]
    if len(points) < 2:
        return None
    labels, cur, prev, growth_labels = (list(x) for x in zip(*points))
    title = f"{period.year}年规上工业总产值累计走势（同口径，亿元）"
    return Chart("output_trend", title, lambda: charts.output_trend(
        labels, cur, prev, growth_labels, f"{period.year}年", f"{period.year - 1}年同期"))


def chains_chart(book: FactBook) -> Chart | None:
    detail = book["chains.hundred_billion_count"].detail
    if not detail:
        return None
    title = f"各产业链规上工业总产值（{book.period.label}，亿元）"
    labels = [f"{fmt.money(d['output_ytd'])}" + (f"，{fmt.growth_phrase(d['output_growth'])}"
                                                  if d["output_growth"] is not None else "") for d in detail]
    return Chart("chains", title, lambda: charts.chain_bars(
        [d["name"] for d in detail], [d["output_ytd"] for d in detail], labels, [d["is_main"] for d in detail]))


def stages_chart(book: FactBook) -> Chart | None:
    stages = [(word, book[f"{stem}.count"], book[f"{stem}.investment"]) for word, stem in STAGES]
    stages = [(w, n, inv) for w, n, inv in stages if n.ok]
    if not stages:
        return None
    title = f"项目分阶段情况（{book.period.label}，在谈为期末数，其余为今年以来累计）"
    return Chart("stages", title, lambda: charts.stage_bars(
        [w for w, _, _ in stages], [n.value for _, n, _ in stages],
        [f"{n.text}\n{inv.text}" for _, n, inv in stages]))


def _charts(*items) -> dict:
    return {c.name: c for c in items if c is not None}


# --- tables (docx body and the .xlsx appendix) ------------------------------------------------

def figures_table(book: FactBook) -> Table:
    rows = [[f.key, f.label, f.display(), f.value, f.unit, f.numerator, f.denominator, rows_count(f), f.note, f.formula]
            for f in book.all_figures]
    cols = [Column("指标代码"), Column("指标"), Column("数值（表述）"), Column("数值（未舍入）", "raw"), Column("单位"),
            Column("分子", "raw"), Column("分母", "raw"), Column("来源数据行数", "int"), Column("说明"), Column("计算口径")]
    return Table(f"指标汇总（{book.scope.label}，{book.period.full_label}）", cols, rows, sheet="指标汇总")


def key_projects_table(book: FactBook) -> Table:
    rows = []
    for stem, word in context.KEY_LEVELS:
        for d in book[f"projects.key_{stem}.progress_deviation"].detail:
            rows.append([word, d["project"], d["name"], d["planned_investment"], d["completed_investment"],
                         d["completion"], d["deviation"], d["light_label"], d["reason"]])
    cols = [Column("级别"), Column("项目编号"), Column("项目名称"), Column("年度计划投资（万元）", "money"),
            Column("本年累计完成投资（万元）", "money"), Column("完成率（%）", "pct2"),
            Column("与时间进度差（百分点）", "points"), Column("灯号"), Column("原因")]
    time_pct = fmt.pct(book.period.time_progress * 100, 2)
    return Table(f"重点项目推进情况（{book.period.full_label}，时间进度{time_pct}）", cols, rows, sheet="重点项目推进")


def stage_projects_table(book: FactBook) -> Table:
    """The projects behind each stage figure (signed, negotiating, started, completed, production)."""
    rows = []
    for word, stem in (("签约", "projects.signed"), ("洽谈（在谈）", "projects.negotiating"), ("开工", "projects.started"),
                       ("竣工", "projects.completed"), ("投产（建成试生产）", "projects.production")):
        ids = rows_of(book[f"{stem}.count"].fig, "projects.Project")
        projects = visible(Project.objects.filter(pk__in=ids)).select_related("park").order_by("-total_investment", "code")
        for p in projects:
            rows.append([word, p.code, p.name, p.park.name if p.park_id else "", p.get_key_level_display(),
                         p.total_investment, p.get_stage_display()])
    cols = [Column("统计口径"), Column("项目编号"), Column("项目名称"), Column("所在园区"), Column("重点级别"),
            Column("总投资（万元）", "money"), Column("当前阶段")]
    return Table(f"项目分阶段清单（{book.period.full_label}）", cols, rows, sheet="项目清单")


def enterprise_ranking_table(book: FactBook) -> Table:
    """Firms of the 规上 roster S(Y, scope) by their own reported 1—N月 output (engine selectors);
    growth per firm by the engine's growth rule."""
    period = book.period
    firms = sel.roster(book.scope, period)
    stats = (sel.monthly_stats(firms, period.year, period.month).select_related("enterprise__park")
             .order_by("-output_cum", "enterprise__name"))
    rows = []
    for rank, s in enumerate(stats, start=1):
        e = s.enterprise
        rows.append([rank, e.credit_code, e.name, e.park.name if e.park_id else "", s.output_cum, s.output_prev_cum,
                     growth(s.output_cum, s.output_prev_cum)])
    cols = [Column("位次", "int"), Column("统一社会信用代码"), Column("企业名称"), Column("所在园区"),
            Column(f"{period.label}工业总产值（万元）", "money"), Column("上年同期（万元）", "money"),
            Column("增速（%）", "pct")]
    return Table(f"规上工业企业产值排名（{book.scope.label}，{period.full_label}）", cols, rows, sheet="企业产值排名")


def parks_table(book: FactBook, by_output: bool = False) -> Table:
    items = context.parks(book, by_output)
    rows = [[i, p["name"], p["count"], p["output_value"], p["growth_value"], p["share_value"]]
            for i, p in enumerate(items, start=1)]
    cols = [Column("序号" if not by_output else "位次", "int"), Column("园区"), Column("规上企业（户）", "int"),
            Column(f"{book.period.label}规上工业总产值（万元）", "money"), Column("增速（%）", "pct"),
            Column("占全县比重（%）", "pct2")]
    return Table(f"各园区规上工业总产值（{book.period.full_label}）", cols, rows, sheet="园区")


def chains_table(book: FactBook) -> Table:
    items = context.chains(book)
    rows = [[c["name"], "是" if c["is_main"] else "否", c["leader"], c["output_value"], c["growth_value"],
             c["target_year"], c["target"]] for c in items]
    cols = [Column("产业链"), Column("主特产业"), Column("链长"), Column(f"{book.period.label}规上工业总产值（万元）", "money"),
            Column("增速（%）", "pct"), Column("目标年份"), Column("产值目标")]
    return Table(f"产业链运行情况（{book.period.full_label}）", cols, rows, sheet="产业链")


def ranking_table(book: FactBook, stem: str, word: str) -> Table:
    """A 季盘点 list with the score each project was ranked by; a 说明 column only when some row has one.
    The quarter and the scoring rule are said once in the text, not under every table."""
    fact = book[f"rankings.{stem}"]
    reasons = any(d.get("reason") for d in fact.detail)
    rows = [[d.get("rank") or i, d["name"], d["score"], d["actual"], d["target"]] + ([d.get("reason", "")] if reasons else [])
            for i, d in enumerate(fact.detail, start=1)]
    cols = [Column("位次" if stem in ("red_list", "black_list") else "序号", "int"), Column("项目名称"),
            Column("得分", "pct"), Column("季末累计完成投资（万元）", "money"), Column("季度累计计划投资（万元）", "money")]
    cols += [Column("说明")] if reasons else []
    return Table(fact.label, cols, rows, sheet=word)


def designations_table(items: list[dict]) -> Table:
    """The designations recorded from above, as recorded: what, who, by which document."""
    rows = [[g["quarter_word"], f"“{g['word']}”", d["name"], d["level_label"], d["issuer"], d["document"]]
            for g in items for d in g["entries"]]
    cols = [Column("季度"), Column("评定"), Column("项目（对象）"), Column("层级"), Column("发布单位"), Column("文件")]
    return Table("上级评定情况（按通报录入）", cols, rows, sheet="上级评定")


# --- the three reports ----------------------------------------------------------------------

def monthly(scope, period, issued: dt.date | None = None) -> Report:
    issued = issued or default_issue_date("monthly", period)
    book = FactBook(scope, period)
    ctx = context.common(book, KINDS["monthly"], issued)
    chains_list = context.chains(book) if scope.kind in ("county", "parks") else []
    main = [c for c in chains_list if c["is_main"]]
    ctx.update(
        parks=context.parks(book) if scope.kind in ("county", "parks") else [],
        chains=chains_list, main_chains=main, main_chain_names="、".join(c["name"] for c in main),
        gaps=context.gaps(book) if scope.kind in ("county", "chain") else [],
        targets=context.targets(book), key_groups=context.key_groups(book), rankings=context.rankings(book),
        land_methods=context.by_method(book["land.revitalized_mu"], "亩"),
        building_methods=context.by_method(book["buildings.revitalized_m2"], "平方米"),
        idle=context.idle_parcels(book), ticket_categories=context.ticket_categories(book),
        institutions=context.institutions(book),
        actions=context.actions(scope.region, period.end), designations=context.designations(book),
        completed_is_production=_same_projects(book, "projects.completed.count", "projects.production.count"),
    )
    report_charts = _charts(output_trend_chart(scope, period), chains_chart(book) if chains_list else None,
                            stages_chart(book))
    ctx["charts"] = report_charts
    blocks = render_blocks("monthly.txt", ctx)
    title = next((b.text for b in blocks if b.kind == "title"), "")
    def appendix():
        tables = [figures_table(book), key_projects_table(book), stage_projects_table(book),
                  enterprise_ranking_table(book)]
        return tables + ([parks_table(book), chains_table(book)] if scope.kind in ("county", "parks") else [])

    return Report("monthly", KINDS["monthly"], title, _filename(scope, "monthly", period), scope, period, blocks,
                  report_charts, {}, appendix, book, issued)


def _same_projects(book: FactBook, key: str, other: str) -> bool:
    """Whether two figures count the same projects (then the briefing says so once)."""
    ids = rows_of(book[key].fig, "projects.Project")
    return bool(ids) and sorted(ids) == sorted(rows_of(book[other].fig, "projects.Project"))


def _previous_stage(change: StageChange) -> str:
    before = (visible(StageChange.objects.filter(project_id=change.project_id))
              .filter(date__lte=change.date).exclude(pk=change.pk)
              .exclude(date=change.date, id__gt=change.pk).order_by("-date", "-id").first())
    return before.get_stage_display() if before else "—"


def _progress_updates(scope, week: Week) -> list[Progress]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(week.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(week.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return list(visible(Progress.objects.filter(project__in=sel.projects(scope), updated_at__gte=start,
                                                updated_at__lt=end)).select_related("project").order_by("project__code",
                                                                                                       "year", "month"))


def _light_changes(book: FactBook, previous: FactBook | None) -> list[list]:
    if previous is None:
        return []
    rows = []
    for stem, word in context.KEY_LEVELS:
        key = f"projects.key_{stem}.progress_deviation"
        before = {d["project"]: d for d in previous[key].detail}
        for d in book[key].detail:
            old = before.get(d["project"])
            if old is None or old["light"] != d["light"]:
                rows.append([word, d["name"], old["light_label"] if old else "—", d["light_label"], d["reason"]])
    return rows


def week_table(news: WeekNews, before: WeekNews, moved: list[dict]) -> Table:
    """本周与上周: the week's events counted beside last week's, then the figures that moved."""
    rows = [[f"{i['what']}（{i['unit']}）", i["n"], i["before"]] for i in news_items(news, before)]
    rows += [[f["label"], f["now"], f["before"]] for f in moved]
    cols = [Column("事项"), Column(f"本周（{news.week.span}）", "figure"), Column(f"上周（{before.week.span}）", "figure")]
    return Table("本周与上周对比", cols, rows, sheet="周对比")


def weekly(scope, week: Week, period: Period | None = None, issued: dt.date | None = None) -> Report:
    issued = issued or default_issue_date("weekly", week)
    period = period or week.period
    book = FactBook(scope, period)
    ctx = context.common(book, KINDS["weekly"], issued)
    indicators = Table("主要指标", [Column("指标"), Column("数值", "figure"), Column("说明")],
                       [[book[k].label, book[k].text, book[k].note] for k in WEEKLY_KEYS if book[k].fig is not None],
                       sheet="主要指标")
    last_week = Week.of(week.start - dt.timedelta(days=7))
    news, before = WeekNews.of(scope, week), WeekNews.of(scope, last_week)
    previous_book = book if last_week.period == period else FactBook(scope, last_week.period)
    moved = moved_figures(book, previous_book, WEEKLY_KEYS) if previous_book is not book else []
    changes = news.changes
    stage_rows = [[cn_date(c.date, week.end.year), c.project.name, _previous_stage(c), c.get_stage_display(),
                   (fmt.money(c.amount, whole=True) if c.stage == Stage.SIGNED and c.amount is not None else ""), c.note]
                  for c in changes]
    stage_cols = [Column("日期"), Column("项目"), Column("原阶段"), Column("新阶段"), Column("签约（增资）金额", "figure"),
                  Column("说明")]
    stage_table = _without_empty_columns(Table("本周项目阶段变化", stage_cols, stage_rows, sheet="阶段变化"))
    updates = _progress_updates(scope, week)
    progress_table = Table("本周更新的项目月度进度", [
        Column("项目"), Column("期别"), Column("本年累计完成投资（万元）", "money"), Column("形象进度"), Column("存在问题")],
        [[u.project.name, Period(u.year, u.month).full_label, u.completed_investment_cum, u.image_progress, u.problems]
         for u in updates], sheet="进度更新")
    previous = FactBook(scope, period.previous) if week.month_end_in_week and period.previous else None
    lights = _light_changes(book, previous)
    light_table = _without_empty_columns(Table(f"{period.full_label}重点项目灯号变化", [
        Column("级别"), Column("项目"), Column("上月灯号"), Column("本月灯号"), Column("原因")], lights, sheet="灯号变化"))
    comparison = week_table(news, before, moved)
    ctx.update(
        week=week, last_week=last_week, stage_changes=[{"date": month_day(c.date), "name": short_project_name(c.project.name),
                                                        "stage": c.get_stage_display()} for c in changes],
        news=news_items(news, before), quiet=news.quiet and not moved, moved=moved,
        figures_period_changed=previous_book is not book, last_period=last_week.period,
        progress_updates=len(updates), light_changes=lights, month_end_in_week=week.month_end_in_week,
        key_groups=context.key_groups(book),
        overdue=[t for a in context.actions(scope.region, week.end) for t in a["overdue"]],
    )
    tables = {"indicators": indicators, "stage_changes": stage_table, "progress": progress_table, "lights": light_table,
              "comparison": comparison}
    blocks = render_blocks("weekly.txt", ctx)
    title = next((b.text for b in blocks if b.kind == "title"), "")
    return Report("weekly", KINDS["weekly"], title, _filename(scope, "weekly", week), scope, period, blocks, {},
                  tables, [comparison, indicators, stage_table, progress_table, light_table], book, issued)


def _without_empty_columns(table: Table) -> Table:
    """The table without the columns no row fills (kept when there are no rows: the headers say what is missing)."""
    if not table.rows:
        return table
    keep = [i for i in range(len(table.columns)) if any(r[i] not in (None, "") for r in table.rows)]
    return Table(table.title, [table.columns[i] for i in keep], [[r[i] for i in keep] for r in table.rows],
                 note=table.note, sheet=table.sheet)


def quarterly(scope, quarter: Quarter, issued: dt.date | None = None) -> Report:
    issued = issued or default_issue_date("quarterly", quarter)
    period = quarter.period
    book = FactBook(scope, period)
    ctx = context.common(book, KINDS["quarterly"], issued)
    chains_list = context.chains(book) if scope.kind in ("county", "parks") else []
    next_end = (dt.date(quarter.year + 1, 3, 31) if quarter.quarter == 4
                else Quarter(quarter.year, quarter.quarter + 1).period.end)
    ranking_tables = {stem: ranking_table(book, stem, word) for stem, word in context.RANKINGS}
    recorded = context.designations(book, quarters=[quarter.quarter])
    ctx.update(
        quarter=quarter, rankings=context.rankings(book), parks=context.parks(book, by_output=True)
        if scope.kind in ("county", "parks") else [], chains=chains_list,
        mujun=context.mujun_classes(book) if book["mujun.classes"].ok else "", targets=context.targets(book),
        key_groups=context.key_groups(book), actions=context.actions(scope.region, period.end, until=next_end),
        next_quarter=f"{cn_number_quarter(quarter)}", designations=recorded,
        ranking_rule=book["rankings.red_list"].fig.formula.split("；")[-1] if book["rankings.red_list"].fig else "",
        steed_rule=book["rankings.steed"].fig.formula.split("；")[0] if book["rankings.steed"].fig else "",
    )
    report_charts = _charts(chains_chart(book) if chains_list else None, stages_chart(book))
    ctx["charts"] = report_charts
    tables = dict(ranking_tables)
    if recorded:
        tables["designations"] = designations_table(recorded)
    if scope.kind in ("county", "parks"):
        tables["parks"] = parks_table(book, by_output=True)
        tables["chains"] = chains_table(book)
    blocks = render_blocks("quarterly.txt", ctx)
    title = next((b.text for b in blocks if b.kind == "title"), "")
    def appendix():
        return list(tables.values()) + [key_projects_table(book), enterprise_ranking_table(book), figures_table(book)]

    return Report("quarterly", KINDS["quarterly"], title, _filename(scope, "quarterly", quarter), scope, period,
                  blocks, report_charts, tables, appendix, book, issued)


def cn_number_quarter(quarter: Quarter) -> str:
    nxt = Quarter(quarter.year + 1, 1) if quarter.quarter == 4 else Quarter(quarter.year, quarter.quarter + 1)
    return nxt.label


def build(kind: str, scope, *, period: Period | None = None, week: Week | None = None,
          quarter: Quarter | None = None, issued: dt.date | None = None) -> Report:
    """The report; `issued` is its 成文日期 (default: periods.default_issue_date)."""
    if kind == "monthly":
        return monthly(scope, period, issued)
    if kind == "weekly":
        return weekly(scope, week, period, issued)
    if kind == "quarterly":
        return quarterly(scope, quarter, issued)
    raise ValueError(f"材料类型应为 monthly、weekly 或 quarterly，实际为“{kind}”")
