"""The demo county gives the sample briefing's figures for 1—8月 2023 (docs/figures.md), through the CLI."""
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from yuanqu.core.periods import Period
from yuanqu.figures.engine import figure
from yuanqu.figures.scope import Scope

pytestmark = [pytest.mark.demo, pytest.mark.django_db]


@pytest.fixture
def figures(demo_county):
    out = StringIO()
    call_command("figures", "--period", "2023-08", "--json", "--region", demo_county.code, stdout=out)
    return {item["key"]: item for item in json.loads(out.getvalue())}


@pytest.mark.parametrize("key,display", [
    ("industry.output_ytd", "83.98亿元"),
    ("industry.output_growth", "增长17.1%"),
    ("park.above_scale_count", "90户"),
    ("park.output_ytd", "70.74亿元"),
    ("park.output_share", "84.23%"),
    ("chains.main_output_ytd", "42.80亿元"),
    ("projects.signed.count", "20个"),
    ("projects.signed.investment", "114.88亿元"),
    ("projects.negotiating.count", "23个"),
    ("projects.negotiating.investment", "294.48亿元"),
    ("projects.started.count", "19个"),
    ("projects.started.investment", "81.60亿元"),
    ("projects.start_rate.by_count", "95.0%"),
    ("projects.start_rate.by_amount", "98.0%"),
    ("projects.production.count", "8个"),
    ("projects.production.investment", "14.90亿元"),
    ("projects.completed.count", "8个"),
    ("projects.key_province.progress_deviation", "高于时间进度28.83个百分点"),
    ("projects.key_city.progress_deviation", "高于时间进度8.84个百分点"),
    ("land.revitalized_mu", "120亩"),
    ("buildings.revitalized_m2", "4.6万平方米"),
    ("service.enterprises_connected", "30家"),
    ("service.tickets_closed", "81条"),
    ("service.ticket_categories", "6类"),
    ("policies.count", "82条"),
    ("finance.institutions", "8家"),
    ("finance.loans", "87.88亿元"),
])
def test_sample_figure(figures, key, display):
    assert figures[key]["display"] == display


def test_exact_values_behind_the_wording(figures):
    assert Decimal(figures["industry.output_ytd"]["value"]) == Decimal("839800")
    assert Decimal(figures["park.output_ytd"]["value"]) == Decimal("707400")
    share = figures["park.output_share"]
    assert Decimal(share["numerator"]) / Decimal(share["denominator"]) * 100 == Decimal(share["value"])
    assert (figures["projects.start_rate.by_count"]["numerator"],
            figures["projects.start_rate.by_count"]["denominator"]) == (19, 20)
    assert Decimal(figures["projects.start_rate.by_amount"]["denominator"]) == Decimal("832700")
    assert Decimal(figures["projects.key_province.completion"]["value"]).quantize(Decimal("0.01")) == Decimal("95.50")
    assert Decimal(figures["projects.key_city.completion"]["value"]).quantize(Decimal("0.01")) == Decimal("75.51")
    assert "6类" in figures["service.tickets_closed"]["note"]
    assert Decimal(figures["labour.supplied"]["value"]) >= 8000
    assert Decimal(figures["land.supplied_use_rate"]["value"]) >= 90
    assert not figures["industry.output_ytd"]["anomalies"]


@pytest.mark.parametrize("period", [Period(2023, 8), Period(2023, 12)])
def test_output_trend_equals_output_growth_every_month(demo_county, period):
    """The cockpit's trend (industry.output_trend, one query) gives, for every month 1..N and every
    scope, exactly the numerator and denominator of industry.output_growth at that month."""
    from yuanqu.chains.models import Chain
    from yuanqu.figures.engine import Session
    from yuanqu.org.models import Park

    scopes = ([Scope.county(demo_county), Scope.parks(demo_county)]
              + [Scope.park(p) for p in Park.objects.filter(region=demo_county)]
              + [Scope.chain(c) for c in Chain.objects.filter(region=demo_county)])
    for scope in scopes:
        with Session().active():
            trend = figure("industry.output_trend", scope, period)
        assert [d["month"] for d in trend.detail] == list(range(1, period.month + 1))
        for item in trend.detail:
            with Session().active():  # each month computed on its own, as a separate request would
                growth = figure("industry.output_growth", scope, Period(period.year, item["month"]))
            assert (item["numerator"], item["denominator"]) == (growth.numerator, growth.denominator), (
                scope, item["month"])
            assert item["growth"] == growth.value
    county = figure("industry.output_trend", Scope.county(demo_county), Period(2023, 8))
    assert county.detail[-1]["numerator"] == Decimal("839800")
