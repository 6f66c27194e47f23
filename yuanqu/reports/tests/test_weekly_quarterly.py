"""周监测 and 季盘点 render, with their own content."""
import io

import pytest
from docx import Document

from yuanqu.reports import word, xlsx
from yuanqu.reports.periods import Quarter, Week

pytestmark = pytest.mark.django_db


def test_week_parsing_and_period():
    week = Week.parse("2023-W35")
    assert (str(week.start), str(week.end), str(week.period), week.month_end_in_week) == (
        "2023-08-28", "2023-09-03", "2023-08", True)
    assert str(Week.parse("2023-W33").period) == "2023-07"
    with pytest.raises(ValueError, match="YYYY-Www"):
        Week.parse("2023-35")
    assert Quarter.parse("2023Q3").label == "2023年第三季度" and str(Quarter.parse("2023q3").period) == "2023-09"


def test_weekly_lists_the_week_changes(built, django_db_blocker):
    report = built("weekly", week=Week.parse("2023-W33"))
    text = report.text()
    assert report.title == "示例县园区工作周监测（2023年第33周）"
    assert "川渝运动鞋服产业园8月19日签约" in text
    assert report.tables["stage_changes"].rows[-1][3] == "签约"
    with django_db_blocker.unblock():
        document = Document(io.BytesIO(word.render(report)))
    assert len(document.tables) >= 2


def test_weekly_light_changes_at_month_end(built):
    text = built("weekly", week=Week.parse("2023-W35")).text()
    assert "1-8月重点项目进度灯号有变化的项目1个" in text and "本周无项目阶段变化" in text


def test_quarterly_rankings(built, django_db_blocker):
    report = built("quarterly", quarter=Quarter.parse("2023Q2"))
    text = report.text()
    assert "二、项目红黑榜" in text
    assert "众诚制衣生产线、卓越鞋材、宏源包装材料" in text and "列入“红榜”" in text
    assert "“骏马项目”" in text and "“蜗牛项目”" in text
    assert "2022年亩均效益评价覆盖企业123户，其中A类30户" in text
    assert "第1位示例县工业园区" in text
    with django_db_blocker.unblock():
        Document(io.BytesIO(word.render(report)))
        assert xlsx.render(report).startswith(b"PK")


def test_quarterly_q3_renders(built):
    text = built("quarterly", quarter=Quarter.parse("2023Q3")).text()
    assert "2023年第三季度盘点情况" in text and "2023年第四季度工作重点" in text
