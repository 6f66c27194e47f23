"""Reports tests: the demo county's reports are built once per module (they only read)."""
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_NAME = "briefing-2023-08-sample.txt"


def sample_path() -> Path:
    """The sample briefing: shared/reference beside the repository when present, else the copy here."""
    shared = Path(settings.BASE_DIR).parent / "shared" / "reference" / SAMPLE_NAME
    return shared if shared.exists() else DATA / SAMPLE_NAME


@pytest.fixture(scope="module")
def built(demo_county, django_db_blocker):
    """build(kind, **when) → Report for the demo county, cached per module."""
    from yuanqu.figures.scope import Scope
    from yuanqu.reports.build import build

    cache = {}

    def get(kind, scope="county", **when):
        key = (kind, scope, tuple(sorted((k, str(v)) for k, v in when.items())))
        if key not in cache:
            with django_db_blocker.unblock():
                target = Scope.county(demo_county) if scope == "county" else Scope.parse(scope)
                cache[key] = build(kind, target, **when)
        return cache[key]

    return get


@pytest.fixture(scope="module")
def monthly_report(built):
    from yuanqu.core.periods import Period

    return built("monthly", period=Period(2023, 8))


@pytest.fixture(scope="module")
def monthly_docx(monthly_report, django_db_blocker):
    from yuanqu.reports import word

    with django_db_blocker.unblock():
        return word.render(monthly_report)
