"""Report blocks → Word (.docx) laid out by GB/T 9704-2012 (DOMAIN §10).

A4; margins top 37 mm, bottom 35, left 28, right 26, so the text block is 156 × 225 mm; a lines-and-
characters document grid (w:docGrid linesAndChars) of 22 lines × 28 characters: line pitch 28.95 pt,
character pitch 156 mm ÷ 28 (w:charSpace is that pitch less 16 pt, in 1/4096 pt). Title 2号 (22 pt)
方正小标宋简体 centred, broken into lines at word boundaries (layout.break_title); body 3号 (16 pt)
仿宋_GB2312 at exactly 28.95 pt; headings "一、" 黑体, "（一）" 楷体_GB2312, "1." 仿宋_GB2312; page
numbers 4号 宋体 "— 1 —", odd pages right and even pages left. 落款 (7.3.5.1, a sealed document):
成文日期 in Arabic numerals 右空四字, the issuer centred above it as far as the line allows, never
wrapped. Title, captions, tables and page numbers are off the character grid (w:snapToGrid 0);
tables are single-spaced, columns sized to their content (layout.column_widths), number cells never
wrap, captions kept with their table or chart. Every run names its East-Asian font (w:eastAsia), and
so do the document defaults, so Word never falls back to a Latin font for Chinese.
"""
from __future__ import annotations

import io
import math

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from .document import NUMERIC_KINDS, Block, Report, Table
from .layout import ColumnText, break_title, column_widths, width

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE, CAPTION_SIZE = 22, 16, 14, 12, 14
LINE_SPACING = Pt(28.95)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm
TEXT_WIDTH_MM = 210 - MARGINS["left"] - MARGINS["right"]  # 156
LINE_PITCH_TWIPS = 579  # 28.95 pt
GRID_CHARS, GRID_LINES = 28, 22
CHART_WIDTH_MM = 150
DATE_RIGHT_CHARS = 4  # 成文日期右空四字
CELL_PAD_EM = 1.2  # cell margins (2 × 108 twips) and a little air, in em of the table's size
OFF_GRID = ("公文标题", "图表题", "表格文字", "表注", "页码")
KEEP_WHOLE_ROWS = 15  # tables up to this many rows are kept on one page

# style name → (font, size, alignment, first-line indent in characters, outline level)
STYLES = {
    "公文标题": (TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "公文正文": (BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, None),
    "一级标题": (H1_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "二级标题": (H2_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 1),
    "三级标题": (BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 2),
    "落款": (BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT, 0, None),
    "图表题": (H1_FONT, CAPTION_SIZE, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "表格文字": (BODY_FONT, TABLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "表注": (BODY_FONT, TABLE_SIZE, WD_ALIGN_PARAGRAPH.LEFT, 0, None),
    "页码": (PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, WD_ALIGN_PARAGRAPH.RIGHT, 0, None),
}
BLOCK_STYLES = {"title": "公文标题", "h1": "一级标题", "h2": "二级标题", "h3": "三级标题", "p": "公文正文", "right": "落款",
                "issuer": "落款", "date": "落款"}
TEXT_WIDTH_TWIPS = Mm(210).twips - Mm(MARGINS["left"]).twips - Mm(MARGINS["right"]).twips  # 8845


def char_pitch_twips() -> float:
    """The grid's character pitch: the text width shared by 28 characters."""
    return TEXT_WIDTH_TWIPS / GRID_CHARS


def char_space() -> int:
    """w:charSpace: pitch − 16 pt in 1/4096 pt, rounded down so that 28 characters always fit."""
    return math.floor((char_pitch_twips() / 20 - BODY_SIZE) * 4096)


# --- fonts ----------------------------------------------------------------------------------

def set_fonts(rpr_parent, font: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Name `font` for every script (ascii, hAnsi, eastAsia, cs) in the w:rPr of a run or style,
    dropping theme fonts that would override it; optionally the size (w:sz, w:szCs) and bold."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(round(size_pt * 2))))
    if bold is not None:
        el = rpr.find(qn("w:b"))
        if el is None:
            el = OxmlElement("w:b")
            rpr.append(el)
        el.set(qn("w:val"), "1" if bold else "0")


def _child(parent, tag: str):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    return el


def set_doc_defaults(document) -> None:
    """styles.xml docDefaults: body font for every script, 16 pt, Chinese, fixed 28.95 pt lines."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    for child in list(rpr):
        rpr.remove(child)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), BODY_FONT)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(BODY_SIZE * 2))
        rpr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
    for child in list(ppr):
        ppr.remove(child)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")
    ppr.append(spacing)


def _first_line_chars(paragraph_format_owner, chars: int, size_pt: float) -> None:
    """First-line indent of `chars` characters (w:firstLineChars, with the length as fallback)."""
    ppr = paragraph_format_owner.element.get_or_add_pPr() if hasattr(paragraph_format_owner, "element") else None
    if ppr is None:
        return
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size_pt * 20)))


def snap_to_grid(ppr, on: bool) -> None:
    """w:snapToGrid in a paragraph's or style's w:pPr, in its schema place."""
    el = ppr.find(qn("w:snapToGrid"))
    if el is None:
        el = OxmlElement("w:snapToGrid")
        ppr.insert_element_before(el, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                                  "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                                  "w:sectPr", "w:pPrChange")
    el.set(qn("w:val"), "1" if on else "0")


def define_styles(document) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal.element, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_SPACING
    for name, (font, size, align, indent, outline) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        set_fonts(style.element, font, size, bold=False)
        pf = style.paragraph_format
        pf.alignment = align
        pf.space_before = pf.space_after = Pt(0)
        pf.widow_control = True
        if name in OFF_GRID:
            snap_to_grid(style.element.get_or_add_pPr(), False)
        if name in ("表格文字", "表注", "页码"):
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = LINE_SPACING
        if indent:
            _first_line_chars(style, indent, size)
        if name == "落款":
            pf.keep_with_next = True
        if outline is not None:
            pf.keep_with_next = True  # a heading never ends a page
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(level)


# --- page -----------------------------------------------------------------------------------

def set_page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)  # the number's line sits about 7 mm below the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(char_space()))


def _field_run(paragraph, kind: str, text: str = ""):
    run = paragraph.add_run()
    set_fonts(run._r, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run._r.append(instr)
    elif kind == "text":
        run.text = text
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
    return run


def page_number(paragraph, align, indent_side: str) -> None:
    """"— N —" with a PAGE field, 4号 宋体, one character in from the outer edge."""
    paragraph.style = "页码"
    paragraph.alignment = align
    setattr(paragraph.paragraph_format, indent_side, Pt(PAGE_NUMBER_SIZE))
    _field_run(paragraph, "text", "— ")
    _field_run(paragraph, "begin")
    _field_run(paragraph, "instr", " PAGE ")
    _field_run(paragraph, "separate")
    _field_run(paragraph, "text", "1")
    _field_run(paragraph, "end")
    _field_run(paragraph, "text", " —")


def set_footers(document, section) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer
    odd.is_linked_to_previous = False
    page_number(odd.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, "right_indent")
    even = section.even_page_footer
    even.is_linked_to_previous = False
    page_number(even.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, "left_indent")


# --- content --------------------------------------------------------------------------------

def add_text(document, text: str, style: str):
    font, size = STYLES[style][0], STYLES[style][1]
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    set_fonts(run._r, font, size)
    return paragraph


def add_lines(document, lines: list[str], style: str):
    """One paragraph of several lines (w:br between them), e.g. a title broken by hand."""
    font, size = STYLES[style][0], STYLES[style][1]
    paragraph = document.add_paragraph(style=style)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_fonts(run._r, font, size)
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def title_lines(text: str) -> list[str]:
    """The title in lines that fit the text block at 2号 (half an em of air)."""
    return break_title(text, TEXT_WIDTH_TWIPS / 20 / TITLE_SIZE - 0.5)


def _right_chars(paragraph, chars: float) -> None:
    """Right indent of `chars` grid characters (w:rightChars, with the length as fallback)."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:rightChars"), str(int(round(chars * 100))))
    ind.set(qn("w:right"), str(int(round(chars * char_pitch_twips()))))


def signature_indents(issuer: str, date_text: str) -> tuple[float, float]:
    """(issuer, date) right indents in characters, GB/T 9704-2012 7.3.5.1: the date 右空四字, the issuer
    centred above the date, moved right only as far as needed to stay on one line within the block."""
    date_right = DATE_RIGHT_CHARS
    centred = date_right + width(date_text) / 2 - width(issuer) / 2
    room = GRID_CHARS - width(issuer)
    return max(0.0, min(centred, room)), date_right


def add_signature(document, issuer: str, date_text: str) -> None:
    issuer_right, date_right = signature_indents(issuer, date_text) if issuer else (0.0, DATE_RIGHT_CHARS)
    if issuer:
        lines = [issuer] if width(issuer) <= GRID_CHARS else break_title(issuer, GRID_CHARS)
        paragraph = add_lines(document, lines, "落款")
        if len(lines) > 1:
            issuer_right = max(0.0, min(DATE_RIGHT_CHARS + width(date_text) / 2 - max(map(width, lines)) / 2,
                                        GRID_CHARS - max(map(width, lines))))
        paragraph.paragraph_format.keep_together = True
        _right_chars(paragraph, issuer_right)
    if date_text:
        paragraph = add_text(document, date_text, "落款")
        paragraph.paragraph_format.keep_with_next = False
        _right_chars(paragraph, date_right)


def add_chart(document, chart, number: int) -> None:
    paragraph = document.add_paragraph(style="表格文字")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True  # the picture stays with its caption
    run = paragraph.add_run()
    set_fonts(run._r, BODY_FONT, TABLE_SIZE)
    run.add_picture(io.BytesIO(chart.png), width=Mm(CHART_WIDTH_MM))
    add_text(document, f"图{number}　{chart.title}", "图表题")


def _cell_text(cell, text: str, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    paragraph.alignment = align
    run = paragraph.add_run(text)
    set_fonts(run._r, H1_FONT if bold else BODY_FONT, TABLE_SIZE)


def _no_wrap(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    if tcpr.find(qn("w:noWrap")) is None:
        tcpr.insert_element_before(OxmlElement("w:noWrap"), "w:tcMar", "w:textDirection", "w:tcFitText",
                                   "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                                   "w:cellMerge", "w:tcPrChange")


def _never_broken(column) -> bool:
    return column.kind in NUMERIC_KINDS and column.kind != "figure"


def table_widths(table: Table, rows: list[list[str]]) -> list[int]:
    """Column widths in twips, from the content (number columns never narrower than their widest cell)."""
    em = TABLE_SIZE * 20
    columns = [ColumnText(c.header, [r[i] for r in rows], _never_broken(c), c.kind == "figure")
               for i, c in enumerate(table.columns)]
    widths = column_widths(columns, TEXT_WIDTH_TWIPS / em, pad=CELL_PAD_EM)
    return [int(w * em) for w in widths]


def add_table(document, table: Table, number: int) -> None:
    caption = add_text(document, f"表{number}　{table.title}", "图表题")
    caption.paragraph_format.keep_with_next = True
    rows = table.display_rows()
    if not rows:
        caption.paragraph_format.keep_with_next = False
        add_text(document, "（无）", "公文正文")
        return
    widths = table_widths(table, rows)
    grid = document.add_table(rows=len(rows) + 1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # w:tblLayout fixed: the widths below, not Word's guess
    tblpr = grid._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(widths)))
    for c, w in enumerate(widths):
        grid.columns[c].width = Twips(w)
    for c, column in enumerate(table.columns):
        _cell_text(grid.cell(0, c), column.header, bold=True)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            column = table.columns[c]
            align = WD_ALIGN_PARAGRAPH.RIGHT if column.kind in NUMERIC_KINDS else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(grid.cell(r, c), text, align=align)
            if _never_broken(column):
                _no_wrap(grid.cell(r, c))
    keep_whole = len(grid.rows) <= KEEP_WHOLE_ROWS
    for r, tr in enumerate(grid.rows):
        for c, cell in enumerate(tr.cells):
            cell.width = Twips(widths[c])
            if keep_whole and r < len(grid.rows) - 1:  # a short table is not split across pages
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        trpr = tr._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            trpr.append(OxmlElement("w:tblHeader"))
    if table.note:
        for cell in grid.rows[-1].cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        add_text(document, f"注：{table.note}", "表注")


def render(report: Report) -> bytes:
    """The report as .docx bytes."""
    document = Document()
    set_doc_defaults(document)
    define_styles(document)
    section = document.sections[0]
    set_page(section)
    set_footers(document, section)
    props = document.core_properties
    props.title, props.author, props.subject = report.title, "园区调度平台", report.kind_label
    charts = tables = 0
    previous = None
    blocks = list(report.blocks)
    for i, block in enumerate(blocks):
        if previous == "title" and block.kind != "title":
            add_text(document, "", "公文正文")  # 标题下空一行
        if block.kind in ("right", "issuer", "date") and previous not in ("right", "issuer", "date"):
            add_text(document, "", "公文正文").paragraph_format.keep_with_next = True  # 正文与落款之间空一行
        if block.kind == "chart":
            chart = report.charts.get(block.ref)
            if chart is not None:
                charts += 1
                add_chart(document, chart, charts)
        elif block.kind == "table":
            table = report.tables.get(block.ref)
            if table is not None:
                tables += 1
                add_table(document, table, tables)
        elif block.kind == "title":
            add_lines(document, title_lines(block.text), "公文标题")
        elif block.kind == "issuer":
            following = blocks[i + 1] if i + 1 < len(blocks) else Block("p")
            add_signature(document, block.text, following.text if following.kind == "date" else "")
        elif block.kind == "date":
            if previous != "issuer":
                add_signature(document, "", block.text)
        else:
            add_text(document, block.full_text, BLOCK_STYLES[block.kind])
        previous = block.kind
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
