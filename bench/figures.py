#!/usr/bin/env python
"""Benchmark of the figure engine against DuckDB on the same database.

    .venv/bin/python bench/figures.py [--db URL …] [--period 2023-08] [--repeat 9] [--per-county]

Databases: each --db given; by default the SQLite database of the settings (var/yuanqu.sqlite3, or
$YUANQU_VAR_DIR/yuanqu.sqlite3) and, when DATABASE_URL names a PostgreSQL database, that one too.
Each database is measured in its own process; a summary then gives every database's ratio against
the targets (province core aggregates ≤ 2× DuckDB; the county figure set < 100 ms).

Per database:
1. The county figure set (every figure of the demo county 示例县, or --county CODE).
2. The province figure set: every figure over all counties of the province region (`yuanqu demo
   --scale province`); skipped with a message when there is no province data.
3. The same core aggregates straight from the same rows with DuckDB. DuckDB's sqlite scanner needs
   a download, so the needed columns are first copied into an in-memory DuckDB database (through
   CSV, no pandas); only the aggregate queries are timed. The engine's core figures are checked
   against DuckDB's, and the ratio engine ÷ DuckDB is printed.

Times are medians of --repeat runs after one warm-up run; each engine run is a fresh computation
(a new Session: every group runs, every statement queries the data). The statements themselves are
built and compiled once per process (`yuanqu.figures.sql.prepared`), as in a running server; the
first computation, which also builds them, is printed separately.
Engine and DuckDB runs alternate (engine, DuckDB, engine, …) and the ratio is the median of the
per-pair ratios, so that load from other processes on a shared machine weighs on both alike.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORE_KEYS = [
    "industry.output_ytd", "industry.output_growth", "industry.revenue_ytd", "industry.revenue_growth",
    "industry.profit_ytd", "industry.tax_ytd", "industry.electricity_ytd", "industry.employment",
    "industry.above_scale_count", "industry.output_month", "park.",
    "projects.signed.", "projects.negotiating.", "projects.started.", "projects.start_rate.",
    "projects.completed.", "projects.production.", "projects.key_province.completion",
    "projects.key_city.completion", "land.supplied_use_rate", "land.revitalized_mu", "buildings.revitalized_m2",
    "buildings.vacancy_rate", "service.tickets_closed", "finance.institutions", "finance.loans", "labour.supplied",
]

# Columns copied into DuckDB: table → [(column, DuckDB type)].
TABLES = {
    "org_region": [("id", "BIGINT"), ("parent_id", "BIGINT"), ("level", "VARCHAR")],
    "org_park": [("id", "BIGINT"), ("region_id", "BIGINT")],
    "enterprises_enterprise": [("id", "BIGINT"), ("region_id", "BIGINT"), ("park_id", "BIGINT")],
    "enterprises_rosterentry": [("enterprise_id", "BIGINT"), ("year", "INTEGER"), ("joined_month", "INTEGER")],
    "enterprises_monthlystat": [("id", "BIGINT"), ("enterprise_id", "BIGINT"), ("year", "INTEGER"),
                                ("month", "INTEGER")] + [
        (f"{stem}{suffix}", "DECIMAL(16,2)") for stem in ("output", "revenue", "profit", "tax", "electricity")
        for suffix in ("_cum", "_prev_cum")] + [("employees", "BIGINT"), ("employees_prev", "BIGINT")],
    "projects_project": [("id", "BIGINT"), ("region_id", "BIGINT"), ("park_id", "BIGINT"),
                         ("total_investment", "DECIMAL(16,2)"), ("key_level", "VARCHAR")],
    "projects_stagechange": [("id", "BIGINT"), ("project_id", "BIGINT"), ("stage", "VARCHAR"), ("date", "DATE"),
                             ("amount", "DECIMAL(16,2)")],
    "projects_annualplan": [("project_id", "BIGINT"), ("year", "INTEGER"), ("planned_investment", "DECIMAL(16,2)"),
                            ("plan_start", "BOOLEAN")],
    "projects_progress": [("project_id", "BIGINT"), ("year", "INTEGER"), ("month", "INTEGER"),
                          ("completed_investment_cum", "DECIMAL(16,2)")],
    "land_landparcel": [("id", "BIGINT"), ("park_id", "BIGINT"), ("area_mu", "DECIMAL(14,2)"),
                        ("developed_area_mu", "DECIMAL(14,2)"), ("supplied_date", "DATE"), ("status", "VARCHAR")],
    "land_factorybuilding": [("id", "BIGINT"), ("park_id", "BIGINT"), ("is_standard", "BOOLEAN"),
                             ("floor_area_m2", "DECIMAL(14,2)"), ("let_area_m2", "DECIMAL(14,2)"),
                             ("completed_date", "DATE")],
    "land_revitalization": [("parcel_id", "BIGINT"), ("building_id", "BIGINT"), ("area_mu", "DECIMAL(14,2)"),
                            ("area_m2", "DECIMAL(14,2)"), ("date", "DATE")],
    "service_ticket": [("region_id", "BIGINT"), ("category_id", "BIGINT"), ("resolved_date", "DATE"),
                       ("status", "VARCHAR")],
    "factors_loan": [("enterprise_id", "BIGINT"), ("institution_id", "BIGINT"), ("amount", "DECIMAL(16,2)"),
                     ("date", "DATE")],
    "factors_laboursupply": [("enterprise_id", "BIGINT"), ("workers", "BIGINT"), ("date", "DATE")],
}


def setup(db_url: str | None):
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    os.environ.setdefault("YUANQU_DEBUG", "0")  # no per-query logging while timing
    import django

    django.setup()


class Timing(float):
    """Median wall-clock milliseconds, with the median CPU milliseconds of this process in `.cpu`
    (on a shared machine the wall clock also counts waiting for a core)."""

    def __new__(cls, wall: float, cpu: float):
        obj = super().__new__(cls, wall)
        obj.cpu = cpu
        return obj

    def __format__(self, spec):
        return f"{float(self):{spec}} ms（CPU {self.cpu:{spec}} ms）"


TARGET_RATIO = 2.0  # province core aggregates: engine ≤ 2× DuckDB
TARGET_COUNTY_MS = 100.0  # the county figure set


def paired_ms(run_a, run_b, repeat: int) -> tuple[Timing, Timing, float, object, object]:
    """run_a and run_b timed alternately after one warm-up each: their median times, the median of the
    per-pair ratios a ÷ b (wall clock), and their results."""
    result_a, result_b = run_a(), run_b()
    times = {"a": ([], []), "b": ([], [])}
    ratios = []
    for _ in range(repeat):
        for name, run in (("a", run_a), ("b", run_b)):
            start, cpu = time.perf_counter(), time.process_time()
            result = run()
            times[name][0].append((time.perf_counter() - start) * 1000)
            times[name][1].append((time.process_time() - cpu) * 1000)
            if name == "a":
                result_a = result
            else:
                result_b = result
        ratios.append(times["a"][0][-1] / times["b"][0][-1])
    a, b = (Timing(statistics.median(times[n][0]), statistics.median(times[n][1])) for n in ("a", "b"))
    return a, b, statistics.median(ratios), result_a, result_b


def median_ms(run, repeat: int) -> tuple[Timing, object]:
    result = run()  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return Timing(statistics.median(walls), statistics.median(cpus)), result


# --- the engine -----------------------------------------------------------------------------

def engine_run(scope, period, keys=None):
    from yuanqu.figures.engine import Session, FigureSet

    def run():
        return {f.key: f.value for f in FigureSet(scope, period, keys, session=Session()).figures()}
    return run


# --- DuckDB ---------------------------------------------------------------------------------

def copy_to_duckdb(con):
    """Copy the needed columns of each table into DuckDB through CSV files (untimed)."""
    from django.db import connection

    with tempfile.TemporaryDirectory() as tmp:
        for table, columns in TABLES.items():
            path = Path(tmp) / f"{table}.csv"
            written = 0
            with connection.cursor() as cursor, open(path, "w", newline="") as out:
                cursor.execute(f"SELECT {', '.join(c for c, _ in columns)} FROM {table}")
                writer = csv.writer(out)
                while rows := cursor.fetchmany(20000):
                    writer.writerows(["" if v is None else (int(v) if isinstance(v, bool) else v) for v in row]
                                     for row in rows)
                    written += len(rows)
            con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns)})")
            if written:  # an empty file cannot be sniffed: the table stays empty
                types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
                con.execute(f"INSERT INTO {table} SELECT * FROM read_csv('{path}', header=false, "
                            f"columns={{{types}}}, nullstr='')")


def duckdb_queries(region_id: int, period) -> dict[str, str]:
    """The core aggregates in DuckDB SQL, by the definitions of docs/figures.md."""
    y, n, start, end = period.year, period.month, period.start.isoformat(), period.end.isoformat()
    regions = (f"(SELECT id FROM org_region WHERE id = {region_id} OR parent_id = {region_id} "
               f"OR parent_id IN (SELECT id FROM org_region WHERE parent_id = {region_id}))")
    roster = (f"FROM enterprises_enterprise e JOIN enterprises_rosterentry r ON r.enterprise_id = e.id "
              f"AND r.year = {y} AND r.joined_month <= {n} "
              f"LEFT JOIN enterprises_monthlystat ms ON ms.enterprise_id = e.id AND ms.year = {y} AND ms.month = {n} "
              f"LEFT JOIN enterprises_monthlystat pm ON pm.enterprise_id = e.id AND pm.year = {y} "
              f"AND pm.month = {n - 1} WHERE e.region_id IN {regions}")
    sums = ", ".join(
        f"SUM(ms.{s}_cum) AS {s}, SUM(ms.{s}_cum) FILTER (WHERE ms.{s}_prev_cum IS NOT NULL) AS {s}_base_cur, "
        f"SUM(ms.{s}_prev_cum) FILTER (WHERE ms.{s}_cum IS NOT NULL) AS {s}_base_prev"
        for s in ("output", "revenue", "profit", "tax", "electricity"))
    first = lambda stage: f"MIN(date) FILTER (WHERE stage = '{stage}')"  # noqa: E731
    window = lambda col: f"{col} BETWEEN DATE '{start}' AND DATE '{end}'"  # noqa: E731
    return {
        "industry": f"SELECT COUNT(*) AS firms, {sums}, SUM(ms.employees) AS employment, "
                    f"SUM(ms.output_cum - pm.output_cum) AS output_month {roster}",
        "parks": f"SELECT e.park_id, COUNT(*), SUM(ms.output_cum) {roster} AND e.park_id IS NOT NULL GROUP BY 1",
        "projects": f"""
            WITH p AS (SELECT id, total_investment AS inv FROM projects_project WHERE region_id IN {regions}),
            f AS (SELECT project_id, {first('signed')} AS signed, {first('started')} AS started,
                         {first('completed')} AS completed, {first('production')} AS production,
                         SUM(amount) FILTER (WHERE stage = 'signed' AND {window('date')}) AS signed_amount
                  FROM projects_stagechange WHERE project_id IN (SELECT id FROM p) GROUP BY project_id),
            s AS (SELECT project_id, arg_max(stage, (date, id)) AS stage_at FROM projects_stagechange
                  WHERE date <= DATE '{end}' AND project_id IN (SELECT id FROM p) GROUP BY project_id),
            pl AS (SELECT DISTINCT project_id FROM projects_annualplan WHERE year = {y} AND plan_start)
            SELECT COUNT(*) FILTER (WHERE {window('f.signed')}) AS signed_n, SUM(f.signed_amount) AS signed_inv,
                   COUNT(*) FILTER (WHERE s.stage_at = 'negotiating') AS negotiating_n,
                   SUM(p.inv) FILTER (WHERE s.stage_at = 'negotiating') AS negotiating_inv,
                   COUNT(*) FILTER (WHERE {window('f.started')}) AS started_n,
                   SUM(p.inv) FILTER (WHERE {window('f.started')}) AS started_inv,
                   COUNT(*) FILTER (WHERE pl.project_id IS NOT NULL) AS plan_n,
                   COUNT(*) FILTER (WHERE pl.project_id IS NOT NULL AND {window('f.started')}) AS plan_started_n,
                   COUNT(*) FILTER (WHERE {window('f.completed')}) AS completed_n,
                   COUNT(*) FILTER (WHERE {window('f.production')}) AS production_n
            FROM p LEFT JOIN f ON f.project_id = p.id LEFT JOIN s ON s.project_id = p.id
                   LEFT JOIN pl ON pl.project_id = p.id""",
        "key": f"""SELECT p.key_level, SUM(a.planned_investment), SUM(g.completed_investment_cum)
            FROM projects_project p JOIN projects_annualplan a ON a.project_id = p.id AND a.year = {y}
            LEFT JOIN projects_progress g ON g.project_id = p.id AND g.year = {y} AND g.month = {n}
            WHERE p.region_id IN {regions} AND p.key_level IN ('province', 'city') GROUP BY 1""",
        "land": f"""SELECT SUM(developed_area_mu), SUM(area_mu) FROM land_landparcel
            WHERE park_id IN (SELECT id FROM org_park WHERE region_id IN {regions})
            AND supplied_date <= DATE '{end}' AND status <> 'recovered'""",
        "revitalized": f"""SELECT SUM(v.area_mu) FILTER (WHERE v.parcel_id IS NOT NULL),
                SUM(v.area_m2) FILTER (WHERE v.building_id IS NOT NULL)
            FROM land_revitalization v LEFT JOIN land_landparcel l ON l.id = v.parcel_id
            LEFT JOIN land_factorybuilding b ON b.id = v.building_id
            WHERE {window('v.date')} AND COALESCE(l.park_id, b.park_id) IN
                  (SELECT id FROM org_park WHERE region_id IN {regions})""",
        "vacancy": f"""SELECT SUM(floor_area_m2), SUM(let_area_m2) FROM land_factorybuilding
            WHERE is_standard AND completed_date <= DATE '{end}'
            AND park_id IN (SELECT id FROM org_park WHERE region_id IN {regions})""",
        "tickets": f"""SELECT COUNT(*), COUNT(DISTINCT category_id) FROM service_ticket
            WHERE region_id IN {regions} AND {window('resolved_date')} AND status IN ('resolved', 'closed')""",
        "loans": f"""SELECT COUNT(DISTINCT l.institution_id), SUM(l.amount) FROM factors_loan l
            JOIN enterprises_enterprise e ON e.id = l.enterprise_id
            WHERE e.region_id IN {regions} AND {window('l.date')}""",
        "labour": f"""SELECT SUM(s.workers) FROM factors_laboursupply s
            JOIN enterprises_enterprise e ON e.id = s.enterprise_id
            WHERE e.region_id IN {regions} AND {window('s.date')}""",
    }


def duckdb_run(con, region_id, period):
    queries = duckdb_queries(region_id, period)

    def run():
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}
    return run


def check(engine: dict, duck: dict) -> list[str]:
    """Core values compared (engine figure → DuckDB value); returns Chinese lines."""
    ind, pro = duck["industry"][0], duck["projects"][0]
    keys = ["firms", "output", "output_base_cur", "output_base_prev"]
    industry = dict(zip(keys, ind[:4]))
    pairs = [
        ("industry.above_scale_count", industry["firms"]),
        ("industry.output_ytd", industry["output"]),
        ("projects.signed.count", pro[0]), ("projects.signed.investment", pro[1] or 0),
        ("projects.negotiating.count", pro[2]), ("projects.started.count", pro[4]),
        ("projects.completed.count", pro[8]), ("projects.production.count", pro[9]),
        ("service.tickets_closed", duck["tickets"][0][0]), ("finance.loans", duck["loans"][0][1] or 0),
        ("labour.supplied", duck["labour"][0][0] or 0),
    ]
    lines = []
    for key, expected in pairs:
        got = engine.get(key)
        same = got is not None and Decimal(str(got)) == Decimal(str(expected))
        lines.append(f"  {'✓' if same else '✗'} {key}: 引擎 {got}  DuckDB {expected}")
    base = industry["output_base_prev"]
    if base:
        growth = (Decimal(str(industry["output_base_cur"])) / Decimal(str(base)) - 1) * 100
        same = engine.get("industry.output_growth") is not None and abs(engine["industry.output_growth"] - growth) < \
            Decimal("1e-9")
        lines.append(f"  {'✓' if same else '✗'} industry.output_growth: 引擎 {engine.get('industry.output_growth')}"
                     f"  DuckDB {growth}")
    return lines


def analyze(connection):
    """Planner statistics, as a running system has them (a bulk load leaves none or stale ones)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is not None:
                return
            print("SQLite 尚无统计信息（sqlite_stat1），先执行 ANALYZE，以便查询规划器选对索引。")
        elif connection.vendor == "postgresql":
            from yuanqu.core.db import analyze as upkeep

            print("PostgreSQL：先执行 VACUUM/ANALYZE（与生成数据、导入后相同），使统计信息与可见性映射与数据一致。")
            upkeep()
            return
        else:
            return
        cursor.execute("ANALYZE")


# --- main -----------------------------------------------------------------------------------

def default_databases() -> list[str]:
    """The settings' SQLite database and, when DATABASE_URL names PostgreSQL, that database too."""
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://")):
        return [url]
    sqlite = Path(os.environ.get("YUANQU_VAR_DIR", ROOT / "var")) / "yuanqu.sqlite3"
    found = [f"sqlite:///{sqlite}"] if sqlite.exists() or not url else []
    return found + ([url] if url else [])


def main(argv=None):
    parser = argparse.ArgumentParser(description="指标引擎性能基准（与 DuckDB 对比）")
    parser.add_argument("--db", action="append",
                        help="数据库 URL，可多次给出（默认：设置中的 SQLite 数据库；DATABASE_URL 指向 PostgreSQL 时两者都测）")
    parser.add_argument("--period", default="2023-08")
    parser.add_argument("--county", help="县的行政区划代码（默认：示例县，或第一个县）")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--per-county", action="store_true", help="另外逐县计算省内每个县的指标集")
    parser.add_argument("--result", help=argparse.SUPPRESS)  # JSON file a child process writes its results to
    args = parser.parse_args(argv)
    databases = args.db or default_databases()
    if len(databases) == 1:
        result = run(databases[0], args)
        if args.result:
            Path(args.result).write_text(json.dumps(result, ensure_ascii=False))
        else:
            print_summary([result])
        return 1 if "error" in result else 0
    results = []
    passed, skip = [], False  # the other options, for each database's own process
    for arg in (argv if argv is not None else sys.argv[1:]):
        if skip or arg == "--db" or arg.startswith("--db="):
            skip = arg == "--db"
            continue
        passed.append(arg)
    with tempfile.TemporaryDirectory() as tmp:
        for i, url in enumerate(databases):
            out = Path(tmp) / f"{i}.json"
            print(f"\n{'=' * 30} {url.split('@')[-1]} {'=' * 30}", flush=True)
            done = subprocess.run([sys.executable, __file__, "--db", url, "--result", str(out), *passed])
            results.append(json.loads(out.read_text()) if done.returncode == 0 and out.exists()
                           else {"vendor": url.split(":")[0], "name": url, "error": f"退出码 {done.returncode}"})
    print_summary(results)
    return 0


def mark(ok: bool) -> str:
    return "✓ 达标" if ok else "✗ 未达标"


def print_summary(results: list[dict]) -> None:
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    print(f"\n{'═' * 96}\n汇总（目标：省级核心汇总 ≤ {TARGET_RATIO:g}× DuckDB；县级指标集 < {TARGET_COUNTY_MS:g} ms；"
          f"均为同一次运行中的中位数，墙钟时间）")
    for r in results:
        vendor = names.get(r.get("vendor"), r.get("vendor"))
        if "error" in r:
            print(f"  {vendor:<11} {r['name']}：未能完成（{r['error']}）")
            continue
        c = r["county"]
        print(f"  {vendor:<11} 县级指标集（{c['name']}，{c['n']}项）：{c['ms']:.1f} ms（CPU {c['cpu']:.1f} ms）"
              f"  {mark(c['ms'] < TARGET_COUNTY_MS)}（进程内首次、含构建语句：{c['first']:.1f} ms）")
        p = r.get("province")
        if p is None:
            print(f"  {'':<11} 省级核心汇总：无省级数据（yuanqu demo --scale province）")
            continue
        print(f"  {'':<11} 省级核心汇总（{p['name']}）：引擎 {p['engine']:.1f} ms ÷ DuckDB {p['duck']:.1f} ms"
              f" = {p['ratio']:.2f}×（目标 ≤ {TARGET_RATIO:g}×）  {mark(p['ratio'] <= TARGET_RATIO)}"
              + ("" if p["checked"] else "  ✗ 引擎与 DuckDB 的核心数值不一致"))
    print("═" * 96)


def run(db_url: str, args) -> dict:
    setup(db_url)

    import duckdb
    from django.db import connection
    from yuanqu.core.periods import Period
    from yuanqu.figures.scope import Scope
    from yuanqu.org.models import Region

    period = Period.parse(args.period)
    analyze(connection)
    counties = Region.objects.counties().filter(enterprises__isnull=False).distinct().order_by("code")
    county = (counties.filter(code=args.county).first() if args.county
              else counties.filter(name="示例县").first() or counties.first())
    result = {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])}
    if county is None:
        print("数据库中没有县级数据：请先运行 yuanqu demo")
        return {**result, "error": "没有县级数据"}
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}    期别：{period.full_label}")

    county_run = engine_run(Scope.county(county), period)
    started = time.perf_counter()
    county_run()  # the first computation in this process also builds the statements (yuanqu.figures.sql.prepared)
    first_ms = (time.perf_counter() - started) * 1000
    county_ms, county_figs = median_ms(county_run, args.repeat)
    verdict = "达标：< 100 ms" if county_ms < TARGET_COUNTY_MS else \
        "未达标：应 < 100 ms（墙钟时间，含等待 CPU 与数据库服务器的时间）"
    print(f"\n① 县级指标集（{county.name}，{len(county_figs)}项）：{county_ms:.1f}（{verdict}）")
    print(f"   进程内首次计算（含构建并编译SQL语句，此后各次计算复用语句、每次都查询数据）：{first_ms:.1f} ms")
    result["county"] = {"name": county.name, "n": len(county_figs), "ms": float(county_ms), "cpu": county_ms.cpu,
                        "first": first_ms}

    from django.db.models import Count, Q

    # province data: a province region with several counties that have enterprises (the demo
    # county's own province and city do not count)
    province = (Region.objects.filter(level=Region.Level.PROVINCE)
                .annotate(n=Count("children__children", distinct=True,
                                  filter=Q(children__children__enterprises__isnull=False)))
                .filter(n__gt=1).order_by("-n", "code").first())
    con = duckdb.connect()
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    started = time.perf_counter()
    copy_to_duckdb(con)
    print(f"   （已将所需列复制到 DuckDB 内存库，用时 {time.perf_counter() - started:.1f} s，不计入对比；"
          f"DuckDB 线程数 {threads}，引擎单线程）")
    targets = [("县", county)] + ([("省", province)] if province else [])
    for word, region in targets:
        scope = Scope.county(region)
        core_ms, duck_ms, ratio, core, duck = paired_ms(engine_run(scope, period, CORE_KEYS),
                                                        duckdb_run(con, region.pk, period), args.repeat)
        if word == "省":
            full_ms, full = median_ms(engine_run(scope, period), max(1, args.repeat // 2))
            n_counties = Region.objects.filter(parent__parent=region).count()
            print(f"\n② 省级指标集（{region.name}，{n_counties}个县合计，{len(full)}项）：{full_ms:.1f}")
            if args.per_county:
                each = list(Region.objects.filter(parent__parent=region).order_by("code"))
                total_ms, _ = median_ms(lambda: [engine_run(Scope.county(c), period)() for c in each], 1)
                print(f"   逐县计算{len(each)}个县的指标集：{total_ms:.0f}（平均每县 {total_ms / len(each):.1f} ms）")
        lines = check(core, duck)
        target = f"（目标 ≤ {TARGET_RATIO:g}×：{'达标' if ratio <= TARGET_RATIO else '未达标'}）" if word == "省" else ""
        print(f"\n{'③' if word == '省' else '  '} 核心汇总（{region.name}）：引擎 {core_ms:.1f}，DuckDB {duck_ms:.1f}，"
              f"比值 {ratio:.2f}×{target}（逐对交替计时，比值取中位数，按墙钟时间）")
        for line in lines:
            print(line)
        if word == "省":
            result["province"] = {"name": region.name, "engine": float(core_ms), "duck": float(duck_ms),
                                  "ratio": ratio, "checked": all(line.lstrip().startswith("✓") for line in lines)}
    if province is None:
        print("\n② 省级数据不存在，已跳过省级对比：请先运行 yuanqu demo --scale province")
    return result


if __name__ == "__main__":
    sys.exit(main())
