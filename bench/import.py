"""Import speed: a 20,000-firm statistics workbook, and a county's 500-firm file through the web page.

    .venv/bin/python bench/import.py [--rows 20000] [--county 500] [--repeat 3]

Database: DATABASE_URL when it names PostgreSQL (a test database "test_<name>" is made and
dropped), otherwise a temporary SQLite file with the project's settings. The workbooks are in
the bureau's layout (title, 单位：千元, two-row merged header, 栏次, 合计, footer), for 2023年1-8月;
the firms exist and their 1-7月 file is imported first (untimed), so August is checked against it.

Each figure is the median of --repeat runs:
  bare read       python-calamine reading every cell of the workbook
  database alone  the database writing the same rows and nothing else, from values read back
                  beforehand: the 20,000 new rows (insert), or the corrected rows and their revision
                  records (update), in one transaction with its commit
  import          yuanqu.imports.service.execute as in production (its transaction, commit and
                  upkeep): first (the period not yet stored), same file (nothing changes),
                  corrected (every row changed)
  web page        the upload page (prepare, preview) and the confirm page (execute) for the county
                  file, through Django's test client
Budget per case: import ≤ 3 × (bare read + database alone) and under 3 s (first and same file
against the insert, corrected against the update); web page under 0.5 s.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GROUPS = ["工业总产值(当年价格)", "营业收入", "利润总额", "税金总额", "工业用电量(万千瓦时)", "从业人员平均人数(人)"]


def make_workbook(path: Path, firms: list[tuple[str, str]], *, seed: int, bump: int = 0, month: int = 8) -> None:
    """The bureau's table for 1—month月 2023, values in 千元 (electricity 万千瓦时, people 人). An
    earlier month holds month/8 of August's cumulative values, rounded down (so August never falls);
    `bump` corrects every money value of every firm by that many 千元."""
    import xlsxwriter

    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("规上工业")
    ws.merge_range(0, 0, 0, 2 + 2 * len(GROUPS), f"示例县规模以上工业企业主要经济指标 2023年1-{month}月")
    ws.write(1, 0, "单位：千元")
    for c, head in enumerate(["序号", "统一社会信用代码", "企业名称"]):
        ws.merge_range(2, c, 3, c, head)
    for i, group in enumerate(GROUPS):  # (constant_memory: a row is written whole before the next)
        ws.merge_range(2, 3 + 2 * i, 2, 4 + 2 * i, group)
    ws.write_row(3, 3, ["本年1-本月", "上年同期1-本月"] * len(GROUPS))
    ws.write_row(4, 0, ["甲", "乙", "丙", *range(1, 2 * len(GROUPS) + 1)])
    totals = [Decimal(0)] * (2 * len(GROUPS))
    for r, (code, name) in enumerate(firms, start=5):
        base, values = rnd.randint(20000, 900000), []
        for g in range(len(GROUPS)):
            if g == 5:  # people
                cur = rnd.randint(30, 900)
                prev = max(1, int(cur * rnd.uniform(0.8, 1.2)))
            else:
                q = Decimal("0.01") if g == 4 else Decimal("0.1")
                share = (Decimal(1), Decimal("0.95"), Decimal("0.05"), Decimal("0.03"), None)[g]
                cur = (Decimal(rnd.randint(1000, 900000)) / 100 if g == 4 else base * share + bump).quantize(q)
                prev = (cur * Decimal(str(round(rnd.uniform(0.8, 1.2), 2)))).quantize(q)
                if month < 8:
                    cur, prev = ((v * month / 8).quantize(q, rounding=ROUND_DOWN) for v in (cur, prev))
            values += [cur, prev]
        totals = [t + v for t, v in zip(totals, values)]
        ws.write_row(r, 0, [r - 4, code, name, *map(float, values)])
    ws.write_row(len(firms) + 5, 0, ["合计", "", "", *map(float, totals)])
    ws.write(len(firms) + 7, 0, "单位负责人：张三    统计负责人：李四    填表人：王五    报出日期：2023年9月12日")
    wb.close()


def median_time(fn, repeat: int, between=None) -> float:
    """The median wall time of fn() over `repeat` runs; `between()` (untimed) after each run."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if between:
            between()
    return statistics.median(times)


def bare_read(path: Path) -> None:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    wb.close()


# --------------------------------------------------------------------------- the database alone

def _insert(cursor, model, columns: list[str], rows: list[tuple]) -> None:
    table, names = model._meta.db_table, ", ".join(columns)
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def database_insert(model, batch, repeat: int) -> float:
    """The batch's rows of `model` written again, nothing else: read back, deleted (untimed), inserted."""
    from django.db import connection, transaction

    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    rows = list(model.objects.filter(batch=batch).values_list(*[f.attname for f in model._meta.concrete_fields
                                                                if not f.primary_key]))

    def write():
        with transaction.atomic(), connection.cursor() as cursor:
            _insert(cursor, model, columns, rows)

    def undo():
        model.objects.filter(batch=batch).delete()

    undo()
    return median_time(write, repeat, between=undo)


def database_update(model, revision_model, batch, fields: list[str], repeat: int) -> float:
    """The batch's rows of `model` updated in `fields` (to the values they hold: the same work) and its
    revision records inserted, nothing else."""
    from django.db import connection, transaction

    rows = list(model.objects.filter(batch=batch).values_list("pk", *fields))
    rev_fields = [f for f in revision_model._meta.concrete_fields if not f.primary_key]
    revisions = [tuple(f.get_db_prep_save(v, connection) for f, v in zip(rev_fields, r)) for r in
                 revision_model.objects.filter(batch=batch).values_list(*[f.attname for f in rev_fields])]
    last = revision_model.objects.order_by("-pk").values_list("pk", flat=True).first()
    table, columns = model._meta.db_table, [model._meta.get_field(f).column for f in fields]

    def write():
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                arrays = ", ".join(f"CAST(%s AS {f.db_type(connection)}[])" for f in
                                   [model._meta.pk, *(model._meta.get_field(f) for f in fields)])
                sets = ", ".join(f"{c} = v.c{i}" for i, c in enumerate(columns))
                names = ", ".join(["pk", *(f"c{i}" for i in range(len(columns)))])
                cursor.execute(f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) WHERE {table}.id = v.pk",
                               [list(c) for c in zip(*rows)])
            else:
                sets = ", ".join(f"{c} = %s" for c in columns)
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", [(*r[1:], r[0]) for r in rows])
            _insert(cursor, revision_model, [f.column for f in rev_fields], revisions)

    return median_time(write, repeat, between=lambda: revision_model.objects.filter(pk__gt=last).delete())


# --------------------------------------------------------------------------- the web page

def web_page(path: Path) -> float:
    """Upload (prepare and preview) and confirm (execute) through the import views, as an editor: the
    time of the two requests."""
    from django.test import Client, override_settings

    from yuanqu.accounts.models import User

    client = Client()
    client.force_login(User.objects.get_or_create(username="bench-editor", defaults={"role": User.Role.PARK_STAFF})[0])
    with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="yuanqu-bench-media-")):
        client.get("/imports/")  # a server that has served a page before (templates loaded)
        t0 = time.perf_counter()
        with path.open("rb") as f:
            client.post("/imports/", {"kind": "stats", "period": "", "file": f})
        (token, entry), = client.session["imports_pending"].items()  # what the preview page shows
        done = client.post("/imports/confirm/", {"token": token, "sha256": entry["sha256"], "confirm": "on"})
        elapsed = time.perf_counter() - t0
    if done.status_code != 302:
        raise SystemExit(f"bench: the web page refused the county file: {done.status_code} "
                         f"{done.content.decode()[:3000]}")
    return elapsed


# --------------------------------------------------------------------------- the run

def run(args, workdir: Path) -> None:
    from django.db import connection

    from yuanqu.core.creditcode import make_code
    from yuanqu.core.models import DataBatch
    from yuanqu.enterprises.models import Enterprise, MonthlyStat
    from yuanqu.imports import service
    from yuanqu.imports.models import Revision
    from yuanqu.org.models import Region

    region = Region.objects.create(code="510000", name="示例县", level="county")
    firms = [(make_code("91510000", i), f"示例县第{i:05d}号工业有限公司") for i in range(1, args.rows + 1)]
    Enterprise.objects.bulk_create([Enterprise(credit_code=c, name=n, region=region) for c, n in firms],
                                   batch_size=2000)
    files = {name: workdir / f"{name}.xlsx" for name in ("july", "first", "corrected", "county")}
    make_workbook(files["july"], firms, seed=1, month=7)
    make_workbook(files["first"], firms, seed=1)
    make_workbook(files["corrected"], firms, seed=1, bump=1)
    make_workbook(files["county"], firms[:args.county], seed=1)

    def execute(name):
        result = service.execute(files[name], "stats", confirm_warnings=True)
        if not result.ok:
            raise SystemExit(f"bench: {name} refused: {[str(i) for i in result.errors[:5]]}")
        return result

    execute("july")  # the month before, as in every month after January
    webs = []
    for _ in range(args.repeat):
        webs.append(web_page(files["county"]))
        MonthlyStat.objects.filter(month=8).delete()
    web = statistics.median(webs)

    read = median_time(lambda: bare_read(files["first"]), args.repeat)
    first = median_time(lambda: execute("first"), args.repeat,
                        between=lambda: MonthlyStat.objects.filter(month=8).delete())
    last = execute("first")
    same = median_time(lambda: execute("first"), args.repeat)
    corrected = median_time(lambda: execute("corrected"), args.repeat, between=lambda: execute("first"))
    batch = DataBatch.objects.latest("pk")
    # the fields the import updated: those that changed, and the batch and time every written row carries
    changed = [*Revision.objects.filter(batch=batch).first().changes, "batch_id", "updated_at"]
    db_update = database_update(MonthlyStat, Revision, batch, changed, args.repeat)
    db_insert = database_insert(MonthlyStat, batch, args.repeat)
    assert last.counts["月度统计"]["new"] == args.rows

    print(f"database: {connection.vendor}; workbook: {args.rows} firms, "
          f"{files['first'].stat().st_size / 1024 / 1024:.1f} MB; median of {args.repeat} runs")
    print(f"bare read          {read:6.3f} s")
    print(f"database alone     {db_insert:6.3f} s insert {args.rows} rows;  {db_update:6.3f} s update {len(changed)} "
          f"fields of them and write {args.rows} revision records")
    for label, t, floor in (("first import", first, db_insert), ("same file", same, db_insert),
                            ("corrected file", corrected, db_update)):
        limit = min(3 * (read + floor), 3.0)
        print(f"{label:18} {t:6.3f} s  = {t / (read + floor):4.2f} × (read + database alone); "
              f"budget {limit:.3f} s: {'met' if t <= limit else 'MISSED'}")
    print(f"web page           {web:6.3f} s  county file of {args.county} firms, upload + confirm; "
          f"budget 0.500 s: {'met' if web <= 0.5 else 'MISSED'}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--county", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="yuanqu-bench-"))
    url = os.environ.get("DATABASE_URL", "")
    postgresql = url.startswith(("postgres://", "postgresql://", "pgsql://"))
    if not postgresql:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    os.environ["YUANQU_DEBUG"] = "0"  # as in production: no SQL debug logging
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if postgresql:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        run(args, workdir)
    finally:
        if postgresql:
            connection.creation.destroy_test_db(name, verbosity=0)
        connection.close()
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
