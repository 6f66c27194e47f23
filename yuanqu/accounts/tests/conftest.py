"""Fixtures of the roles' tests: the world of world.py, with a report job of each briefing reader."""
import pytest
from django.urls import reverse

from . import world as W

REPORT = {"kind": "monthly", "period": "2023-08", "scope": "county"}


@pytest.fixture
def world(demo_county, settings, tmp_path, monkeypatch, client):
    from yuanqu.core.periods import Period
    from yuanqu.figures.engine import compute
    from yuanqu.figures.scope import Scope
    from yuanqu.reports import jobs

    settings.YUANQU_REGION = demo_county.code
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(jobs, "INLINE", True)
    w = W.build(demo_county)
    w.figure_keys = [f.key for f in compute(Scope.county(demo_county), Period(2023, 8)).figures()]
    w.jobs = {}
    for role in sorted(W.BRIEFINGS):
        client.force_login(w.users[role])
        response = client.post(reverse("reports:start_job"), REPORT | {"fmt": "txt"})
        assert response.status_code == 302, role
        w.jobs[role] = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.logout()
    return w


