"""GB/T 9704 layout of the generated Word file, read back with python-docx (DOMAIN §10)."""
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

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


# --- GB/T 9704 grid, title, signature, tables (issue #17) -------------------------------------

TWIPS_PER_PT = 20


def _grid(document):
    return document.sections[0]._sectPr.find(qn("w:docGrid"))


def test_grid_is_22_lines_of_28_characters(document):
    s = document.sections[0]
    grid = _grid(document)
    assert grid.get(qn("w:type")) == "linesAndChars"
    text_width_pt = Length(s.page_width - s.left_margin - s.right_margin).pt
    text_height_pt = Length(s.page_height - s.top_margin - s.bottom_margin).pt
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # docDefaults are 16 pt (checked above)
    assert int(text_width_pt // pitch) == 28 and text_width_pt / pitch < 28.01
    line_pitch = int(grid.get(qn("w:linePitch"))) / TWIPS_PER_PT
    assert line_pitch == 28.95 and int(text_height_pt // line_pitch) == 22


def test_title_is_broken_at_word_boundaries(document):
    title = paragraphs_of(document, "公文标题")[0]
    assert title._p.xpath(".//w:br") and title.text.split("\n") == ["示例县“园区提质”“企业满园”行动",
                                                                     "2023年1-8月调度情况"]


@pytest.mark.parametrize("title, lines", [
    ("示例县“园区提质”“企业满园”行动2023年第三季度盘点情况", ["示例县“园区提质”“企业满园”行动", "2023年第三季度盘点情况"]),
    ("示例县“园区提质”“企业满园”行动专用服装产业园2023年1-8月调度情况",
     ["示例县“园区提质”“企业满园”行动", "专用服装产业园2023年1-8月调度情况"]),
    ("示例县园区工作周监测（2023年第33周）", ["示例县园区工作周监测（2023年第33周）"]),
])
def test_title_lines(title, lines):
    from yuanqu.reports.word import title_lines

    assert title_lines(title) == lines


def _right_chars(paragraph) -> float:
    return int(paragraph._p.pPr.ind.get(qn("w:rightChars"))) / 100


def test_signature_block(document):
    from yuanqu.reports.layout import width

    signature = [p for p in document.paragraphs if p.style.name == "落款" and p.text]
    issuer, date = signature[-2:]
    assert date.text == "2023年9月11日" and _right_chars(date) == 4  # 成文日期右空四字, Arabic numerals
    assert issuer.text == "示例县“园区提质”“企业满园”行动领导小组办公室" and not issuer._p.xpath(".//w:br")
    assert width(issuer.text) + _right_chars(issuer) <= 28  # one line: no "室" left alone
    assert issuer.style.paragraph_format.keep_with_next  # the issuer stays with its date
    before = document.paragraphs[[p._p for p in document.paragraphs].index(issuer._p) - 1]
    assert before.text == ""  # 正文下空一行


def test_signature_centres_a_short_issuer_over_the_date():
    from yuanqu.reports.layout import width
    from yuanqu.reports.word import signature_indents

    issuer, date = "示例县园区办", "2023年9月11日"
    issuer_right, date_right = signature_indents(issuer, date)
    assert date_right == 4
    assert issuer_right + width(issuer) / 2 == date_right + width(date) / 2


@pytest.fixture(scope="module")
def quarterly_document(built, django_db_blocker):
    from yuanqu.reports import word
    from yuanqu.reports.periods import Quarter

    with django_db_blocker.unblock():
        return Document(io.BytesIO(word.render(built("quarterly", quarter=Quarter.parse("2023Q3")))))


def test_tables_are_single_spaced_off_the_grid(quarterly_document):
    style = quarterly_document.styles["表格文字"]
    assert style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert style.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    for table in quarterly_document.tables:
        for cell in table._cells:
            for p in cell.paragraphs:
                assert p.style.name == "表格文字" and p.paragraph_format.line_spacing_rule is None


def test_table_columns_are_sized_to_content(quarterly_document):
    from yuanqu.reports.layout import width
    from yuanqu.reports.word import CELL_PAD_EM, TABLE_SIZE, TEXT_WIDTH_TWIPS

    em = TABLE_SIZE * TWIPS_PER_PT
    for table in quarterly_document.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        widths = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= TEXT_WIDTH_TWIPS and len(set(widths)) > 1  # not equal widths
        for r, row in enumerate(table.rows[1:], start=1):
            for c, cell in enumerate(row.cells):
                if cell._tc.tcPr.find(qn("w:noWrap")) is not None:  # a number: never broken
                    assert (width(cell.text) + CELL_PAD_EM) * em <= widths[c] + 1, (cell.text, widths[c])
        numbers = [c for c in range(len(widths)) if table.rows[-1].cells[c]._tc.tcPr.find(qn("w:noWrap")) is not None]
        assert numbers  # every table of the review has figures


def test_captions_are_kept_with_their_tables_and_charts(quarterly_document, document):
    for doc in (quarterly_document, document):
        body = list(doc.element.body)
        for i, el in enumerate(body):
            if el.tag == qn("w:p") and el.xpath("string(.)").startswith("表") and i + 1 < len(body) \
                    and body[i + 1].tag == qn("w:tbl"):
                assert el.pPr.find(qn("w:keepNext")) is not None
        pictures = [p for p in doc.paragraphs if p._p.xpath(".//w:drawing")]
        assert all(p.paragraph_format.keep_with_next for p in pictures)


def test_headings_never_end_a_page(document):
    for style in ("一级标题", "二级标题"):
        assert document.styles[style].paragraph_format.keep_with_next
