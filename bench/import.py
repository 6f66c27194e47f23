"""Import speed: the whole statistics import against python-calamine only reading the file.

    .venv/bin/python bench/import.py [--rows 20000] [--repeat 5] [--keep DIR] [--profile [first|same|few|corrected]]

Generates a bureau-layout statistics workbook (title line, unit line 千元, two-row merged
header, 栏次 row, 合计 row, footer) of 2023年1-8月 for N enterprises in a temp dir, creates the
enterprises (bulk) in a fresh database and imports their 1-7月 file (untimed: as in every month
after January, the period before is stored, and the 1-8月 values are checked against it), then
times in the same run:
  read       python-calamine reading every cell of the sheet (--repeat times, and once more just
             before each import below)
  first      yuanqu.imports.service.execute into the period not yet stored: read, locate, parse, validate
             against the database, diff, write in one transaction (bulk), data batch record
  same       the same file again: everything is compared, nothing changes (a batch record only)
  few        a usual correction: the same period with one firm in twenty corrected (shown, not in
             the verdict)
  corrected  a corrected file for the same period (every value changed): updates + a revision
             record per changed record
  database alone
             the floor the database sets: the rows of the first import, and the updates and revision
             records of the corrected file, read out as the database gives them and written again
             (PostgreSQL: COPY; SQLite: executemany) in one transaction with its commit, nothing
             else; where the bare read plus this already exceed 3 × the bare read, it says so
Each import runs --repeat times, each as in production: service.execute in its own transaction,
so the time includes the commit (on PostgreSQL the deferred foreign-key checks of every written
row) and the upkeep after a large write (ANALYZE; on PostgreSQL VACUUM of the covering-index
tables). Between runs (untimed) the import is undone: its rows and batch deleted, or, for the
corrected file, the first file imported again. It prints the median (and best) of each, the ratio
of each median to the median bare read, and the verdict against the target (the whole import ≤
3 × the bare read).

Database: DATABASE_URL when it names PostgreSQL (a fresh test database "test_<name>" is created
and dropped), otherwise a temp SQLite file with the project's SQLite settings.
"""
from __future__ import annotations

import argparse
import gc
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


def make_workbook(path: Path, codes: list[str], names: list[str], *, seed: int, bump: int = 0,
                  bump_every: int = 1, month: int = 8) -> None:
    """A statistics workbook as the bureau lays it out, values in 千元 (integers, some with one decimal).
    `month` < 8: the same firms' 1—month cumulative values, month/8 of August's, rounded down (so
    that no August value is below its month's: the check of cumulative values passes)."""
    import xlsxwriter

    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("规上工业")
    groups = ["工业总产值(当年价格)", "营业收入", "利润总额", "税金总额", "工业用电量(万千瓦时)", "从业人员平均人数(人)"]
    ncols = 3 + 2 * len(groups)
    ws.merge_range(0, 0, 0, ncols - 1, f"示例县规模以上工业企业主要经济指标 2023年1-{month}月")
    ws.write(1, 0, "单位：千元")
    ws.merge_range(2, 0, 3, 0, "序号")
    ws.merge_range(2, 1, 3, 1, "统一社会信用代码")
    ws.merge_range(2, 2, 3, 2, "企业名称")
    for i, g in enumerate(groups):
        c = 3 + 2 * i
        ws.merge_range(2, c, 2, c + 1, g)
    for i in range(len(groups)):
        c = 3 + 2 * i
        ws.write(3, c, "本年1-本月")
        ws.write(3, c + 1, "上年同期1-本月")
    ws.write_row(4, 0, ["甲", "乙", "丙"] + list(range(1, 2 * len(groups) + 1)))
    totals = [Decimal(0)] * (2 * len(groups))
    r = 5
    for i, (code, name) in enumerate(zip(codes, names), start=1):
        vals = []
        base = rnd.randint(20000, 900000)
        for g in range(len(groups)):
            if g == 5:  # employees
                cur = rnd.randint(30, 900)
                prev = max(1, int(cur * rnd.uniform(0.8, 1.2)))
            elif g == 4:  # electricity 万千瓦时, two decimals
                cur = Decimal(rnd.randint(1000, 900000)) / 100
                prev = (cur * Decimal(str(round(rnd.uniform(0.8, 1.2), 2)))).quantize(Decimal("0.01"))
            else:
                scale = (1, Decimal("0.95"), Decimal("0.05"), Decimal("0.03"))[g]
                cur = (Decimal(base) * scale).quantize(Decimal("0.1")) + (bump if i % bump_every == 0 else 0)
                prev = (cur * Decimal(str(round(rnd.uniform(0.8, 1.2), 2)))).quantize(Decimal("0.1"))
            if month < 8 and g != 5:  # an earlier month: a share of August's cumulative values
                q = Decimal("0.01") if g == 4 else Decimal("0.1")
                cur, prev = ((v * month / 8).quantize(q, rounding=ROUND_DOWN) for v in (cur, prev))
            vals += [cur, prev]
        for j, v in enumerate(vals):
            totals[j] += Decimal(v)
        ws.write_number(r, 0, i)
        ws.write_string(r, 1, code)
        ws.write_string(r, 2, name)
        for j, v in enumerate(vals):
            ws.write_number(r, 3 + j, float(v))
        r += 1
    ws.write_string(r, 0, "合计")
    for j, v in enumerate(totals):
        ws.write_number(r, 3 + j, float(v))
    ws.write_string(r + 2, 0, "单位负责人：张三    统计负责人：李四    填表人：王五    报出日期：2023年9月12日")
    wb.close()


def calamine_read(path: Path) -> int:
    """The baseline: python-calamine reading every cell, under the same conditions as an import:
    the cyclic garbage collector paused (as service.execute pauses it; `timed` collects first)."""
    import python_calamine as pc

    enabled = gc.isenabled()
    gc.disable()
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        wb.close()
        return len(rows)
    finally:
        if enabled:
            gc.enable()


def _columns(model, without=()) -> str:
    return ", ".join(f.column for f in model._meta.concrete_fields if f.attname not in without)


def _select(cursor, postgresql: bool, sql: str, params) -> object:
    """A query's rows, prepared for writing them again: COPY text on PostgreSQL, tuples on SQLite."""
    if postgresql:
        data = bytearray()
        with cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
            for chunk in copy:
                data += chunk
        return bytes(data)
    cursor.execute(sql, params)
    return cursor.fetchall()


def _write(cursor, postgresql: bool, table: str, columns: str, data) -> None:
    """Rows prepared by `_select` into `table`: COPY on PostgreSQL, executemany on SQLite."""
    if postgresql:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(data)
    else:
        marks = ", ".join(["%s"] * (columns.count(",") + 1))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", data)


def database_alone_insert(connection, model, batch_id: int, repeat: int) -> list[float]:
    """The floor of a first import: the rows it wrote, read out as the database gives them, deleted
    (untimed) and written again in one transaction with its commit (on PostgreSQL the deferred
    foreign-key checks of each row): the database's own share, no Python work per value."""
    from django.db import transaction

    table, columns = model._meta.db_table, _columns(model)
    postgresql = connection.vendor == "postgresql"
    times = []
    for _ in range(repeat):
        with connection.cursor() as cursor:
            data = _select(cursor, postgresql, f"SELECT {columns} FROM {table} WHERE batch_id = %s", (batch_id,))
            cursor.execute(f"DELETE FROM {table} WHERE batch_id = %s", (batch_id,))
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            _write(cursor, postgresql, table, columns, data)
        times.append(time.perf_counter() - t0)
    return times


def database_alone_correct(connection, model, revision_model, batch_id: int, repeat: int) -> list[float]:
    """The floor of a corrected file: each row it changed updated (to the values it holds: the same
    work for the database) from a temporary table of prepared values, and its revision records
    written again, in one transaction with its commit; the extra revision records deleted, untimed."""
    from django.db import transaction

    table = model._meta.db_table
    values = [f.column for f in model._meta.concrete_fields if f.attname not in ("id", "batch_id", "written_by_id",
                                                                                "enterprise_id", "year", "month")]
    rev_table, rev_columns = revision_model._meta.db_table, _columns(revision_model, without=("id",))
    postgresql = connection.vendor == "postgresql"
    times = []
    for _ in range(repeat):
        with connection.cursor() as cursor:
            rows = _select(cursor, postgresql, f"SELECT id, {', '.join(values)} FROM {table} WHERE batch_id = %s",
                           (batch_id,))
            revisions = _select(cursor, postgresql, f"SELECT {rev_columns} FROM {rev_table} WHERE batch_id = %s",
                                (batch_id,))
            cursor.execute(f"SELECT MAX(id) FROM {rev_table}")
            last_revision = cursor.fetchone()[0]
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if postgresql:  # as the importer does: the table's types, no index (a hash join)
                cursor.execute(f"CREATE TEMPORARY TABLE bench_v AS SELECT id, {', '.join(values)} FROM {table} LIMIT 0")
            else:
                cursor.execute(f"CREATE TEMPORARY TABLE bench_v (id INTEGER PRIMARY KEY, {', '.join(values)})")
            _write(cursor, postgresql, "bench_v", f"id, {', '.join(values)}", rows)
            sets = ", ".join(f"{c} = v.{c}" for c in values)
            cursor.execute(f"UPDATE {table} SET {sets} FROM bench_v AS v WHERE {table}.id = v.id")
            cursor.execute("DROP TABLE bench_v")
            _write(cursor, postgresql, rev_table, rev_columns, revisions)
        times.append(time.perf_counter() - t0)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {rev_table} WHERE id > %s", (last_revision,))
    return times


def timed(n, fn) -> list[float]:
    """fn() n times, each timed after an untimed garbage collection (what earlier runs left behind
    is not collected in the time of the next one: the read and the imports alike)."""
    times = []
    for _ in range(n):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of the bare read and of each import, reported as median and best "
                         "(extra import runs are rolled back)")
    ap.add_argument("--keep", help="keep the generated files (and the SQLite database) in this directory")
    ap.add_argument("--profile", nargs="?", const="first", choices=("first", "same", "few", "corrected"),
                    help="print a cProfile summary of one import (default: the first)")
    args = ap.parse_args(argv)

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="yuanqu-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    use_pg = url.startswith(("postgres://", "postgresql://", "pgsql://"))
    if not use_pg:
        db = workdir / "bench.sqlite3"
        if db.exists():
            db.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    os.environ["YUANQU_DEBUG"] = "0"  # as in production: no SQL debug logging of every statement
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    old_name = None
    if use_pg:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)

    try:
        run(args, workdir, connection)
    finally:
        if use_pg:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        connection.close()
        if not args.keep:
            import shutil
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir, connection):
    from yuanqu.core.creditcode import make_code
    from yuanqu.enterprises.models import Enterprise, MonthlyStat
    from yuanqu.imports import service
    from yuanqu.imports.models import Revision
    from yuanqu.org.models import Region

    n = args.rows
    region = Region.objects.create(code="510000", name="示例县", level="county")
    codes = [make_code("91510000", i) for i in range(1, n + 1)]
    names = [f"示例县第{i:05d}号工业有限公司" for i in range(1, n + 1)]
    t0 = time.perf_counter()
    Enterprise.objects.bulk_create([Enterprise(credit_code=c, name=nm, region=region) for c, nm in zip(codes, names)],
                                   batch_size=2000)
    t_ent = time.perf_counter() - t0

    july = workdir / "stats-2023-07.xlsx"
    first = workdir / "stats-2023-08.xlsx"
    fixed = workdir / "stats-2023-08-corrected.xlsx"
    make_workbook(july, codes, names, seed=1, month=7)
    make_workbook(first, codes, names, seed=1)
    make_workbook(fixed, codes, names, seed=1, bump=1)
    few = workdir / "stats-2023-08-corrected-few.xlsx"
    make_workbook(few, codes, names, seed=1, bump=1, bump_every=20)
    # the month before, stored as in any month after January: August's values are checked against it
    assert service.execute(july, "stats", confirm_warnings=True).status == service.IMPORTED
    size = first.stat().st_size

    from yuanqu.core.models import DataBatch

    reads = []

    def import_once(path, profile=None):
        """One import as in production (its own transaction: commit and upkeep included), timed."""
        # a bare read of the same file just before each import: a busy machine skews both alike
        reads.extend(timed(1, lambda: calamine_read(path)))
        gc.collect()  # as before each bare read (`timed`)
        profiler = None
        if args.profile and args.profile == profile:
            import cProfile
            profiler = cProfile.Profile()
            profiler.enable()
        t0 = time.perf_counter()
        res = service.execute(path, "stats", confirm_warnings=True)
        elapsed = time.perf_counter() - t0
        if profiler:
            import pstats
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        if not res.ok:
            for issue in res.issues[:20]:
                print(issue)
            raise SystemExit(f"bench: the import of {path.name} was refused")
        return elapsed, res

    def forget(*batches):
        """Untimed: delete these batches (their revision records go with them)."""
        DataBatch.objects.filter(pk__in=[b.pk for b in batches]).delete()

    reads.extend(timed(args.repeat, lambda: calamine_read(first)))

    # 1. first import of the period; undone (rows and batch deleted) but the last time
    t_new = []
    for i in range(args.repeat):
        elapsed, result = import_once(first, "first" if i == args.repeat - 1 else None)
        t_new.append(elapsed)
        assert MonthlyStat.objects.count() == 2 * n and result.status == service.IMPORTED
        if i < args.repeat - 1:
            MonthlyStat.objects.filter(batch=result.batch).delete()
            forget(result.batch)

    # 2. the same file again: nothing changes (a batch record only, deleted)
    t_same = []
    for _ in range(args.repeat):
        elapsed, res = import_once(first, "same" if not t_same else None)
        assert res.status == service.UNCHANGED, res.status
        t_same.append(elapsed)
        forget(res.batch)

    # 3a. a usual correction: one firm in twenty corrected; undone (the first file imported again)
    t_few = []
    for _ in range(args.repeat):
        elapsed, res = import_once(few, "few" if not t_few else None)
        t_few.append(elapsed)
        few_changed = res.counts["月度统计"]["changed"]
        forget(res.batch, service.execute(first, "stats", confirm_warnings=True).batch)

    # 3. a corrected file (every value changed): updates and a revision record per changed record;
    #    undone (the first file imported again) but the last time
    t_fix = []
    for i in range(args.repeat):
        last = i == args.repeat - 1
        elapsed, result2 = import_once(fixed, "corrected" if last else None)
        t_fix.append(elapsed)
        if not last:
            forget(result2.batch, service.execute(first, "stats", confirm_warnings=True).batch)
    revisions = Revision.objects.filter(batch=result2.batch).count()
    assert DataBatch.objects.count() == 3

    # 4. the database alone: the rows the imports wrote (now all of the corrected file's batch),
    #    prepared in advance, written again
    db_first = database_alone_insert(connection, MonthlyStat, result2.batch.pk, args.repeat)
    db_fixed = database_alone_correct(connection, MonthlyStat, Revision, result2.batch.pk, args.repeat)
    assert MonthlyStat.objects.count() == 2 * n
    assert Revision.objects.filter(batch=result2.batch).count() == revisions

    read = statistics.median(reads)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"workbook: {n} enterprises, {size / 1024 / 1024:.1f} MB, 2 × 6 indicators; enterprises created in {t_ent:.2f} s")
    print(f"median of {args.repeat} runs each (best in brackets); ratio = median import / median bare read; "
          "target: whole import ≤ 3 × bare read")
    print(f"calamine read only : {read:.3f} s  (best {min(reads):.3f} s)")
    verdicts = []
    for label, times, what in (
            ("first import       ", t_new, f"new period: validate, write {n} rows, batch record"),
            ("same file again    ", t_same, "nothing changed: validate, compare, batch record"),
            ("corrected file     ", t_fix, f"{result2.counts['月度统计']['changed']} rows changed, "
                                           f"{revisions} revision records")):
        t = statistics.median(times)
        ok = t <= 3 * read
        verdicts.append(ok)
        print(f"{label}: {t:.3f} s  (best {min(times):.3f} s)  ratio {t / read:.2f}×  "
              f"{'OK' if ok else 'MISSED'}  ({what})")
    t = statistics.median(t_few)
    print(f"a usual correction : {t:.3f} s  (best {min(t_few):.3f} s)  ratio {t / read:.2f}×  "
          f"{'OK' if t <= 3 * read else 'MISSED'}  ({few_changed} rows changed, one firm in twenty; "
          "not in the verdict: the corrected file above is the worst case)")
    floors = {"first": statistics.median(db_first), "corrected": statistics.median(db_fixed)}
    print(f"database alone     : first {floors['first']:.3f} s ({floors['first'] / read:.2f}×), "
          f"corrected {floors['corrected']:.3f} s ({floors['corrected'] / read:.2f}×)  "
          "(the same rows, prepared in advance, written and committed: no reading, parsing or checks)")
    for label, times, key in (("first import", t_new, "first"), ("corrected file", t_fix, "corrected")):
        floor = 1 + floors[key] / read
        if statistics.median(times) > 3 * read and floor > 3:
            print(f"  {label}: the bare read plus the database alone already take {floor:.2f}× the read "
                  "(> 3×), before any parsing or validation")
    print(f"target ≤ 3× on {connection.vendor}: "
          + ("met by all three" if all(verdicts) else
             f"met by {sum(verdicts)} of 3 (missed: "
             + "、".join(name for name, ok in zip(("first import", "same file", "corrected file"), verdicts)
                        if not ok) + ")"))
    if args.keep:
        print(f"files kept in {workdir}")


if __name__ == "__main__":
    main()
