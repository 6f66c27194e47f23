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
    "开工率达98.0%（按投资额计；按个数计95.0%",
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


def test_targets_against_actuals_and_time(monthly_report):
    text = monthly_report.text()
    assert "园区工业总产值。2025年目标为400.00亿元，1-8月为70.74亿元，完成目标的17.69%" in text
    assert "统计部门发布2023年1-6月数据为增长7.9%，已达到目标" in text


def test_next_steps_come_from_open_actions(monthly_report):
    text = monthly_report.text()
    assert "一是深入开展“产业项目落地促建攻坚行动”" in text
    assert "“南北干道一号路二标段开工”已超过完成时限，请县住建局加快推进" in text
    assert "建立在谈项目周调度台账" not in text  # done tasks are not plans


def test_charts_are_drawn_from_the_engine(monthly_report):
    assert set(monthly_report.charts) == {"output_trend", "chains", "funnel"}
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
