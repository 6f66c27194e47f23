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
    assert "众诚制衣生产线（" in text and "分）、卓越鞋材（" in text and "列入“红榜”" in text
    assert "“骏马项目”标准" in text and "“蜗牛项目”情形" in text
    assert "2022年亩均效益评价覆盖企业123户，其中A类30户" in text
    assert "第1位示例县工业园区" in text
    with django_db_blocker.unblock():
        Document(io.BytesIO(word.render(report)))
        assert xlsx.render(report).startswith(b"PK")


def test_quarterly_q3_renders(built):
    text = built("quarterly", quarter=Quarter.parse("2023Q3")).text()
    assert "2023年第三季度盘点情况" in text and "2023年第四季度工作重点" in text


def test_weekly_compares_the_week_with_the_last(built):
    report = built("weekly", week=Week.parse("2023-W33"))
    text = report.text()
    assert "与上周（8月7日至8月13日）对比" in text
    assert "本周新签约项目1个（上周1个）" in text and "主要指标与上周相同（1-7月统计数据未更新）" in text
    rows = {r[0]: r[1:] for r in report.tables["comparison"].rows}
    assert rows["新签约项目（个）"] == [1, 1]


def test_weekly_names_the_figures_that_moved(built):
    report = built("weekly", week=Week.parse("2023-W35"))  # August's statistics come in this week
    text = report.text()
    assert "1-8月统计数据本周更新，规上工业总产值（1-8月累计）由72.42亿元变为83.98亿元" in text
    rows = {r[0]: r[1:] for r in report.tables["comparison"].rows}
    assert rows["规上工业总产值（1-8月累计）"] == ["83.98亿元", "72.42亿元"]


def test_weekly_says_plainly_when_nothing_changed(built):
    text = built("weekly", week=Week.parse("2019-W20")).text()  # no data at all in 2019
    assert "本周无新签约、开工、竣工、投产项目，无新受理和办结的企业诉求；主要指标与上周相同" in text
    assert "本周与上周对比" not in text


def test_quarterly_shows_scores_without_empty_columns_and_notes_once(built, django_db_blocker):
    report = built("quarterly", quarter=Quarter.parse("2023Q3"))
    red = report.tables["red_list"]
    assert [c.header for c in red.columns] == ["位次", "项目名称", "得分", "季末累计完成投资（万元）", "季度累计计划投资（万元）"]
    assert red.display_rows()[0][:3] == ["1", "众诚制衣生产线项目", "136.0"]
    assert "说明" in [c.header for c in report.tables["steed"].columns]  # the steeds have a reason each
    text = report.text()
    assert "众诚制衣生产线（136.0分）" in text
    assert "按2023年第3季度盘点" not in text and text.count("得分 = 季末累计完成投资 ÷ 季度累计计划投资 × 100") == 1
    with django_db_blocker.unblock():
        document = Document(io.BytesIO(word.render(report)))
    notes = [p.text for p in document.paragraphs if p.text.startswith("注：")]
    assert len(notes) == len(set(notes))
    for table in document.tables:
        for c in range(len(table.columns)):
            assert any(table.cell(r, c).text.strip() for r in range(1, len(table.rows))), "empty column"


def test_quarterly_shows_the_designations_recorded(built):
    report = built("quarterly", quarter=Quarter.parse("2023Q1"))
    text = report.text()
    assert "三、上级评定情况" in text
    assert "共8个项目成为一季度全市“骏马项目”" in text
    assert "安吉纳智能制鞋1个项目达到“骏马项目”标准" in text  # the rule's result, told apart
    rows = report.tables["designations"].rows
    assert len(rows) == 10 and rows[0][4] == "示例市“园区提质”“企业满园”行动领导小组办公室"
