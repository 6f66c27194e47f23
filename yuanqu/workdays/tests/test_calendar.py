"""The working-day calendar: the package's arrangements, the table over them, unknown years refused."""
import datetime as dt

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yuanqu.workdays import calendar
from yuanqu.workdays.calendar import UnknownYear, add_workdays, is_workday, known_years, workdays_between
from yuanqu.workdays.factories import HolidayArrangementFactory, HolidayYearFactory
from yuanqu.workdays.models import HolidayArrangement, HolidayYear

from .helpers import MAKE_UP, NATIONAL_DAY, UNKNOWN_YEAR, publish_2031

pytestmark = pytest.mark.django_db

D = dt.date
REST, WORK = HolidayArrangement.Kind.REST, HolidayArrangement.Kind.WORK
MESSAGE_2031 = "2031年的节假日安排尚未公布（国务院办公厅通知），无法计算工作日；请管理员在“节假日安排”中补充"


def days(start, end):
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def test_national_day_and_mid_autumn_2023():
    assert is_workday(D(2023, 9, 28))
    assert not any(is_workday(d) for d in days(D(2023, 9, 29), D(2023, 10, 6)))
    assert is_workday(D(2023, 10, 7)) and is_workday(D(2023, 10, 8))  # Saturday and Sunday worked
    assert D(2023, 10, 7).weekday() == 5 and D(2023, 10, 8).weekday() == 6


def test_the_start_day_is_not_counted():
    assert add_workdays(D(2023, 9, 28), 5) == D(2023, 10, 11)
    assert add_workdays(D(2023, 9, 28), 1) == D(2023, 10, 7)
    assert add_workdays(D(2023, 9, 28), 0) == D(2023, 9, 28)
    assert workdays_between(D(2023, 9, 28), D(2023, 10, 11)) == 5


def test_a_make_up_saturday_counts():
    assert add_workdays(D(2023, 10, 6), 1) == D(2023, 10, 7)
    assert workdays_between(D(2023, 10, 6), D(2023, 10, 8)) == 2
    assert workdays_between(D(2023, 10, 13), D(2023, 10, 15)) == 0  # an ordinary weekend


def test_counting_backwards_and_bad_arguments():
    assert workdays_between(D(2023, 10, 11), D(2023, 9, 28)) == -5
    assert workdays_between(D(2023, 10, 11), D(2023, 10, 11)) == 0
    with pytest.raises(ValueError, match="不小于0"):
        add_workdays(D(2023, 9, 28), -1)
    with pytest.raises(TypeError, match="timezone.localdate"):
        is_workday(dt.datetime(2023, 9, 28, 9, 0))


def test_the_table_overrides_the_package():
    year = HolidayYearFactory(year=2023, notice="示例：2023年补充安排")
    HolidayArrangementFactory(year=year, date=D(2023, 10, 9), kind=REST, name="县级补休")  # a Monday off
    HolidayArrangementFactory(year=year, date=D(2023, 10, 8), kind=REST, name="国庆节")  # a make-up day undone
    HolidayArrangementFactory(year=year, date=D(2023, 10, 6), kind=WORK, name="国庆节")  # a day off worked
    assert not is_workday(D(2023, 10, 9)) and not is_workday(D(2023, 10, 8)) and is_workday(D(2023, 10, 6))
    assert add_workdays(D(2023, 9, 28), 5) == D(2023, 10, 12)  # 6th, 7th, 10th, 11th, 12th
    assert is_workday(D(2023, 10, 10))  # untouched days still follow the package


def test_an_unknown_year_is_refused_plainly():
    assert UNKNOWN_YEAR not in known_years()
    with pytest.raises(UnknownYear) as refused:
        is_workday(D(2031, 3, 3))  # a Monday: never guessed from the weekday
    assert str(refused.value) == MESSAGE_2031
    assert refused.value.year == 2031
    with pytest.raises(UnknownYear, match="2031年"):
        workdays_between(D(2031, 1, 1), D(2031, 1, 10))


def test_a_count_running_into_an_unknown_year_is_refused():
    last = max(chinese_calendar.holidays).year
    with pytest.raises(UnknownYear, match=f"{last + 1}年的节假日安排尚未公布"):
        add_workdays(D(last, 12, 20), 15)


def test_the_table_makes_a_year_known():
    publish_2031()
    assert UNKNOWN_YEAR in known_years()
    assert not any(is_workday(d) for d in NATIONAL_DAY)
    assert all(is_workday(d) for d in MAKE_UP)
    assert is_workday(D(2031, 3, 3)) and not is_workday(D(2031, 3, 1))  # not mentioned: weekday rule
    # From Tuesday 30 Sep: 8, 9, 10 Oct (Wed–Fri), then the make-up Saturday 11 Oct.
    assert add_workdays(D(2031, 9, 30), 4) == D(2031, 10, 11)


def test_a_change_to_the_table_is_seen_at_once():
    with pytest.raises(UnknownYear):
        is_workday(D(2031, 10, 1))
    year = publish_2031()
    assert not is_workday(D(2031, 10, 1))
    HolidayArrangement.objects.get(date=D(2031, 10, 1)).delete()
    assert is_workday(D(2031, 10, 1))  # a Wednesday again
    year.delete()
    with pytest.raises(UnknownYear):
        is_workday(D(2031, 10, 1))


def test_a_day_far_from_its_notice_year_is_refused():
    year = HolidayYear.objects.create(year=2031)
    with pytest.raises(ValidationError, match="不在2031年安排的范围内"):
        HolidayArrangement(year=year, date=D(2033, 1, 1), kind=REST, name="元旦").full_clean()
    HolidayArrangement(year=year, date=D(2030, 12, 31), kind=REST, name="元旦").full_clean()


def test_year_calendar_groups_days_off():
    known = calendar.year_calendar(2023)
    golden = next(b for b in known.breaks if b.start == D(2023, 9, 29))
    assert (golden.end, golden.days, golden.names) == (D(2023, 10, 6), 8, ("中秋节", "国庆节"))
    assert [d.date for d in known.make_up_days if d.name == "国庆节"] == [D(2023, 10, 7), D(2023, 10, 8)]
    assert known.workdays == sum(chinese_calendar.is_workday(d) for d in days(D(2023, 1, 1), D(2023, 12, 31)))
    assert known.package and known.notice is None


# --- properties ---------------------------------------------------------------------------------

FIRST, LAST = D(2004, 1, 1), D(max(chinese_calendar.holidays).year, 9, 30)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(start=st.dates(FIRST, LAST), n=st.integers(0, 60))
def test_add_workdays_lands_on_a_workday_n_workdays_on(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)
    assert end >= start


@PROPERTY
@given(day=st.dates(FIRST, LAST))
def test_without_table_rows_the_calendar_is_the_packages(day):
    assert is_workday(day) == chinese_calendar.is_workday(day)
    assert workdays_between(day - dt.timedelta(days=1), day) == int(is_workday(day))
