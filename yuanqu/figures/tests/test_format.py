"""Number wording (DOMAIN §3): half-up rounding at display only, 亿元, growth, points."""
import datetime as dt
from decimal import Decimal

import pytest

from yuanqu.figures import format as fmt
from yuanqu.figures.base import Figure, growth, ratio


@pytest.mark.parametrize("wan,text", [
    (Decimal("839800"), "83.98亿元"),
    (Decimal("707400.49"), "70.74亿元"),
    (Decimal("707450"), "70.75亿元"),  # half-up, not banker's
    (Decimal("816000"), "81.60亿元"),
    (Decimal("10000"), "1.00亿元"),
])
def test_yi_two_decimals_half_up(wan, text):
    assert fmt.yi(wan) == text


def test_money_switches_to_wan_below_one_yi():
    assert fmt.money(Decimal("5000")) == "5000万元"
    assert fmt.money(Decimal("1315.5")) == "1315.5万元"
    assert fmt.money(Decimal("878800")) == "87.88亿元"
    assert fmt.money(None) == "—"


@pytest.mark.parametrize("value,text", [
    (Decimal("17.06"), "增长17.1%"),
    (Decimal("17.05"), "增长17.1%"),  # 17.05 → 17.1 half-up
    (Decimal("-3.24"), "下降3.2%"),
    (Decimal("-3.25"), "下降3.3%"),
    (Decimal("0.04"), "持平"),
    (Decimal("150"), "增长1.5倍"),  # ratio 2.5
    (Decimal("100"), "增长1倍"),
    (None, "—"),
])
def test_growth_phrase(value, text):
    assert fmt.growth_phrase(value) == text


def test_points_phrase():
    assert fmt.points_phrase(Decimal("28.8333")) == "高于时间进度28.83个百分点"
    assert fmt.points_phrase(Decimal("-3.5")) == "低于时间进度3.50个百分点"
    assert fmt.points_phrase(Decimal("0.001")) == "与时间进度持平"
    assert fmt.points_change(Decimal("2.05")) == "加快2.1个百分点"
    assert fmt.points_change(Decimal("-0.44"), up="扩大", down="收窄") == "收窄0.4个百分点"


def test_shares_and_areas():
    assert fmt.pct(Decimal("84.2331"), 2) == "84.23%"
    assert fmt.pct(Decimal("97.99"), 1) == "98.0%"
    assert fmt.area(Decimal("120.00")) == "120亩"
    assert fmt.area(Decimal("46000"), "平方米") == "4.6万平方米"
    assert fmt.area(Decimal("9999"), "平方米") == "9999平方米"
    assert fmt.fixed(Decimal("-0.001"), 2) == "0.00"


def test_figure_display_by_style_and_none():
    assert Figure("k", "规上工业总产值", Decimal("839800"), "万元").display() == "83.98亿元"
    assert Figure("k", "增速", Decimal("17.06"), "%", style="growth").display() == "增长17.1%"
    assert Figure("k", "占比", Decimal("84.2331"), "%", places=2).display() == "84.23%"
    assert Figure("k", "偏差", Decimal("8.84"), "百分点").display() == "高于时间进度8.84个百分点"
    assert Figure("k", "户数", 90, "户").display() == "90户"
    assert Figure("k", "无", None, "%").display() == "—"


def test_rates_need_a_positive_base():
    assert ratio(1, 0) is None and ratio(1, -5) is None and ratio(None, 5) is None
    assert growth(Decimal("10"), Decimal("0")) is None
    assert growth(Decimal("10"), Decimal("-4")) is None
    assert growth(Decimal("120"), Decimal("100")) == Decimal("20")


def test_to_json_gives_exact_strings():
    f = Figure("industry.output_growth", "增速", Decimal("17.0833333"), "%", numerator=Decimal("839800.00"),
               denominator=Decimal("717300.00"), style="growth")
    data = f.to_json()
    assert data["value"] == "17.0833333" and data["numerator"] == "839800.00"
    assert {"key", "label", "value", "unit", "numerator", "denominator", "formula", "rows"} <= set(data)


def test_whole_numbers_lose_their_decimals_only_when_asked():
    assert fmt.money(Decimal("4000000"), whole=True) == "400亿元" and fmt.money(Decimal("4000000")) == "400.00亿元"
    assert fmt.money(Decimal("816000"), whole=True) == "81.60亿元"  # 81.6 is not whole: two decimals stay
    assert fmt.pct(Decimal("95"), 1, whole=True) == "95%" and fmt.pct(Decimal("97.98"), 1, whole=True) == "98.0%"
    assert fmt.growth_phrase(Decimal("10"), whole=True) == "增长10%" and fmt.growth_phrase(Decimal("10")) == "增长10.0%"
    assert fmt.growth_phrase(Decimal("-3"), whole=True) == "下降3%"
    assert fmt.display(Decimal("10"), "%", "growth", whole=True) == "增长10%"


def test_chinese_dates():
    assert fmt.cn_date(dt.date(2023, 5, 31)) == "2023年5月31日"
    assert fmt.cn_date(dt.date(2023, 5, 31), 2023) == "5月31日"
    assert fmt.cn_date(dt.date(2022, 3, 1), 2023) == "2022年3月1日"


def test_one_unit_per_list():
    assert fmt.area_list([Decimal("25400"), Decimal("12600"), Decimal("8000")], "平方米") == [
        "2.54万平方米", "1.26万平方米", "0.8万平方米"]
    assert fmt.area_list([Decimal("8000"), Decimal("500")], "平方米") == ["8000平方米", "500平方米"]
    assert fmt.money_list([Decimal("229000"), Decimal("5000")]) == ["22.90亿元", "0.50亿元"]
    assert fmt.money_list([Decimal("5000"), Decimal("1575")]) == ["5000万元", "1575万元"]
