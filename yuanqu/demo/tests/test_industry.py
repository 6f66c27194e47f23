"""示例县 industry figures for 2023-08, by plain aggregation (docs/figures.md “Industry”)."""
from collections import defaultdict
from decimal import Decimal

import pytest

from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.core import industrycode
from yuanqu.core.models import DataBatch
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry

from .helpers import main_chain_firms, pct, rounded, roster, stats_of, total, yi

pytestmark = [pytest.mark.django_db, pytest.mark.demo]
CUMS = ("output", "revenue", "profit", "tax", "electricity")


def test_county_output_and_comparable_growth(demo_county):
    rows = stats_of(roster(demo_county))
    output, prev = total(rows, "output_cum"), total(rows, "output_prev_cum")
    assert output == Decimal("839800.00") and yi(output) == Decimal("83.98")
    assert prev == Decimal("717165.00")
    assert rounded((output / prev - 1) * 100, "0.1") == Decimal("17.1")


def test_every_firm_in_s_reports_2023_08(demo_county):
    firms = roster(demo_county)
    assert stats_of(firms).count() == firms.count() == 117


def test_parks_output_and_share(demo_county):
    county = total(stats_of(roster(demo_county)), "output_cum")
    parks = roster(demo_county).filter(park__isnull=False)
    output = total(stats_of(parks), "output_cum")
    assert parks.count() == 90
    assert RosterEntry.objects.filter(year=2023, enterprise__region=demo_county,
                                      enterprise__park__isnull=False).count() == 90
    assert output == Decimal("707400.00") and yi(output) == Decimal("70.74")
    assert pct(output, county) == Decimal("84.23")
    assert roster(demo_county).filter(park__isnull=True).exists()


def test_main_chains_output(demo_county):
    chains = Chain.objects.filter(region=demo_county)
    assert sorted(chains.filter(is_main=True).values_list("name", flat=True)) == ["健康食品", "新能源电池", "纺织鞋服"]
    assert chains.filter(is_main=False).exists()
    firms = main_chain_firms(demo_county)
    output = total(stats_of(Enterprise.objects.filter(pk__in=firms.values("pk"))), "output_cum")
    assert output == Decimal("428000.00") and rounded(output / 10000, "0.1") == Decimal("42.8")


def test_firms_belong_to_one_chain_and_some_to_two_segments(demo_county):
    chains_per_firm = defaultdict(set)
    segments_per_firm = defaultdict(int)
    for ent, chain in Enterprise.segments.through.objects.filter(enterprise__region=demo_county).values_list(
            "enterprise_id", "chainsegment__chain_id"):
        chains_per_firm[ent].add(chain)
        segments_per_firm[ent] += 1
    assert all(len(c) == 1 for c in chains_per_firm.values())
    assert any(n > 1 for n in segments_per_firm.values())


def test_a_segment_without_enterprise_exists(demo_county):
    gaps = ChainSegment.objects.filter(chain__region=demo_county, enterprises__isnull=True)
    assert gaps.filter(chain__is_main=True).exists()


def test_leavers_and_newcomers(demo_county):
    entries = RosterEntry.objects.filter(enterprise__region=demo_county)
    on_2022 = set(entries.filter(year=2022).values_list("enterprise", flat=True))
    on_2023 = set(entries.filter(year=2023).values_list("enterprise", flat=True))
    left = on_2022 - on_2023
    assert len(left) == 5
    assert MonthlyStat.objects.filter(enterprise__in=left, year=2023, month=8).count() == 5
    assert Enterprise.objects.filter(pk__in=left, park__isnull=False).exists()
    assert Enterprise.objects.filter(pk__in=left, segments__chain__is_main=True).exists()
    new = on_2023 - on_2022
    new_rows = MonthlyStat.objects.filter(enterprise__in=new, year=2023, month=8)
    assert new_rows.filter(output_prev_cum=0).exists()
    assert new_rows.filter(output_prev_cum__gt=0).exists()
    late = RosterEntry.objects.filter(year=2023, enterprise__region=demo_county, joined_month__gt=8)
    assert late.exists() and MonthlyStat.objects.filter(enterprise__in=late.values("enterprise"), year=2023,
                                                        month=8).exists()


def test_statistics_cover_24_months_with_the_demo_batch(demo_county):
    rows = MonthlyStat.objects.filter(enterprise__region=demo_county)
    periods = set(rows.values_list("year", "month").distinct())
    assert periods == {(y, m) for y in (2022, 2023) for m in range(1, 13)}
    assert not rows.filter(batch__isnull=True).exists()
    assert set(rows.values_list("batch__source", flat=True).distinct()) == {DataBatch.Source.DEMO}
    for field in [f"{c}_cum" for c in CUMS] + [f"{c}_prev_cum" for c in CUMS] + ["employees", "employees_prev"]:
        assert not rows.filter(**{f"{field}__isnull": True}).exists(), field


def _series(demo_county):
    data = defaultdict(dict)
    fields = [f"{c}_cum" for c in CUMS] + [f"{c}_prev_cum" for c in CUMS]
    for ent, year, month, *values in MonthlyStat.objects.filter(enterprise__region=demo_county).values_list(
            "enterprise", "year", "month", *fields):
        data[(ent, year)][month] = dict(zip(fields, values))
    return data


def test_cumulative_values_never_decrease_within_a_year(demo_county):
    for (ent, year), months in _series(demo_county).items():
        for field in months[1]:
            values = [months[m][field] for m in range(1, 13)]
            assert values == sorted(values), (ent, year, field)


def test_2023_previous_values_are_the_firms_own_2022_values(demo_county):
    data = _series(demo_county)
    checked = 0
    for (ent, year), months in data.items():
        if year != 2023 or (ent, 2022) not in data:
            continue
        for m in range(1, 13):
            for c in CUMS:
                assert months[m][f"{c}_prev_cum"] == data[(ent, 2022)][m][f"{c}_cum"], (ent, m, c)
        checked += 1
    assert checked >= 100
    assert all(months[12]["output_prev_cum"] > 0 for (ent, year), months in data.items() if year == 2022)


def test_enterprises_look_real(demo_county):
    firms = Enterprise.objects.filter(region=demo_county)
    assert firms.count() >= 150
    assert all(name.startswith("示例县") and name.endswith("公司") for name in firms.values_list("name", flat=True))
    assert firms.filter(is_treasure=True).exists() and firms.filter(zone__isnull=False).exists()
    for ent in firms:
        ent.full_clean(exclude=["commissioner"])


def test_every_firm_has_a_2017_code_with_the_lists_name(demo_county):
    firms = Enterprise.objects.filter(region=demo_county)
    pairs = set(firms.values_list("industry_code", "industry_name"))
    assert pairs and all(industrycode.lookup(code) == (code, name) for code, name in pairs)
    assert not firms.filter(industry_code__in=["C1810", "C3490"]).exists()
    assert {"C1819", "C3491", "C3499", "B1019"} <= {code for code, _ in pairs}
