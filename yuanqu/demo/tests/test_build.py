"""`yuanqu demo`: idempotent, deterministic, and speaking Chinese."""
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from yuanqu.demo import alloc
from yuanqu.demo import targets as T
from yuanqu.demo.county import BATCH_KIND, build_county, ensure_county, reset_county
from yuanqu.demo.scope import fingerprint
from yuanqu.org.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def _fingerprint():
    return fingerprint(Region.objects.filter(code=T.COUNTY_CODE), BATCH_KIND)


def test_second_run_changes_nothing(demo_county):
    before = _fingerprint()
    assert before["monthly_stat"][0] > 2500 and before["enterprise"][0] > 150
    out = StringIO()
    call_command("demo", stdout=out)
    assert "未作改动" in out.getvalue()
    region, built = ensure_county()
    assert (region, built) == (demo_county, False)
    assert _fingerprint() == before


def test_rebuild_gives_the_same_data(demo_county):
    before = _fingerprint()
    reset_county()
    assert not Region.objects.filter(code__in=[T.COUNTY_CODE, T.CITY_CODE, T.PROVINCE_CODE]).exists()
    build_county()
    assert _fingerprint() == before


def test_incomplete_county_is_rebuilt(demo_county):
    before = _fingerprint()
    demo_county.enterprises.first().monthly_stats.all().delete()
    from yuanqu.core.models import DataBatch
    DataBatch.objects.filter(kind=BATCH_KIND).update(row_count=0)
    region, built = ensure_county()
    assert built and _fingerprint() == before


def test_a_county_of_an_older_edition_is_rebuilt(demo_county):
    before = _fingerprint()
    from yuanqu.core.models import DataBatch
    DataBatch.objects.filter(kind=BATCH_KIND).update(file_name="第1版")
    region, built = ensure_county()
    assert built and _fingerprint() == before


def test_command_prints_the_accounts_in_chinese(demo_county):
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    for username in ("leader", "park", "dept", "commissioner", "enterprise", "admin"):
        assert username in text
    assert "yuanqu2023" in text and "密码" in text and "县领导" in text


def test_split_is_exact_and_respects_the_floor():
    rng = random.Random(1)
    for n in (1, 3, 8, 50):
        parts = alloc.split_random(rng, 1_000_003, n, floor=1000)
        assert sum(parts) == 1_000_003 and min(parts) >= 1000
    assert alloc.split_money(Decimal("120.00"), [1, 1, 1]) == [Decimal("40.00")] * 3


def test_series_hits_its_month_and_never_decreases():
    rng = random.Random(2)
    for first in (1, 5):
        values = alloc.series(123_457, alloc.shape(rng, first), 8)
        assert values[7] == 123_457 and values == sorted(values)
        assert values[: first - 1] == [0] * (first - 1)


def test_series_through_ends_the_year_where_asked():
    rng = random.Random(3)
    values = alloc.series_through(50_000, 61_000, alloc.shape(rng, 3), 8)
    assert values[7] == 50_000 and values[11] == 61_000 and values == sorted(values)
    flat = alloc.series_through(50_000, 50_000, alloc.shape(rng, 1, 6), 8)
    assert flat[5:] == [50_000] * 7
