"""`yuanqu demo --scale province`, built small: the same pieces, every table filled, idempotent."""
import pytest

from yuanqu.core.creditcode import is_valid
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry
from yuanqu.org.models import Park, Region
from yuanqu.demo import province
from yuanqu.demo.province import ProvinceSpec, ensure_province
from yuanqu.demo.scope import fingerprint

pytestmark = pytest.mark.django_db
SMALL = ProvinceSpec(cities=2, counties_per_city=2, parks_per_county=3, firms_per_county=40,
                     projects_per_county=30, parcels_per_park=4, tickets_per_county=12, loans_per_county=9)


@pytest.fixture
def small_province(db):
    built, text = ensure_province(spec=SMALL)
    assert built and "演示省" in text
    return province.counties()


def test_every_table_is_filled(small_province):
    prints = fingerprint(small_province, province.BATCH_KIND)
    empty = [label for label, (count, _) in prints.items()
             if count == 0 and label not in ("task_project", "task", "action", "target", "published", "policy", "designation",
                                             "push", "claim", "revitalization", "visit", "assignment", "lead",
                                             "labour_supply", "labour_demand", "user")]
    assert not empty
    assert len(small_province) == 4 and Park.objects.filter(region__in=small_province).count() == 12


def test_statistics_span_36_months_and_are_cumulative(small_province):
    rows = MonthlyStat.objects.filter(enterprise__region__in=small_province)
    assert not rows.filter(batch__isnull=True).exists() and not rows.filter(updated_at__isnull=True).exists()
    assert set(rows.values_list("year", "month").distinct()) == {(y, m) for y in (2021, 2022, 2023)
                                                                 for m in range(1, 13)}
    by_firm = {}
    for ent, year, month, value, prev in rows.order_by("enterprise", "year", "month").values_list(
            "enterprise", "year", "month", "output_cum", "output_prev_cum"):
        by_firm.setdefault((ent, year), []).append(value)
        if year > 2021 and (ent, year - 1) in by_firm:
            assert prev == by_firm[(ent, year - 1)][month - 1]
    assert all(v == sorted(v) for v in by_firm.values())
    assert RosterEntry.objects.filter(enterprise__region__in=small_province, year=2023).exists()


def test_codes_are_valid_and_second_run_changes_nothing(small_province):
    codes = Enterprise.objects.filter(region__in=small_province).values_list("credit_code", flat=True)
    assert all(is_valid(c) for c in codes)
    before = fingerprint(small_province, province.BATCH_KIND)
    built, _ = ensure_province(spec=SMALL)
    assert not built and fingerprint(province.counties(), province.BATCH_KIND) == before


def test_reset_removes_it_and_rebuilds_the_same(small_province):
    before = fingerprint(small_province, province.BATCH_KIND)
    province.reset_province()
    assert not Region.objects.filter(code__startswith="98").exists()
    ensure_province(spec=SMALL)
    assert fingerprint(province.counties(), province.BATCH_KIND) == before


def test_the_full_scale_meets_the_brief():
    full = ProvinceSpec()
    counties = full.cities * full.counties_per_city
    assert counties * full.parks_per_county >= 150
    assert counties * full.firms_per_county >= 20000
    assert counties * full.projects_per_county >= 5000
