"""GB/T 9704 layout of the generated Word file, read back with python-docx (DOMAIN §10)."""
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

pytestmark = pytest.mark.django_db
MM = 36000  # EMU per millimetre


@pytest.fixture(scope="module")
def document(monthly_docx):
    return Document(io.BytesIO(monthly_docx))


def east_asia(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def paragraphs_of(document, style):
    return [p for p in document.paragraphs if p.style.name == style and p.text]


def test_a4_and_margins(document):
    s = document.sections[0]
    assert abs(s.page_width - 210 * MM) < 0.1 * MM and abs(s.page_height - 297 * MM) < 0.1 * MM
    for side, mm in (("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28), ("right_margin", 26)):
        assert abs(getattr(s, side) - mm * MM) <= 0.1 * MM, side


def test_title_font(document):
    title = paragraphs_of(document, "公文标题")[0]
    assert (title.alignment or title.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    for run in title.runs:
        assert run.font.name == "方正小标宋简体"
        assert east_asia(run) == "方正小标宋简体"
        assert run.font.size == Pt(22)


def test_body_font_and_fixed_line_spacing(document):
    body = paragraphs_of(document, "公文正文")
    assert len(body) > 10
    for p in body:
        assert p.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY or (
            p.style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY)
        spacing = p.paragraph_format.line_spacing or p.style.paragraph_format.line_spacing
        assert abs(spacing.pt - 28.95) < 0.01
        for run in p.runs:
            assert run.font.name == "仿宋_GB2312" and east_asia(run) == "仿宋_GB2312"
            assert run.font.size == Pt(16)


def test_heading_fonts(document):
    h1 = paragraphs_of(document, "一级标题")
    h2 = paragraphs_of(document, "二级标题")
    assert h1[0].text.startswith("一、") and h2[0].text.startswith("（一）")
    assert all(east_asia(r) == "黑体" and r.font.size == Pt(16) for p in h1 for r in p.runs)
    assert all(east_asia(r) == "楷体_GB2312" and r.font.size == Pt(16) for p in h2 for r in p.runs)


def test_every_run_names_its_east_asian_font(document):
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r._r.rPr is not None and east_asia(r) for r in runs)


def test_document_defaults_name_the_east_asian_font(document):
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:ascii")) == "仿宋_GB2312"
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "579" and spacing.get(qn("w:lineRule")) == "exact"


def _page_field(footer) -> tuple[str, object]:
    paragraph = footer.paragraphs[0]
    instr = "".join(el.text for el in paragraph._p.iter(qn("w:instrText")))
    return instr.strip(), paragraph


def test_odd_and_even_footers_with_page_numbers(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd_instr, odd = _page_field(section.footer)
    even_instr, even = _page_field(section.even_page_footer)
    assert odd_instr == "PAGE" and even_instr == "PAGE"
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert all(r.font.size == Pt(14) and east_asia(r) == "宋体" for r in odd.runs)


def test_charts_are_embedded(document):
    assert len(document.inline_shapes) == 3
