"""PDF (LibreOffice, fontconfig fallbacks) and the Excel appendix."""
import io
import re
import shutil
import subprocess

import pytest

from yuanqu.reports import pdf, xlsx

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(not pdf.available(), reason="LibreOffice（soffice）未安装：无法测试 PDF 输出")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils（pdftotext）未安装")


@pytest.fixture(scope="module")
def monthly_pdf(monthly_docx):
    return pdf.convert(monthly_docx, "monthly")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_soffice
@needs_poppler
def test_pdf_text_carries_the_sentences(monthly_pdf, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(monthly_pdf)
    text = squeeze(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    for fragment in ("全县实现规上工业总产值83.98亿元、增长17.1%", "占全县规上企业工业总产值的84.23%",
                     "省重点项目建设高于时间进度28.83个百分点", "8家金融机构为企业贷款87.88亿元", "三、下步工作打算"):
        assert fragment in text
    assert "—1—" in text and "—2—" in text  # page numbers


@needs_soffice
@needs_poppler
def test_pdf_fonts_are_cjk_fallbacks_embedded(monthly_pdf, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(monthly_pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, emb = line.split()[0], line.split()[-5]
        assert "NotoSerifCJK" in name or "NotoSansCJK" in name or "KaitiM" in name or "UKai" in name, line
        assert emb == "yes", line
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info


def test_pdf_error_in_chinese_without_soffice(monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    with pytest.raises(pdf.PdfError, match="未找到 LibreOffice"):
        pdf.convert(b"x")


def test_xlsx_appendix_has_the_tables(monthly_report, django_db_blocker):
    from openpyxl import load_workbook

    with django_db_blocker.unblock():
        data = xlsx.render(monthly_report)
    book = load_workbook(io.BytesIO(data))
    assert {"指标汇总", "重点项目推进", "项目清单", "企业产值排名", "园区", "产业链"} <= set(book.sheetnames)
    ranking = book["企业产值排名"]
    assert ranking.cell(2, 3).value == "企业名称"
    assert ranking.max_row - 2 == 117  # every firm of the 2023 roster joined by August
    outputs = [ranking.cell(r, 5).value for r in range(3, ranking.max_row + 1)]
    assert outputs == sorted(outputs, reverse=True)
    figures = {book["指标汇总"].cell(r, 1).value: book["指标汇总"].cell(r, 3).value
               for r in range(3, book["指标汇总"].max_row + 1)}
    assert figures["park.output_share"] == "84.23%" and figures["finance.loans"] == "87.88亿元"
    key = book["重点项目推进"]
    assert key.max_row - 2 == 18  # 5 province + 8 city + 5 county projects


@needs_soffice
@needs_poppler
def test_pdf_embeds_sc_faces_for_body_headings_and_kai(monthly_pdf, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(monthly_pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert any(n.startswith("NotoSerifCJKsc-") for n in names), names  # 仿宋/宋 body, 小标宋 title
    assert any(n.startswith("NotoSansCJKsc-") for n in names), names  # 黑体 headings
    assert "UKaiCN" in names, names  # 楷体 "（一）" headings
    assert not [n for n in names if "jp" in n.lower() or "kr" in n.lower() or "tc" in n.lower()[-3:]], names


@needs_soffice
@needs_poppler
def test_pdf_lines_hold_28_characters(monthly_pdf, tmp_path):
    from yuanqu.reports.layout import width

    path = tmp_path / "m.pdf"
    path.write_bytes(monthly_pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = [squeeze(line) for line in text.splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith(("—", "图", "表")) and width(line) > 20]
    assert body and max(width(line) for line in body) <= 28
    assert sum(1 for line in body if width(line) >= 27.5) >= 10  # full lines hold 28, not 27


def test_charts_are_print_size_with_labels_of_10_pt(monthly_report, django_db_blocker, monkeypatch):
    import matplotlib.text
    from PIL import Image

    from yuanqu.reports import charts

    drawn = []
    real = charts._png
    monkeypatch.setattr(charts, "_png", lambda fig: drawn.append(fig) or real(fig))
    with django_db_blocker.unblock():
        pngs = {name: chart.draw() for name, chart in monthly_report.charts.items()}
    assert set(pngs) == {"output_trend", "chains", "stages"} and len(drawn) == 3
    for fig in drawn:
        sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
        assert sizes and min(sizes) >= 10
    for png in pngs.values():
        image = Image.open(io.BytesIO(png))
        assert round(image.info["dpi"][0]) >= 300
        assert abs(image.width / image.info["dpi"][0] * 25.4 - charts.PRINT_WIDTH_MM) < 1  # drawn at print width
