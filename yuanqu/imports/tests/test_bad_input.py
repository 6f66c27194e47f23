"""Bad input found in testing: each refused with a Chinese message naming the cell, nothing changed."""
import io
import zipfile
from decimal import Decimal

import pytest

from yuanqu.enterprises.factories import MonthlyStatFactory
from yuanqu.enterprises.models import MonthlyStat
from yuanqu.imports import header as H
from yuanqu.imports import service
from yuanqu.imports.kinds import get_kind, names, registry
from yuanqu.imports.read import Sheet
from yuanqu.imports.templates import header_forms, template_bytes

from . import helpers as h

pytestmark = pytest.mark.django_db


def refused(source, expect: list[str], **kw) -> service.ImportResult:
    """The import is refused with a message holding every string of `expect`, and changes nothing."""
    before = h.snapshot()
    result = service.execute(source, kw.pop("kind", "stats"), today=h.TODAY, **kw)
    assert result.status == service.REFUSED, [str(i) for i in result.issues]
    assert any(all(e in str(i) for e in expect) for i in result.errors), [str(i) for i in result.errors]
    assert h.snapshot() == before
    return result


def openpyxl_stats(path, cell_value, *, other=5000):
    """A flat statistics file written by openpyxl (which keeps no value of the formulas it writes)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "规上工业"
    ws.append(["规模以上工业企业主要经济指标 2023年1-8月"])
    ws.append(["统一社会信用代码", "企业名称", "工业总产值本年1-本月", "工业总产值上年同期1-本月"])
    ws.append([h.code(1), "示例企业1", other, 4000])
    ws.append([h.code(2), "示例企业2", cell_value, 4000])
    wb.save(path)
    return path


@pytest.mark.parametrize("value, expect", [
    ("=C3*2", ["公式“=C3*2”没有计算结果"]),
    ("#DIV/0!", ["计算出错（#DIV/0!）"]),
    (float("inf"), ["数值无法读取", "inf"]),
    (float("nan"), ["数值无法读取"]),
    ("inf", ["“inf”无法识别", "数字"]),
])
def test_a_cell_without_a_number_is_an_error_not_a_blank(county, tmp_path, value, expect):
    """A formula never calculated, a failed one, or an infinite value: an error at its cell, and the
    stored figure is not emptied."""
    firm2 = county[2][1]
    MonthlyStatFactory(enterprise=firm2, year=2023, month=8, output_cum=Decimal("5000"), output_prev_cum=None)
    path = openpyxl_stats(tmp_path / "s.xlsx", value)
    result = refused(path, ["第4行", "C列", *expect])
    assert MonthlyStat.objects.get(enterprise=firm2).output_cum == Decimal("5000.00")
    assert not result.run.rows[1].v.get("output_cum")


def test_a_calculated_formula_is_read(county, tmp_path):
    """A formula saved with its value (as Excel and WPS save them) is read like any number."""
    import xlsxwriter

    path = tmp_path / "s.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["统一社会信用代码", "企业名称", "工业总产值本年1-本月"])
    ws.write_row(1, 0, [h.code(1), "示例企业1", 10])
    ws.write_row(2, 0, [h.code(2), "示例企业2"])
    ws.write_formula(2, 2, "=C2*2", None, 20)
    ws.write_row(3, 0, ["合计", ""])
    ws.write_formula(3, 2, "=SUM(C2:C3)", None, 30)
    wb.close()
    result = service.execute(path, "stats", period="2023-08", today=h.TODAY)
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    assert MonthlyStat.objects.get(enterprise__credit_code=h.code(2)).output_cum == Decimal("20.00")


@pytest.mark.parametrize("period", ["2023-08", None])
def test_title_naming_an_impossible_or_other_period(county, tmp_path, period):
    grid, merges = h.bureau_table(title="示例县规模以上工业企业主要经济指标 2031年1-13月")
    path = h.write_xlsx(tmp_path / "s.xlsx", grid, merges)
    refused(path, ["第1行", "A列", "2031年1-13月", "不存在"], period=period)


def test_title_naming_another_period_than_chosen_names_the_cell(county, tmp_path):
    grid, merges = h.bureau_table(title="示例县规模以上工业企业主要经济指标 2023年1-7月")
    path = h.write_xlsx(tmp_path / "s.xlsx", grid, merges)
    refused(path, ["第1行", "A列", "2023年1-7月", "2023年1-8月", "不一致"], period="2023-08")


def sparse_xlsx(cells: str, dimension: str | None = None) -> bytes:
    """A minimal .xlsx of one sheet whose sheetData is `cells`."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
                   '.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                                  'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                                      '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                                                 f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        dim = f'<dimension ref="{dimension}"/>' if dimension else ""
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}">{dim}<sheetData>{cells}</sheetData></worksheet>')
    return buf.getvalue()


FAR_CELL = '<row r="1"><c r="A1"><v>1</v></c></row><row r="150000"><c r="XFD150000"><v>1</v></c></row>'


@pytest.mark.parametrize("dimension", ["A1:XFD150000", "A1:A1", None], ids=["declared", "lying", "undeclared"])
def test_a_sheet_spanning_a_huge_area_is_refused_before_it_is_read(county, dimension):
    """1.5 KB holding A1 and XFD150000 would make the reader allocate 2.4 billion cells: refused
    from the cells' own references (whatever the dimension says), before the reader is called."""
    data = sparse_xlsx(FAR_CELL, dimension)
    assert len(data) < 2048
    refused(data, ["工作表“S”有16384列", "超过导入上限"], file_name="小文件.xlsx")


def test_a_sheet_of_many_rows_is_refused_before_it_is_read(county, settings):
    settings.YUANQU_RULES = {**settings.YUANQU_RULES, "import_max_rows": 1000}
    data = sparse_xlsx('<row r="1"><c r="A1"><v>1</v></c></row><row r="5000"><c r="B5000"><v>1</v></c></row>')
    refused(data, ["工作表“S”有5000行", "超过导入上限1000行"], file_name="rows.xlsx")


def test_a_sheet_of_many_columns_is_refused_before_it_is_read(county):
    data = sparse_xlsx('<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>1</v></c></row>')
    refused(data, ["工作表“S”有702列", "超过导入上限500列"], file_name="wide.xlsx")


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", names())
def test_the_header_forms_the_templates_suggest_are_accepted(kind):
    """Every header 填写说明 offers for a column — "工业总产值/本年1-本月" in one cell too — is read as it."""
    spec = get_kind(kind)
    index = H.HeaderIndex.of(spec)
    other = next(c for c in spec.columns if not c.group)
    for col in spec.columns:
        for form in [spec.header_of(col), *header_forms(spec, col)]:
            partner = other if other is not col else next(c for c in spec.columns if c is not col and not c.group)
            table = H.locate_table(Sheet("s", [[form, spec.header_of(partner)], [1, 2]]), index, 2023)
            assert table is not None and table.columns.get(col.name) and table.columns[col.name].index == 0, form


def test_each_templates_sample_row_imports_as_it_is(county, tmp_path):
    """The templates of a county that has set up what its rows name (a park, categories, departments,
    banks): the sample row of each kind imports as it is, the tickets' included."""
    from yuanqu.factors.factories import InstitutionFactory
    from yuanqu.org.factories import DepartmentFactory
    from yuanqu.service.factories import TicketCategoryFactory

    region = county[0]
    TicketCategoryFactory(code="utility", name="水电气保障")
    DepartmentFactory(code="power", name="国网示例县供电公司", short_name="供电公司", region=region)
    InstitutionFactory(name="中国农业发展银行示例县支行", short_name="农发行")
    for kind in registry():  # the roster and the land first: the buildings and revitalization name them
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(template_bytes(kind, region=region))
        result = service.execute(path, kind, today=h.TODAY)
        assert result.status == service.IMPORTED, (kind, [str(i) for i in result.issues])
