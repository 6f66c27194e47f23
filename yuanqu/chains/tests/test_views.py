"""Chain pages on the demo county: output per chain from the engine, the segment map with gaps."""
import pytest
from django.urls import reverse

from yuanqu.chains.models import Chain
from yuanqu.core.periods import Period
from yuanqu.core.tests.pages import AUG, export, first_cells, login, staff  # noqa: F401 (fixture)
from yuanqu.figures.engine import figure
from yuanqu.figures.scope import Scope

pytestmark = pytest.mark.django_db

LIST = reverse("chains:list")



def test_list_shows_each_chains_output_from_the_engine(staff, demo_county):
    response = staff.get(LIST, AUG)
    page = response.content.decode()
    for chain in Chain.objects.filter(region=demo_county):
        fig = figure("chain.output_ytd", Scope.chain(chain), Period(2023, 8))
        assert chain.name in page and fig.display() in page
    assert "规上工业总产值（1-8月）" in page and "22.90亿元" in page


def test_filter_and_sort_by_output(staff, demo_county):
    assert staff.get(LIST, {"main": "1"}).context["paginator"].count == Chain.objects.filter(
        region=demo_county, is_main=True).count()
    names = first_cells(staff.get(LIST, {**AUG, "sort": "-output"}))
    outputs = {c.name: figure("chain.output_ytd", Scope.chain(c), Period(2023, 8)).value
               for c in Chain.objects.filter(region=demo_county)}
    assert names == sorted(outputs, key=outputs.get, reverse=True)


def test_export(staff, demo_county):
    headers, rows, count = export(staff, LIST, AUG)
    assert "产业链名称" in headers and "规上工业总产值（1-8月）（万元）" in headers
    assert len(rows) == count == Chain.objects.filter(region=demo_county).count()


def test_segment_map_shows_positions_firms_projects_leads_and_gaps(staff, demo_county):
    chain = Chain.objects.get(code="990999-battery")
    response = staff.get(reverse("chains:detail", args=[chain.pk]), AUG)
    page = response.content.decode()
    for text in ["上游", "中游", "下游", "正极材料", "电池回收利用", "补链方向", "招商线索", "企业", "项目"]:
        assert text in page, text
    gaps = [s.name for col in response.context["columns"] for s in col["segments"] if s.is_gap]
    assert sorted(gaps) == sorted(["正极材料", "电池回收利用"])
    assert chain.owner.short_name in page or chain.owner.name in page


def test_chain_without_gaps(staff, demo_county):
    chain = Chain.objects.get(code="990999-textile")
    response = staff.get(reverse("chains:detail", args=[chain.pk]), AUG)
    assert response.context["gap_count"] == 0 and "22.90亿元" in response.content.decode()


def test_anonymous_goes_to_login(client, demo_county):
    chain = Chain.objects.filter(region=demo_county).first()
    assert client.get(reverse("chains:detail", args=[chain.pk])).status_code == 302
