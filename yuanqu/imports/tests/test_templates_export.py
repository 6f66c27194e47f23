"""Blank templates per kind (read back by the importer) and the generic list export."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from yuanqu.enterprises.models import Enterprise, MonthlyStat
from yuanqu.imports import header as H
from yuanqu.imports import read as R
from yuanqu.imports import service
from yuanqu.imports.export import queryset_to_xlsx
from yuanqu.imports.kinds import get_kind, names
from yuanqu.imports.templates import template_bytes

from . import helpers as h


@pytest.mark.parametrize("kind", names())
def test_template_is_read_back_with_every_column(kind):
    spec = get_kind(kind)
    wb = R.open_workbook(template_bytes(kind), f"{kind}.xlsx")
    table = H.locate_table(wb.sheets[0], H.HeaderIndex.of(spec), 2023)
    assert set(table.columns) == {c.name for c in spec.columns if c.template}
    assert table.data_start == len(wb.sheets[0].rows) - 1  # one sample row
    if spec.period == "month":
        assert H.period_in_text(table.title_lines[0]) == (2023, 8)
    assert wb.sheets[1].name == "填写说明"


@pytest.mark.django_db
def test_templates_import_as_they_are(county, tmp_path):
    for kind in ("roster", "stats", "projects", "land", "buildings"):
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(template_bytes(kind))
        result = service.execute(path, kind, today=h.TODAY)
        assert result.status == service.IMPORTED, (kind, [str(i) for i in result.issues])
    firm = Enterprise.objects.get(name="示例纺织有限公司")
    stat = MonthlyStat.objects.get(enterprise=firm, year=2023, month=8)
    assert stat.output_cum == Decimal("12345.60") and stat.profit_prev_cum == Decimal("-12.30")


@pytest.mark.django_db
def test_import_template_command(tmp_path):
    out = tmp_path / "t.xlsx"
    rc, stdout, _ = h.cli("import-template", "--kind", "projects", "-o", str(out))
    assert rc == 0 and out.exists() and "重点项目调度" in stdout
    ws = load_workbook(out).active
    assert ws["A1"].value.startswith("重点项目调度表") and ws["A2"].value == "单位：万元"


@pytest.mark.django_db
def test_queryset_to_xlsx(county):
    region, park, firms = county
    from yuanqu.enterprises.factories import MonthlyStatFactory
    MonthlyStatFactory(enterprise=firms[0], year=2023, month=8, output_cum=Decimal("123456.78"),
                       output_prev_cum=None, employees=312)
    qs = MonthlyStat.objects.select_related("enterprise__park").order_by("enterprise__name")
    data = queryset_to_xlsx(qs, ["enterprise__credit_code", "enterprise__name", "enterprise__park", "output_cum",
                                 "profit_cum", "employees", ("期别", lambda s: f"{s.year}年1-{s.month}月")],
                            title="规上工业企业 2023年1-8月")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "规上工业企业 2023年1-8月"
    assert [c.value for c in ws[2]] == ["统一社会信用代码", "企业名称", "所在园区", "工业总产值（本年1—本月）",
                                        "利润总额（本年1—本月）", "从业人员平均人数（本年）", "期别"]
    row = [c.value for c in ws[3]]
    assert row[:3] == [h.code(1), "示例企业1", "示例工业园区"]
    assert Decimal(str(row[3])) == Decimal("123456.78") and row[4] is None and row[5] == 312
    assert row[6] == "2023年1-8月"
    assert ws["D3"].number_format == "#,##0.00"


def test_rows_to_xlsx_with_dicts_dates_and_choices():
    rows = [{"name": "甲", "date": dt.date(2023, 5, 1), "ok": True, "amount": Decimal("1.50")},
            {"name": "乙", "date": None, "ok": False, "amount": None}]
    data = queryset_to_xlsx(rows, [("名称", "name"), ("日期", "date"), ("达标", "ok"),
                                   {"header": "金额（万元）", "value": "amount", "format": "money"}], title="")
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == ["名称", "日期", "达标", "金额（万元）"]
    assert ws["B2"].value == dt.datetime(2023, 5, 1) and ws["C2"].value == "是" and ws["D2"].value == 1.5
    assert ws["B3"].value is None and ws["C3"].value == "否"
