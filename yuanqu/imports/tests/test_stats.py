"""The statistics import: the bureau's real layout in every file format, exact values, all or nothing."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from yuanqu.core.models import DataBatch
from yuanqu.core.periods import Period
from yuanqu.enterprises.models import MonthlyStat
from yuanqu.imports import service
from yuanqu.imports.models import Revision

from . import helpers as h

pytestmark = pytest.mark.django_db

FIELDS = ["output_cum", "output_prev_cum", "revenue_cum", "revenue_prev_cum", "profit_cum", "profit_prev_cum",
          "tax_cum", "tax_prev_cum", "electricity_cum", "electricity_prev_cum", "employees", "employees_prev"]


def stored(year=2023, month=8) -> dict:
    out = {}
    for s in MonthlyStat.objects.filter(year=year, month=month).select_related("enterprise"):
        out[s.enterprise.credit_code] = {f: getattr(s, f) for f in FIELDS}
    return out


def assert_exact(expected: dict, year=2023, month=8):
    got = stored(year, month)
    assert set(got) == set(expected)
    for code, values in expected.items():
        for f, v in values.items():
            assert got[code][f] == v, (code, f, got[code][f], v)
            if isinstance(v, Decimal):
                assert isinstance(got[code][f], Decimal)


def run_import(path, **kw):
    kw.setdefault("today", h.TODAY)
    return service.execute(path, "stats", **kw)


# --------------------------------------------------------------------------- every file format


def test_bureau_xlsx_two_row_merged_header_exact_values(county, tmp_path):
    grid, merges = h.bureau_table()
    path = h.write_xlsx(tmp_path / "规上工业2023年1-8月.xlsx", grid, merges)
    result = run_import(path)
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    assert result.run.period == Period(2023, 8)  # from the title line
    assert_exact(h.expected_stats())
    batch = result.batch
    assert batch.source == DataBatch.Source.IMPORT and batch.kind == "stats"
    assert (batch.period_year, batch.period_month, batch.row_count) == (2023, 8, 2)
    assert batch.file_name == path.name and len(batch.file_sha256) == 64
    assert set(MonthlyStat.objects.values_list("batch_id", flat=True)) == {batch.pk}
    # the unit line was read and said so; 序号 and 备注 were ignored
    texts = [str(i) for i in result.infos]
    assert any("千元" in t and "万元" in t for t in texts)
    assert any("序号" in t and "备注" in t for t in texts)


@pytest.mark.skipif(not h.soffice(), reason="LibreOffice (soffice) is not installed: cannot make a real .xls; "
                                            "install libreoffice-calc-nogui")
def test_xls_made_by_libreoffice(county, tmp_path):
    grid, merges = h.bureau_table()
    xls = h.to_xls(h.write_xlsx(tmp_path / "stats.xlsx", grid, merges))
    result = run_import(xls)
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    assert result.run.workbook.format == "xls"
    assert_exact(h.expected_stats())


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_the_encodings_excel_and_wps_save(county, tmp_path, encoding):
    grid, _ = h.bureau_table()  # merged group cells: the value in the first cell, the rest empty
    path = h.write_csv(tmp_path / f"stats-{encoding}.csv", grid, encoding)
    result = run_import(path)
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    assert result.run.workbook.encoding in ({"gbk": "gb18030", "utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}[encoding],)
    assert_exact(h.expected_stats())


def test_flat_header_any_order_units_in_headers_and_given_period(county, tmp_path):
    grid = [
        ["企业名称", "其他指标", "营业收入本年1-本月(万元)", "本年工业总产值(亿元)", "工业总产值上年同期(元)",
         "统一社会信用代码"],
        ["示例企业1", "x", "1,200.5", 1.2345, 98765432.1, h.code(1)],
        ["示例企业2", "y", "—", "0.01", "", h.code(2)],
    ]
    path = h.write_xlsx(tmp_path / "flat.xlsx", grid)
    result = run_import(path, period="2023-07")
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    got = stored(2023, 7)
    assert got[h.code(1)]["revenue_cum"] == Decimal("1200.50")
    assert got[h.code(1)]["output_cum"] == Decimal("12345.00")  # 1.2345 亿元 = 12345 万元
    assert got[h.code(1)]["output_prev_cum"] == Decimal("9876.54")  # 98765432.1 元, rounded to 2 decimals
    assert any(i.code == "rounded" for i in result.infos)
    assert got[h.code(2)]["revenue_cum"] is None and got[h.code(2)]["output_cum"] == Decimal("100.00")


def test_enterprise_by_name_only(county, tmp_path):
    grid = [["单位详细名称", "工业总产值", "上年同期"], ["示例企业３", 10, 9]]  # full-width digit in the name
    grid[0] = ["单位详细名称", "工业总产值本年1-本月", "工业总产值上年同期1-本月"]
    result = run_import(h.write_xlsx(tmp_path / "n.xlsx", grid), period="2023-08")
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    assert stored()[h.code(3)]["output_cum"] == Decimal("10")


# --------------------------------------------------------------------------- re-import, corrections, dry run


def test_reimport_same_file_changes_nothing(county, tmp_path):
    grid, merges = h.bureau_table()
    path = h.write_xlsx(tmp_path / "s.xlsx", grid, merges)
    first = run_import(path)
    assert first.status == service.IMPORTED
    before = h.snapshot()
    again = run_import(path)
    assert again.status == service.UNCHANGED
    assert again.counts["月度统计"] == {"new": 0, "changed": 0, "unchanged": 2, "removed": 0}
    after = h.snapshot()
    # only a batch record saying that nothing changed was added
    assert after["core.DataBatch"][:-1] == before["core.DataBatch"]
    assert "未修改任何数据" in after["core.DataBatch"][-1]["note"]
    for label in h.SNAPSHOT_MODELS:
        if label != "core.DataBatch":
            assert after[label] == before[label], label
    assert Revision.objects.count() == 0


def test_corrected_file_replaces_values_and_keeps_revisions(county, tmp_path):
    grid, merges = h.bureau_table()
    first = run_import(h.write_xlsx(tmp_path / "s.xlsx", grid, merges))
    rows = h.stats_rows()
    rows[1]["output"] = ((52000, Decimal("5200")), (45000, Decimal("4500")))
    rows[1]["tax"] = ((850, Decimal("85")), ("", None))
    grid2, merges2 = h.bureau_table(rows)
    from yuanqu.accounts.factories import UserFactory
    user = UserFactory(username="tongji", display_name="统计员")
    second = run_import(h.write_xlsx(tmp_path / "s-更正.xlsx", grid2, merges2), user=user)
    assert second.status == service.IMPORTED
    assert second.counts["月度统计"] == {"new": 0, "changed": 1, "unchanged": 1, "removed": 0}
    assert_exact(h.expected_stats(rows))
    # one revision for the one changed record, holding every changed value before and after, exactly
    rev = Revision.objects.get(batch=second.batch)
    firm2 = MonthlyStat.objects.get(enterprise__credit_code=h.code(2))
    assert (rev.model, rev.object_id, rev.action) == ("enterprises.MonthlyStat", firm2.pk, "update")
    assert rev.changes == {"output_cum": ["5000.00", "5200.00"], "tax_cum": ["80.00", "85.00"]}
    assert rev.items() == [("output_cum", "5000.00", "5200.00"), ("tax_cum", "80.00", "85.00")]
    assert rev.sheet and rev.row == 8  # title, unit, two header rows, 栏次, firm 1, a blank row, firm 2
    assert second.batch.user == user and second.batch.file_name == "s-更正.xlsx"
    assert second.batch.file_sha256 != first.batch.file_sha256
    firm2 = MonthlyStat.objects.get(enterprise__credit_code=h.code(2))
    firm1 = MonthlyStat.objects.get(enterprise__credit_code=h.code(1))
    assert firm2.batch == second.batch and firm2.written_by == user
    assert firm1.batch == first.batch  # unchanged rows keep the batch that wrote them


def test_dry_run_shows_changes_and_writes_nothing(county, tmp_path):
    grid, merges = h.bureau_table()
    path = h.write_xlsx(tmp_path / "s.xlsx", grid, merges)
    before = h.snapshot()
    rc, out, err = h.cli("import", str(path), "--kind", "stats", "--dry-run")
    assert rc == 0, out + err
    assert "新增2，修改0，未变0" in out and "试运行" in out and "示例企业1" in out
    assert h.snapshot() == before
    preview = service.prepare(path, "stats", today=h.TODAY)
    data = preview.as_dict()
    assert data["status"] == service.PREVIEW and data["counts"]["月度统计"]["new"] == 2
    assert data["period_label"] == "2023年1-8月" and data["header_rows"] == [3, 4]


def test_cli_imports_and_exits_zero(county, tmp_path):
    grid, merges = h.bureau_table()
    path = h.write_xlsx(tmp_path / "s.xlsx", grid, merges)
    rc, out, err = h.cli("import", str(path), "--kind", "stats", "--period", "2023-08")
    assert rc == 0, out + err
    assert "已导入" in out
    assert MonthlyStat.objects.count() == 2


# --------------------------------------------------------------------------- bad input: message + nothing written


def refused(path, expect: list[str], *, period=None, status=service.REFUSED, **kw):
    """Import must be refused with a message containing every string in `expect`, and change nothing."""
    before = h.snapshot()
    result = run_import(path, period=period, **kw)
    assert result.status == status, [str(i) for i in result.issues]
    messages = [str(i) for i in (result.errors if status == service.REFUSED else result.warnings)]
    assert any(all(e in m for e in expect) for m in messages), messages
    assert h.snapshot() == before
    return result


def bad_stats(tmp_path, mutate, name="bad.xlsx", **kw):
    rows = h.stats_rows()
    mutate(rows)
    grid, merges = h.bureau_table(rows, **kw)
    return h.write_xlsx(tmp_path / name, grid, merges)


def test_invalid_credit_code(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[1].update(code="91350203M0001QAY9B"))
    refused(path, ["第8行", "B列", "统一社会信用代码", "91350203M0001QAY9B", "校验位"])


def test_unknown_enterprise(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[1].update(code=h.code(77), name="不存在的企业"))
    refused(path, ["第8行", "B列", h.code(77), "找不到", "企业名录"])


def test_code_and_name_of_different_firms(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[1].update(name="示例企业3"))
    refused(path, ["第8行", "示例企业3", "不同"])


def test_duplicate_rows(county, tmp_path):
    def dup(rows):
        rows.append(dict(rows[1]))
    path = bad_stats(tmp_path, dup)
    refused(path, ["第9行", "与第8行重复", "示例企业2"])


def test_not_a_number(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[0].update(revenue=(("12O0", None), (1, 1))), total=False)
    refused(path, ["第6行", "F列", "营业收入", "12O0", "应为", "数字"])


def test_negative_where_not_allowed(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[0].update(output=((-5, None), (1, 1))), total=False)
    refused(path, ["第6行", "D列", "-5", "不得为负数"])


def test_thousands_separator_in_the_wrong_place(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[0].update(output=(("12,34", None), (1, 1))), total=False)
    refused(path, ["D列", "12,34", "千分位"])


def test_total_row_does_not_add_up(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: None, total_override={3: 9999999})
    refused(path, ["合计", "第9行", "D列", "9999999", "明细", "不符"])


def test_future_period(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: None, title="示例县规模以上工业企业主要经济指标 2023年1-10月")
    refused(path, ["期别2023年1-10月在未来"])


def test_period_given_differs_from_title(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: None)
    refused(path, ["2023年1-8月", "2023年1-7月", "不一致"], period="2023-07")


def test_no_period_anywhere(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: None, title="规模以上工业企业主要经济指标", name="stats.xlsx")
    refused(path, ["未能确定期别", "指定期别"])
    rc, out, err = h.cli("import", str(path), "--kind", "stats")  # the command line says how
    assert rc == 1 and "未能确定期别" in out and "--period" in out


def test_cumulative_lower_than_last_month(county, tmp_path):
    from yuanqu.enterprises.factories import MonthlyStatFactory
    MonthlyStatFactory(enterprise=county[2][0], year=2023, month=7, output_cum=Decimal("200000"),
                       output_prev_cum=None)
    path = bad_stats(tmp_path, lambda rows: None)
    refused(path, ["第6行", "工业总产值", "123456.7", "低于库中上月", "2023年1-7月", "200000"])


def test_cumulative_higher_than_next_month(county, tmp_path):
    from yuanqu.enterprises.factories import MonthlyStatFactory
    MonthlyStatFactory(enterprise=county[2][1], year=2023, month=9, output_cum=None, output_prev_cum=None,
                       revenue_cum=Decimal("4000"))
    path = bad_stats(tmp_path, lambda rows: None)
    refused(path, ["第8行", "营业收入", "4800", "高于库中下月", "2023年1-9月", "4000"])


def test_cumulative_every_firm_stored_one_message_a_value(county, tmp_path):
    """Every firm has the month before and after stored (the column compared at once): a value
    below the month before and above the month after gets one message, the one of the month before."""
    from yuanqu.enterprises.factories import MonthlyStatFactory
    ent1, ent2 = county[2][0], county[2][1]
    MonthlyStatFactory(enterprise=ent1, year=2023, month=7, output_cum=Decimal("200000"), output_prev_cum=None)
    MonthlyStatFactory(enterprise=ent2, year=2023, month=7, output_cum=Decimal("4000"), output_prev_cum=None)
    MonthlyStatFactory(enterprise=ent1, year=2023, month=9, output_cum=Decimal("100000"), output_prev_cum=None)
    MonthlyStatFactory(enterprise=ent2, year=2023, month=9, output_cum=Decimal("5000"), output_prev_cum=None)
    path = bad_stats(tmp_path, lambda rows: None)
    result = refused(path, ["第6行", "工业总产值", "123456.7", "低于库中上月", "200000"])
    cumulative = [i for i in result.errors if i.code == "cumulative"]
    assert len(cumulative) == 1, [str(i) for i in cumulative]  # firm 2: 4000 ≤ 5000 ≤ 5000 is right


def test_outlier_needs_confirmation(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[1].update(output=((90000, Decimal("9000")),
                                                                   (45000, Decimal("4500")))))
    result = refused(path, ["第8行", "工业总产值", "增长100.0%", "±50%", "确认"],
                     status=service.NEEDS_CONFIRMATION)
    assert not result.errors
    rc, out, err = h.cli("import", str(path), "--kind", "stats")
    assert rc == 1 and "--confirm-warnings" in err
    ok = run_import(path, confirm_warnings=True)
    assert ok.status == service.IMPORTED
    assert MonthlyStat.objects.get(enterprise__credit_code=h.code(2)).output_cum == Decimal("9000")


def test_missing_enterprise_columns(county, tmp_path):
    grid = [["指标", "工业总产值本年1-本月", "工业总产值上年同期1-本月"], ["示例企业1", 1, 2]]
    refused(h.write_xlsx(tmp_path / "x.xlsx", grid), ["缺少", "统一社会信用代码", "企业名称"], period="2023-08")


def test_wrong_kind_of_file(county, tmp_path):
    grid = [["地块编号", "面积"], ["DK1", 3]]
    refused(h.write_xlsx(tmp_path / "land.xlsx", grid), ["未找到", "表头"], period="2023-08")


def test_month_column_above_cumulative(county, tmp_path):
    rows = h.stats_rows()
    rows[0]["output_month"] = (2000000, 1)
    rows[1]["output_month"] = (6000, 5000)
    grid, merges = h.bureau_table(rows, month_columns=True)
    path = h.write_xlsx(tmp_path / "m.xlsx", grid, merges)
    refused(path, ["第6行", "工业总产值本月值", "大于1-本月累计值"])


def test_errors_xlsx_marks_the_bad_cells(county, tmp_path):
    path = bad_stats(tmp_path, lambda rows: rows[0].update(revenue=(("abc", None), (1, 1))), total=False)
    report = tmp_path / "errors.xlsx"
    rc, out, err = h.cli("import", str(path), "--kind", "stats", "--errors-xlsx", str(report))
    assert rc == 1
    assert "错误" in out and "abc" in out and "没有写入任何数据" in err
    wb = load_workbook(report)
    ws = wb["规上工业"]
    cell = ws["F6"]
    assert cell.value == "abc"
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "应为" in cell.comment.text
    assert ws["B6"].comment is None
    assert "问题清单" in wb.sheetnames
    assert MonthlyStat.objects.count() == 0


def numeric_rows():
    """The two firms with every cell a number typed as one (the usual bureau file)."""
    rows = h.stats_rows()
    rows[0].update(output=((1234567, Decimal("123456.7")), (1000000, Decimal("100000"))),
                   revenue=((1200000.5, Decimal("120000.05")), (1100000, Decimal("110000"))),
                   tax=((800, Decimal("80")), (700, Decimal("70"))),
                   electricity=((123.45, Decimal("123.45")), (120.5, Decimal("120.5"))),
                   employees=((312, 312), (298, 298)))
    return rows


def test_numeric_file_by_columns_exact_idempotent_revised(county, tmp_path):
    rows = numeric_rows()
    path = h.write_xlsx(tmp_path / "s.xlsx", *h.bureau_table(rows))
    first = run_import(path)
    assert first.status == service.IMPORTED, [str(i) for i in first.issues]
    assert_exact(h.expected_stats(rows))
    again = run_import(path)
    assert again.status == service.UNCHANGED
    assert again.counts["月度统计"] == {"new": 0, "changed": 0, "unchanged": 2, "removed": 0}
    rows[1]["output"] = ((52000, Decimal("5200")), (45000, Decimal("4500")))
    second = run_import(h.write_xlsx(tmp_path / "s-更正.xlsx", *h.bureau_table(rows)))
    assert second.counts["月度统计"] == {"new": 0, "changed": 1, "unchanged": 1, "removed": 0}
    assert_exact(h.expected_stats(rows))
    rev = Revision.objects.get(batch=second.batch)
    assert rev.changes == {"output_cum": ["5000.00", "5200.00"]}


def test_numeric_file_outlier_and_cumulative_checks(county, tmp_path):
    from yuanqu.enterprises.factories import MonthlyStatFactory
    rows = numeric_rows()
    rows[1]["output"] = ((90000, Decimal("9000")), (45000, Decimal("4500")))
    path = h.write_xlsx(tmp_path / "s.xlsx", *h.bureau_table(rows))
    refused(path, ["第8行", "工业总产值", "增长100.0%", "±50%"], status=service.NEEDS_CONFIRMATION)
    MonthlyStatFactory(enterprise=county[2][0], year=2023, month=9, output_cum=None, output_prev_cum=None,
                       revenue_cum=Decimal("120000.04"))
    refused(path, ["第6行", "营业收入", "120000.05", "高于库中下月", "120000.04"], confirm_warnings=True)


def test_older_period_than_the_newest_stored(county, tmp_path):
    """A file of an older period than the newest stored one imports exactly."""
    from yuanqu.enterprises.factories import MonthlyStatFactory
    MonthlyStatFactory(enterprise=county[2][0], year=2023, month=11, output_cum=None, output_prev_cum=None)
    path = h.write_xlsx(tmp_path / "s.xlsx", *h.bureau_table(numeric_rows()))
    result = run_import(path)
    assert result.status == service.IMPORTED, [str(i) for i in result.issues]
    assert_exact(h.expected_stats(numeric_rows()))
