"""`yuanqu workdays DATE N` and `yuanqu workdays --year YYYY`."""
import datetime as dt
import io

import chinese_calendar
import pytest
from django.core.management import CommandError, call_command

from yuanqu.workdays.calendar import package_version

from .helpers import publish_2031

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_the_date_n_working_days_after():
    assert run("2023-09-28", "5") == "2023-10-11\n"
    assert run("2023-10-06", "1") == "2023-10-07\n"
    assert run("2023-09-28", "0") == "2023-09-28\n"


def test_a_known_year_is_listed():
    out = run("--year", "2023")
    assert out.splitlines()[0] == f"2023年节假日安排：已知（来源：chinese-calendar {package_version()}）"
    assert "  中秋节、国庆节  09-29 至 10-06  共8天  [包]" in out
    assert "  清明节  04-05  共1天  [包]" in out
    assert "  10-07（周六）  国庆节  [包]" in out
    workdays = sum(chinese_calendar.is_workday(dt.date(2023, 1, 1) + dt.timedelta(days=i)) for i in range(365))
    assert f"全年工作日：{workdays}天" in out


def test_a_year_from_the_table_is_listed():
    publish_2031()
    out = run("--year", "2031")
    assert "（来源：节假日安排（国务院办公厅关于2031年部分节假日安排的通知））" in out
    assert "  国庆节  10-01 至 10-07  共7天  [表]" in out
    assert "  10-11（周六）  国庆节  [表]" in out
    assert run("2031-09-30", "4") == "2031-10-11\n"


@pytest.mark.parametrize("args", [("--year", "2031"), ("2031-01-05", "3")])
def test_an_unknown_year_is_refused(args):
    with pytest.raises(CommandError, match="2031年的节假日安排尚未公布（国务院办公厅通知），无法计算工作日"):
        run(*args)


@pytest.mark.parametrize("args, message", [
    (("2023-13-01", "5"), "日期“2023-13-01”无法识别，应写作 YYYY-MM-DD"),
    (("2023-09-28", "-2"), "工作日数“-2”应为不小于0的整数"),
    (("2023-09-28",), "用法：yuanqu workdays DATE N"),
    (("--year", "27"), "年度“27”应为四位年份"),
    (("2023-09-28", "5", "--year", "2023"), "只能选其一"),
])
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
