"""The engine's public surface: scopes, the lazy figure set, row references, and the CLI."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yuanqu.chains.factories import ChainFactory
from yuanqu.figures.base import RowRef
from yuanqu.figures.engine import UnknownFigure, known_keys
from yuanqu.figures.scope import ScopeError

from .helpers import D, Period, Scope, compute, fig, firm, stat


@pytest.fixture
def data(region, parks):
    a = firm(region, parks[0], name="甲公司")
    stat(a, 8, output_cum=839800, output_prev_cum=717300)
    stat(a, 7, output_cum=700000, output_prev_cum=600000)
    return a


def test_scope_parse_and_labels(region, parks):
    chain = ChainFactory(region=region, code="tex", name="纺织鞋服")
    assert Scope.parse("county") == Scope.county(region) and Scope.parse("county").label == "测试县"
    assert Scope.parse("parks").label == "全部园区"
    park = Scope.parse("park:PA")
    assert park.kind == "park" and park.park == parks[0] and park.label == "甲园区" and park.text == "park:PA"
    assert Scope.parse("chain:tex").chain == chain and Scope.parse("chain:tex").label == "纺织鞋服"
    assert Scope.park(parks[1]).region == region  # the constructor and the field coexist
    for bad in ("park:NOPE", "chain:", "town", "county:x"):
        with pytest.raises(ScopeError):
            Scope.parse(bad)


def test_every_declared_key_is_yielded(region, data):
    figs = compute(Scope.county(region), Period(2023, 8))
    declared = [k for k in known_keys("county") if not k.endswith("*")]
    assert [k for k in figs if not k.startswith("targets.")] == declared
    for key in ("industry.output_ytd", "industry.output_growth", "park.output_share", "chains.main_output_ytd",
                "projects.start_rate.by_amount", "projects.key_city.progress_deviation", "rankings.snail",
                "land.idle", "mujun.classes", "service.on_time_rate", "policies.reach_rate", "finance.loans",
                "labour.supplied", "enterprises.billion_new_count", "chains.hundred_billion_count"):
        assert key in figs


def test_groups_run_lazily_and_only_once(region, data):
    with CaptureQueriesContext(connection) as queries:
        figs = compute(Scope.county(region), Period(2023, 8), keys=["labour.supplied"])
        assert figs["labour.supplied"].value == 0
    assert len(queries) <= 3  # the factor group alone
    figs = compute(Scope.county(region), Period(2023, 8))
    with CaptureQueriesContext(connection) as queries:
        figs["industry.output_ytd"], figs["industry.output_growth"], figs["industry.above_scale_count"]
    assert len(queries) == 1


def test_whole_county_set_uses_few_queries(region, data):
    with CaptureQueriesContext(connection) as queries:
        compute(Scope.county(region), Period(2023, 8)).figures()
    assert len(queries) <= 50


def test_unknown_key(region, data):
    with pytest.raises(UnknownFigure):
        fig("industry.nothing", Scope.county(region))
    with pytest.raises(KeyError):
        fig("chain.output_ytd", Scope.county(region))  # a chain figure needs a chain scope


def test_rows_trace_the_figure(region, data):
    f = fig("industry.output_ytd", Scope.county(region))
    assert f.rows[0].model_label == "enterprises.MonthlyStat"
    assert f.rows[0].ids == [data.monthly_stats.get(month=8).pk]
    assert f.to_json()["rows"] == [{"model": "enterprises.MonthlyStat", "ids": f.rows[0].ids}]
    assert RowRef("x.Y", [3, 1]).ids == [3, 1]


def run(*args) -> str:
    out = StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


def test_cli_table_json_and_explain(region, data):
    table = run("--period", "2023-08")
    assert "测试县  2023年1-8月" in table and "83.98亿元" in table and "增长17.1%" in table
    items = json.loads(run("--period", "2023-08", "--json", "--keys", "industry."))
    first = items[0]
    assert first["key"] == "industry.output_ytd" and first["value"] == "839800.00" and first["unit"] == "万元"
    assert set(first) >= {"key", "label", "value", "unit", "numerator", "denominator", "formula", "rows"}
    explain = run("--period", "2023-08", "--explain", "industry.output_growth")
    assert "分子：839800.00" in explain and "分母：717300.00" in explain and "甲公司 2023年1-8月" in explain
    park = run("--period", "2023-08", "--scope", "park:PA", "--keys", "park.")
    assert "甲园区" in park and "100.00%" in park
    with pytest.raises(CommandError, match="未找到园区代码"):
        run("--period", "2023-08", "--scope", "park:ZZ")
    with pytest.raises(CommandError, match="期别格式"):
        run("--period", "August")
    with pytest.raises(CommandError, match="未知指标"):
        run("--period", "2023-08", "--explain", "nothing.here")


def test_province_region_covers_its_counties(db):
    from yuanqu.org.factories import ParkFactory, RegionFactory

    province = RegionFactory(code="510000", name="测试省", level="province")
    city = RegionFactory(code="510100", name="测试市", level="city", parent=province)
    for code in ("510101", "510102"):
        county = RegionFactory(code=code, level="county", parent=city)
        stat(firm(county, ParkFactory(region=county)), 8, output_cum=100, output_prev_cum=50)
    assert fig("industry.output_ytd", Scope.county(province)).value == D(200)
    assert fig("park.above_scale_count", Scope.county(city)).value == 2
