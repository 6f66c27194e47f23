#!/usr/bin/env python
"""Benchmark of the monthly briefing (月调度 .docx) against computing its figures alone.

    .venv/bin/python bench/report.py [--db URL] [--period 2023-08] [--repeat 5]

Needs the demo county (`yuanqu demo`). Prints, as medians of --repeat runs after one warm-up run:
1. baseline: every figure of the county for the period (a fresh engine computation);
2. the monthly .docx: figures + wording + three charts + Word layout (a fresh computation too);
and the ratio 2 ÷ 1. Target: the .docx under 2 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_S = 2.0


def setup(db_url: str | None):
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    os.environ.setdefault("YUANQU_DEBUG", "0")
    import django

    django.setup()


def timed(func, repeat: int) -> tuple[float, object]:
    result = func()  # warm-up (imports, font cache)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--period", default="2023-08")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup(args.db)

    from yuanqu.core.periods import Period
    from yuanqu.figures.engine import compute
    from yuanqu.figures.scope import Scope, ScopeError
    from yuanqu.reports import word
    from yuanqu.reports.build import monthly

    period = Period.parse(args.period)
    try:
        scope = Scope.parse("county")
    except ScopeError as exc:
        sys.exit(f"{exc}")

    baseline, figures = timed(lambda: compute(scope, period).figures(), args.repeat)
    docx_time, data = timed(lambda: word.render(monthly(scope, period)), args.repeat)
    print(f"示例县 {period.full_label}：{len(figures)}项指标")
    print(f"baseline  figures alone          {baseline * 1000:8.1f} ms")
    print(f"monthly   .docx ({len(data) / 1024:.0f} KB)          {docx_time * 1000:8.1f} ms   "
          f"target < {TARGET_S:.0f} s: {'ok' if docx_time < TARGET_S else 'MISSED'}")
    print(f"ratio     docx / figures         {docx_time / baseline:8.2f}")


if __name__ == "__main__":
    main()
