"""材料数字核对 on drafts with defects: each gets its verdict and the explanation of why (demo county)."""
import io

import pytest

from yuanqu.core.periods import Period
from yuanqu.reports.checker import AGREES, DIFFERS, NO_DATA, PLAN, check_text, read_draft

pytestmark = pytest.mark.django_db
P = Period(2023, 8)


@pytest.fixture
def check(demo_county):
    from yuanqu.figures.scope import Scope

    def run(draft, period=None):
        return check_text(draft, Scope.county(demo_county), period)
    return run


def one(found, text):
    return next(r for r in found if r.claim.text == text)


def test_a_wrong_year_is_not_agreeing(check):
    found = check("2024年1-8月，全县实现规上工业总产值83.98亿元、增长17.1%。")
    assert found.period == Period(2024, 8) and any("平台无2024年1-8月的统计数据" in w for w in found.warnings)
    for r in found:
        assert r.status == NO_DATA and r.explanation.startswith("平台无该期数据")
        assert "平台计算为0" not in r.full_explanation
        assert "与2023年1-8月的平台数值一致" in " ".join(r.hints) and "年份可能写错" in " ".join(r.hints)


def test_a_wrong_year_against_the_chosen_period_is_flagged(check):
    found = check("2024年1-8月，全县实现规上工业总产值83.98亿元。", P)
    assert any("材料所述期别为2024年1-8月" in w and "所选核对期别2023年1-8月" in w for w in found.warnings)
    assert [r.status for r in found] == [NO_DATA]


def test_a_wrong_year_with_data_differs_and_says_which_year_fits(check):
    r = one(check("2022年1-8月，全县实现规上工业总产值83.98亿元。", P), "83.98亿元")
    assert r.status == DIFFERS and r.period == Period(2022, 8)
    assert "与2023年1-8月的平台数值一致" in " ".join(r.hints)


def test_a_period_without_data(check):
    found = check("2024年1-3月，全县成功签约项目20个、总投资114.88亿元，为企业输送员工8236人。")
    assert {r.status for r in found} == {NO_DATA}
    assert all("平台无该期数据" in r.explanation and "2024年1-3月" in r.explanation for r in found)
    assert not any("平台计算为" in r.full_explanation for r in found)


def test_a_unit_slip(check):
    r = one(check("1-8月，全县实现规上工业总产值8398万元。", P), "8398万元")
    assert r.status == DIFFERS and r.display == "83.98亿元"
    hint = " ".join(r.hints)
    assert "百分之一" in hint and "单位或小数点" in hint and "应为83.98亿元" in hint


def test_a_share_from_rounded_inputs(check):
    found = check("1-8月，园区规上企业实现工业总产值70.7亿元，占全县规上工业总产值84.0亿元的84.17%。", P)
    assert one(found, "70.7亿元").status == AGREES and one(found, "84.0亿元").status == AGREES
    r = one(found, "84.17%")
    assert r.status == DIFFERS and r.display == "84.23%"
    assert "可由舍入后的数值算得" in r.hints[0] and "70.7亿元 ÷ 84.0亿元 × 100 = 84.17%" in r.hints[0]
    assert "按未舍入的数值计算为84.23%" in r.hints[0]


def test_a_growth_from_rounded_inputs(check):
    r = one(check("1-8月，全县实现规上工业总产值83.98亿元、增长17.2%。", P), "增长17.2%")
    assert r.status == DIFFERS and "（84.0亿元 ÷ 71.7亿元 − 1）× 100 = 17.2%" in r.hints[0]


def test_a_target_sentence_is_not_an_actual(check):
    found = check("诉求按期办结率达90%（2023年12月31日前）。力争全年新增规上工业企业15户。", P)
    rate, firms = one(found, "90%"), one(found, "15户")
    assert rate.claim.mood == "plan" and rate.status == AGREES and rate.target
    assert "诉求办理“5个工作日”办结率达90%" in rate.explanation  # the recorded task, not the 50.6% actual
    assert firms.status == PLAN and firms.target and "不与实际比对" in firms.explanation
    assert "新增规上工业企业10户" in " ".join(firms.hints)  # the recorded goal of that action


def test_targets_progress_and_gap(check):
    found = check("园区规上工业企业：2025年目标为130户，现有90户，完成目标的69.23%，距2025年目标还差40户。", P)
    assert [(r.claim.text, r.status) for r in found] == [
        ("130户", AGREES), ("90户", AGREES), ("69.23%", AGREES), ("40户", AGREES)]
    assert found.results[0].target and found.results[0].key == "targets.990999-park-above-scale-2025"
    wrong = one(check("园区规上工业企业现有90户，距2025年目标还差30户。", P), "30户")
    assert wrong.status == DIFFERS and "平台计算为40户" in wrong.explanation
    other = one(check("园区规上工业企业2025年目标为150户。", P), "150户")
    assert other.status == DIFFERS and other.target and "2025年园区规上工业企业目标130户" in other.explanation


def test_a_table_of_figures(check):
    from docx import Document

    document = Document()
    document.add_paragraph("示例县2023年1-8月园区工作情况")
    document.add_paragraph("表1　各园区规上工业情况")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "园区", "规上企业（户）", "规上工业总产值（亿元）", "增速（%）"]):
        cell.text = text
    for values in (["1", "示例县工业园区", "28", "25.94", "11.0"], ["2", "专用服装产业园", "33", "22.20", "18.5"],
                   ["", "合计", "90", "70.74", "17.6"], ["", "新能源电池产业园", "12", "9.08", "38.2"]):
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    document.add_paragraph("二、下步工作打算")
    document.add_paragraph("力争年内签约项目10个以上。")
    data = io.BytesIO()
    document.save(data)
    found = check(read_draft("材料.docx", data.getvalue()))
    cells = [r for r in found if r.claim.cell]
    assert len(cells) == 12 and all(r.claim.mood == "actual" for r in cells)
    assert [r.status for r in cells].count(AGREES) == 11
    wrong = one(found, "9.08亿元")
    assert wrong.status == DIFFERS and wrong.display == "9.80亿元" and wrong.scope.label == "新能源电池产业园"
    assert wrong.claim.where == "表1第5行第4列（新能源电池产业园／规上工业总产值（亿元））"
    total = one(found, "70.74亿元")
    assert total.key == "park.output_ytd" and total.scope.kind == "county"
    assert one(found, "增长18.5%").url == "/figures/park.output_growth/?period=2023-08&scope=park%3A990999-clothing"


def test_a_figure_contradicting_another_in_the_draft(check):
    found = check("1-8月，全县规上工业总产值83.98亿元。\n1-8月，全县规上工业总产值84.98亿元。", P)
    r = one(found, "84.98亿元")
    assert r.status == DIFFERS and "与本材料第1段“83.98亿元”（同一指标）相互矛盾" in r.hints


def test_another_months_figure_is_recognized(check):
    r = one(check("1-7月，全县实现规上工业总产值83.98亿元。", P), "83.98亿元")
    assert r.status == DIFFERS and r.period == Period(2023, 7)
    assert "与2023年1-8月的平台数值一致" in " ".join(r.hints)


def test_published_releases_and_last_years_base(check):
    found = check("1-6月，地区生产总值增长7.9%。1-8月，全县规上工业总产值83.98亿元，上年同期71.72亿元。", P)
    assert one(found, "增长7.9%").status == AGREES and "统计部门发布" in one(found, "增长7.9%").explanation
    assert one(found, "71.72亿元").status == AGREES and "上年同期" in one(found, "71.72亿元").label


def test_a_named_part_of_a_figure(check):
    found = check("1-8月，盘活120亩低效用地（招商入驻16亩、合作开发22.5亩）；经认定闲置土地2宗：青东片区纬三路北侧地块"
                  "45亩（约定开工日期2022年3月1日，已满548天未动工）。", P)
    assert [r.status for r in found] == [AGREES] * 6
    assert "青东片区纬三路北侧地块" in one(found, "45亩").explanation


def test_periods_named_in_the_draft(check, demo_county):
    from yuanqu.figures.engine import figure
    from yuanqu.figures.scope import Scope

    county = Scope.county(demo_county)
    half = figure("industry.output_ytd", county, Period(2023, 6)).display()
    month = figure("industry.output_month", county, P).display()
    found = check(f"上半年，全县实现规上工业总产值{half}。8月份，全县实现规上工业总产值{month}。", P)
    assert [(r.status, r.period, r.key) for r in found] == [
        (AGREES, Period(2023, 6), "industry.output_ytd"), (AGREES, P, "industry.output_month")]
