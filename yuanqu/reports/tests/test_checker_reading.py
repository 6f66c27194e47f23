"""材料数字核对, reading a draft without the database: periods, claims, their mood, tables."""
import io
from decimal import Decimal

import pytest

from yuanqu.reports.checker import Draft, agrees, find_claims, read_draft
from yuanqu.reports.checker.periods import draft_period, mentions
from yuanqu.reports.checker.reading import cell_phrase, table_lines


@pytest.mark.parametrize("text, month, year, quarter", [
    ("1-8月，全县实现", 8, None, None), ("1—8月", 8, None, None), ("2023年1-8月", 8, 2023, None),
    ("8月份工作情况", 8, None, None), ("上半年", 6, None, None), ("前三季度", 9, None, None),
    ("一季度全市“骏马项目”", 3, None, 1), ("二季度盘点中", None, None, 2), ("截至8月底", 8, None, None),
    ("2023年8月，全县", 8, 2023, None), ("1至7月", 7, None, None),
])
def test_period_mentions(text, month, year, quarter):
    m = mentions(text)[0]
    assert (m.month, m.year, m.quarter) == (month, year, quarter)


def test_dates_and_ranges_are_not_periods():
    assert mentions("2023年12月31日前完成，手续办理时间缩短2-3个月") == []


def test_the_drafts_own_period():
    own = draft_period("示例县2023年1-8月调度情况", ["一季度……", "1-8月……"], "")
    assert (own.month, own.year, own.year_written) == (8, 2023, True)
    # no title period: the most named 1—N月 wins over the quarter of a ranking; the year from a date
    own = draft_period("发言材料", ["1-8月，全县……一季度“骏马项目”", "今年1-8月……"], "时间:2023-11-01 15:22:14")
    assert (own.month, own.year, own.year_written) == (8, 2023, False)
    assert draft_period("发言材料", ["上半年，全县……"], "").month == 6
    assert draft_period("发言材料", ["全县……"], "").month is None


def test_claims_and_their_kinds():
    claims = find_claims("1-7月，产值下降3.2%，低于时间进度5.5个百分点，手续办理时间缩短2-3个月，“8+1”园区。")
    assert [(c.kind, c.number) for c in claims] == [("growth", Decimal("-3.2")), ("points", Decimal("-5.5"))]
    assert claims[0].mention.month == 7
    assert [c.text for c in find_claims("图3　项目推进情况（1-8月，个）")] == []
    points = find_claims("已供土地利用率91.3%，高于2025年目标1.3个百分点。")[1]
    assert (points.kind, points.number, "目标" in points.basis) == ("points", Decimal("1.3"), True)


@pytest.mark.parametrize("text, mood", [
    ("力争三季度全社会固定资产投资增长10%。", "plan"),
    ("预计到20xx年，园区总产值将达到400亿元，园区内规上工业企业将达到130户。", "plan"),
    ("诉求按期办结率达90%（2023年12月31日前）。", "plan"),
    ("推动2户企业进入上市辅导，2023年12月31日前完成。", "plan"),
    ("围绕“全年签约项目30个以上”的目标，赴成都招商。", "plan"),
    ("2025年产值目标100亿元。", "plan"),
    ("今年1-8月，主特产业已实现集群总产值42.8亿元。", "actual"),
    ("力争全年签约项目30个，目前已签约20个。", "actual"),  # the last claim: 目前 ends the plan
    ("开工率达98.0%（按投资额计；按个数计95.0%，以年度计划开工项目为基数），总投资14.90亿元的8个项目建成试生产。",
     "actual"),
])
def test_plans_and_actuals(text, mood):
    assert find_claims(text)[-1].mood == mood


def test_a_plan_section_plans():
    claims = find_claims("一、行动开展情况\n今年以来签约项目20个。\n三、下步工作打算\n加快推动8个项目开工建设。")
    assert [(c.text, c.mood) for c in claims] == [("20个", "actual"), ("8个", "plan")]


def test_progress_gap_and_base():
    aspects = [c.aspect for c in find_claims("完成目标的69.23%，距2025年目标还差40户，上年同期71.72亿元，现有90户。")]
    assert aspects == ["progress", "gap", "base", "value"]


def test_a_claim_in_parentheses_reads_its_outer_clause():
    claim = find_claims("开工率达98.0%（按投资额计；按个数计95.0%，以年度计划开工项目为基数）。")[1]
    assert claim.segment == "按个数计95.0%" and "开工率" in claim.clause


def test_precision_follows_the_claim():
    claim = find_claims("园区规上工业总产值占全县的84.26%。")[0]
    assert not agrees(Decimal("84.2343"), claim)
    claim = find_claims("开工率达98%。")[0]
    assert agrees(Decimal("97.99"), claim) and not agrees(Decimal("97.4"), claim)
    claim = find_claims("盘活4.6万平方米闲置厂房。")[0]
    assert agrees(Decimal("46000"), claim) and agrees(Decimal("46400"), claim) and not agrees(Decimal("46600"), claim)
    claim = find_claims("输送员工8000余人。")[0]
    assert agrees(8236, claim) and not agrees(7999, claim) and not agrees(9000, claim)


@pytest.mark.parametrize("value, row, column, phrase", [
    ("22.20", "专用服装产业园", "规上工业总产值（亿元）", "22.20亿元"),
    ("-3.2", "绿色建材", "增速（%）", "下降3.2%"),
    ("33", "专用服装产业园", "规上企业户数", "33户"),
    ("8.84", "市重点项目", "与时间进度之差（百分点）", "高于时间进度8.84个百分点"),
    ("增长11.0%", "示例县工业园区", "增速", "增长11.0%"),
    ("示例县工业园区", "", "园区", ""),
])
def test_a_cell_is_read_with_its_labels(value, row, column, phrase):
    assert cell_phrase(value, row, column, "") == phrase


def test_table_lines_skip_a_serial_column_and_take_the_caption_unit():
    lines = table_lines([["序号", "园区", "产值"], ["1", "专用服装产业园", "22.20"]], "表1　各园区产值（亿元）", 1, 3)
    assert [line.text[line.start:] for line in lines] == ["22.20亿元"]
    assert lines[0].cell.row_label == "专用服装产业园" and "专用服装产业园产值" in lines[0].text


def test_docx_tables_are_read_in_document_order():
    from docx import Document

    document = Document()
    document.add_paragraph("一、行动开展情况")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["园区", "规上企业（户）", "专用服装产业园", "33"]):
        cell.text = text
    document.add_paragraph("二、下步工作打算")
    data = io.BytesIO()
    document.save(data)
    draft = read_draft("材料.docx", data.getvalue())
    assert [line.cell is not None for line in draft.lines] == [False, True, False]
    claim = find_claims(draft)[0]
    assert (claim.text, claim.mood, claim.where) == ("33户", "actual", "表1第2行第2列（专用服装产业园／规上企业（户））")


def test_drafts_are_read_and_refused():
    assert "83.98亿元" in read_draft("材料.txt", "全县83.98亿元".encode("gb18030")).text
    assert Draft.of_text("８３．９８亿元，增长１７．１％").text == "83.98亿元，增长17.1%"
    with pytest.raises(ValueError, match="只支持"):
        read_draft("draft.pdf", b"%PDF")
