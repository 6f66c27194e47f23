"""The monthly briefing (月调度) of the demo county for 2023-08: the done-when sentences, read back
from the .docx, with the figures identical to the sample (84.23%, not the sample's slip 84.26%)."""
import io
import re

import pytest
from docx import Document

pytestmark = pytest.mark.django_db

# 亿元 amounts always with two decimals (DOMAIN §3): the sample's 42.8 / 81.6 / 14.9 are 42.80 / 81.60 / 14.90.
FRAGMENTS = [
    "全县实现规上工业总产值83.98亿元、增长17.1%",
    "园区90户规上企业实现工业总产值70.74亿元",
    "占全县规上企业工业总产值的84.23%",
    "主特产业已实现集群总产值42.80亿元",
    "成功签约项目20个、总投资114.88亿元",
    "正在跟踪洽谈",
    "等项目23个、总投资294.48亿元",
    "总投资81.60亿元的",
    "等19个项目实现开工建设",
    "开工率达98.0%（按投资额计；按个数计95%",
    "总投资14.90亿元的",
    "等8个项目建成试生产",
    "省重点项目建设高于时间进度28.83个百分点",
    "市重点项目建设高于时间进度8.84个百分点",
    "盘活120亩低效用地、4.6万平方米闲置厂房",
    "协调解决项目推进困难问题6类81条",
    "梳理惠企政策82条",
    "8家金融机构为企业贷款87.88亿元",
    "为企业输送员工8236人",
]


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_docx_carries_the_sample_sentences(monthly_docx, fragment):
    assert fragment in docx_text(monthly_docx)


def test_project_names_come_from_the_data(monthly_docx):
    text = docx_text(monthly_docx)
    negotiating = re.search(r"正在跟踪洽谈(.+?)等项目23个", text).group(1)
    assert negotiating == "新型双离子电池产业园、磷酸铁锂正极材料"  # the two largest, by total investment
    assert re.search(r"总投资14\.90亿元的安吉纳智能制鞋、锦鑫泰服饰扩能等8个项目建成试生产", text)


def test_sections_follow_the_sample(monthly_report):
    headings = [b.full_text for b in monthly_report.blocks if b.kind in ("h1", "h2")]
    assert headings[:2] == ["一、行动开展情况", "二、目标及举措"]
    assert headings[-1] == "三、下步工作打算"
    assert {"（三）项目建设情况", "（四）土地厂房盘活情况", "（五）营商环境与服务保障"} <= set(headings)


def _paragraph(report, start: str) -> str:
    return next(b.text for b in report.blocks if b.kind == "p" and b.text.startswith(start))


def test_targets_compare_like_with_like(monthly_report):
    """This year's figures against this year's targets; a 2025 level as "现有…，还差…"; a 2025 flow
    stated beside this year's figure, never divided by it; nothing-to-report targets grouped once."""
    annual = _paragraph(monthly_report, "年度目标方面")
    assert "1-8月全社会固定资产投资增长10.8%（统计部门发布），高于年度目标（增长10%）0.8个百分点" in annual
    assert "1-6月地区生产总值增长7.9%（统计部门发布），高于年度目标（增长7.8%）0.1个百分点" in annual
    later = _paragraph(monthly_report, "2025年目标方面")
    assert "园区工业总产值目标为400亿元，今年1-8月完成70.74亿元" in later
    assert "园区规上工业企业现有90户，距目标（130户）还差40户" in later
    assert "已供土地利用率为91.3%，高于目标（90%）1.3个百分点" in later
    assert "新增10亿级企业、培育上市企业、百亿级产业集群3项目标尚待突破" in later
    text = monthly_report.text()
    assert "完成目标的17.69%" not in text and "完成目标的0.00%" not in text and "目前为0户" not in text


def test_no_trailing_zeros_dates_in_chinese_one_unit_per_list(monthly_report):
    text = monthly_report.text()
    for slip in ("400.00亿元", "100.00亿元", "1575.00万元", "12.00亩", "增长10.0%", "2023-05-31", "2022-03-01"):
        assert slip not in text, slip
    assert "计划5月31日开工，逾期3个月仍未开工" in text and "约定开工日期2022年3月1日，截至8月31日" in text
    assert "已投资1575万元，不足约定投资12120万元的25%" in text and "已开发面积12亩" in text
    assert "厂房：招商入驻2.54万平方米、改造提升1.26万平方米、转让0.8万平方米" in text
    assert "9月30日前完成" in text and "2023年9月30日前" not in text


def test_the_same_projects_are_said_once(monthly_report):
    text = monthly_report.text()
    assert text.count("8个项目") == 2  # 建成试生产, and the city's 骏马项目: not "8个项目竣工" again
    assert "8个项目竣工、总投资14.90亿元" not in text


def test_next_steps_one_paragraph_per_action(monthly_report):
    blocks = monthly_report.blocks
    start = next(i for i, b in enumerate(blocks) if b.full_text == "三、下步工作打算")
    actions = [b.text for b in blocks[start + 1:] if b.kind == "p" and b.text[1:3] == "是深"]
    assert [a[:2] for a in actions] == ["一是", "二是", "三是", "四是", "五是", "六是", "七是"]
    assert all(a.count("是深入开展") == 1 for a in actions)


def test_designations_are_shown_as_recorded(monthly_report):
    text = monthly_report.text()
    assert ("据示例市“园区提质”“企业满园”行动领导小组办公室通报，新能源汽车用动力电池、示例县现代农业产业园等8个项目"
            "成为一季度全市“骏马项目”") in text
    assert "据示例省、示例市“园区提质”“企业满园”行动领导小组办公室通报，一季度全县成功进入省、市重点项目推进“红榜”" in text
    assert "二季度县级季盘点中" in text and "成为“骏马项目”" not in text  # computed lists are the county's own


def test_signature_is_the_reporting_date(monthly_report):
    blocks = [(b.kind, b.text) for b in monthly_report.blocks if b.kind in ("issuer", "date")]
    assert blocks == [("issuer", "示例县“园区提质”“企业满园”行动领导小组办公室"), ("date", "2023年9月11日")]


def test_next_steps_come_from_open_actions(monthly_report):
    text = monthly_report.text()
    assert "一是深入开展“产业项目落地促建攻坚行动”" in text
    assert "“南北干道一号路二标段开工”已超过完成时限，请县住建局加快推进" in text
    assert "建立在谈项目周调度台账" not in text  # done tasks are not plans


def test_charts_are_drawn_from_the_engine(monthly_report):
    assert set(monthly_report.charts) == {"output_trend", "chains", "stages"}
    png = monthly_report.charts["output_trend"].png
    assert png.startswith(b"\x89PNG")


def test_missing_figures_are_left_out_not_invented(built):
    from yuanqu.core.periods import Period

    text = built("monthly", period=Period(2021, 5)).text()  # no statistics at all in 2021
    assert "规上工业总产值数据尚未报送" in text
    assert "None" not in text and "亿元、—" not in text


def test_park_scope(built):
    from yuanqu.core.periods import Period

    text = built("monthly", scope="park:990999-clothing", period=Period(2023, 8)).text()
    assert "1-8月，专用服装产业园实现规上工业总产值22.20亿元、增长18.5%，占全县规上企业工业总产值的26.43%" in text
