"""Periods (DOMAIN §1) and time progress (DOMAIN §4)."""
import datetime as dt
from decimal import Decimal

import pytest

from yuanqu.core.periods import Period


@pytest.mark.parametrize("text", ["2023-08", "2023-8", "2023年8月", "2023年08月", " 2023/08 ", "2023.8"])
def test_parse(text):
    assert Period.parse(text) == Period(2023, 8)


def test_str_is_the_period_key():
    assert str(Period(2023, 8)) == "2023-08"
    assert Period.parse(str(Period(2023, 8))) == Period(2023, 8)


def test_labels_are_cumulative():
    assert Period(2023, 8).label == "1-8月"
    assert Period(2023, 8).full_label == "2023年1-8月"
    assert Period(2023, 12).label == "1-12月"


def test_february_is_the_combined_january_february_release():
    assert Period(2023, 2).label == "1-2月"
    assert Period.parse("2023年2月").full_label == "2023年1-2月"


def test_time_progress_is_n_over_12_as_an_exact_decimal():
    progress = Period(2023, 8).time_progress
    assert isinstance(progress, Decimal)
    assert progress == Decimal(8) / Decimal(12)
    assert progress.quantize(Decimal("0.0001")) == Decimal("0.6667")
    assert Period(2023, 6).time_progress == Decimal("0.5")
    assert Period(2023, 12).time_progress == Decimal(1)


def test_deviation_of_the_published_case():
    # DOMAIN §4: 1—10月 629.0 / 647.4 → 97.16% − 83.33% = 13.8 points, from unrounded values
    period = Period(2023, 10)
    deviation = Decimal("629.0") / Decimal("647.4") * 100 - period.time_progress * 100
    assert deviation.quantize(Decimal("0.1")) == Decimal("13.8")


def test_the_sample_provincial_group():
    # "1—8月省重点项目建设高于时间进度28.83个百分点": completion 66.67% + 28.83 = 95.50%
    assert (Period(2023, 8).time_progress * 100 + Decimal("28.83")).quantize(Decimal("0.01")) == Decimal("95.50")


def test_window():
    period = Period(2024, 2)
    assert period.start == dt.date(2024, 1, 1)
    assert period.end == dt.date(2024, 2, 29)
    assert Period(2023, 2).end == dt.date(2023, 2, 28)


def test_neighbours():
    assert Period(2023, 8).previous == Period(2023, 7)
    assert Period(2023, 1).previous is None
    assert Period(2023, 8).last_year == Period(2022, 8)
    assert [Period(2023, m).quarter for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert Period(2022, 12) < Period(2023, 1) < Period(2023, 2)


@pytest.mark.parametrize("month", [0, 13])
def test_invalid_month_is_refused_in_chinese(month):
    with pytest.raises(ValueError, match=f"月份应在1—12之间，实际为{month}"):
        Period(2023, month)
    with pytest.raises(ValueError, match="月份应在1—12之间"):
        Period.parse(f"2023-{month:02d}")


@pytest.mark.parametrize("text", ["2023", "八月", "2023-08-01", "", "23-08"])
def test_unparseable_text_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="期别格式应为 YYYY-MM"):
        Period.parse(text)


def test_implausible_year_is_refused_in_chinese():
    with pytest.raises(ValueError, match="年份应在1900—2200之间，实际为1800"):
        Period(1800, 8)
