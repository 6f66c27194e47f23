"""Cockpit page speed at county scale on SQLite.

    .venv/bin/python bench/cockpit.py [--rounds 15]

Builds the demo county in a fresh SQLite file (unless YUANQU_VAR_DIR already holds one), then
times GET / for 2023-08 as the leader, in-process through Django's full request stack, and — in the
same run — the login page as a baseline (the cost of the stack and a template with no figures).
Prints median and p95, the ratio to the baseline, and whether the median is under the 300 ms target.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("YUANQU_VAR_DIR", tempfile.mkdtemp(prefix="yuanqu-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
os.environ.setdefault("YUANQU_HTTPS", "0")  # the in-process client speaks plain http
os.environ.pop("DATABASE_URL", None)  # this target is about the embedded SQLite setup

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

TARGET_MS = 300


def timed(client, url, rounds):
    client.get(url)  # warm: template compilation, first queries
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    setup_test_environment()
    from yuanqu.accounts.models import User

    anonymous, leader = Client(), Client()
    leader.force_login(User.objects.get(username="leader"))
    base_med, base_p95 = timed(anonymous, "/accounts/login/", args.rounds)
    med, p95 = timed(leader, "/?period=2023-08&scope=county", args.rounds)
    print(f"baseline  登录页            median {base_med:7.1f} ms   p95 {base_p95:7.1f} ms")
    print(f"cockpit   驾驶舱 2023-08 全县 median {med:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"ratio cockpit/baseline: {med / base_med:.1f}×")
    verdict = "OK" if med < TARGET_MS else "OVER"
    print(f"target: median < {TARGET_MS} ms at county scale on SQLite — {verdict} ({med:.0f} ms)")


if __name__ == "__main__":
    main()
