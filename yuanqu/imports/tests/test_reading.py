"""Reading, locating the header, parsing: files that are not workbooks, encodings, header detection, values."""
import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from yuanqu.imports import header as H
from yuanqu.imports import parse as P
from yuanqu.imports import read as R
from yuanqu.imports import service
from yuanqu.imports import values as V
from yuanqu.imports.kinds import get_kind

from . import helpers as h

# --------------------------------------------------------------------------- files that cannot be read


def read_error(source, name=None) -> str:
    with pytest.raises(R.ReadError) as exc:
        R.open_workbook(source, name)
    return str(exc.value)


def test_not_a_workbook(tmp_path):
    p = tmp_path / "报表.xlsx"
    p.write_bytes(b"this is not a spreadsheet at all")
    msg = read_error(p)
    assert "报表.xlsx" in msg and "不是 Excel 工作簿" in msg


def test_binary_garbage_named_csv(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(bytes(range(256)) * 20)
    assert "不是" in read_error(p)


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile
    p = tmp_path / "a.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "无法作为 Excel 工作簿读取" in read_error(p)


def test_html_saved_as_xls(tmp_path):
    p = tmp_path / "导出.xls"
    p.write_text("<html><body><table><tr><td>企业名称</td></tr></table></body></html>", encoding="utf-8")
    assert "网页" in read_error(p) and "另存为" in read_error(p)


def test_empty_file(tmp_path):
    p = tmp_path / "空.csv"
    p.write_bytes(b"")
    assert "空文件" in read_error(p)


def test_workbook_without_data(tmp_path):
    p = h.write_xlsx(tmp_path / "blank.xlsx", [[]])
    assert "是空的" in read_error(p)


def test_encrypted_ole_container(tmp_path):
    # an encrypted .xlsx is an OLE2 container holding an "EncryptedPackage" stream
    p = tmp_path / "加密.xlsx"
    p.write_bytes(R.OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    msg = read_error(p)
    assert "密码" in msg and "加密" in msg


@pytest.mark.skipif(not h.soffice(), reason="LibreOffice (soffice) is not installed: cannot make an encrypted .xls")
def test_password_protected_xls(tmp_path):
    grid, merges = h.bureau_table()
    src = h.write_xlsx(tmp_path / "src.xlsx", grid, merges)
    enc = h.encrypted_xls(src)
    if enc is None:
        pytest.skip("LibreOffice's Python UNO bridge (python3-uno) is not available to save with a password")
    msg = read_error(enc)
    assert "密码" in msg


@override_settings(YUANQU_RULES={"import_max_mb": 0.001, "import_max_rows": 200000})
def test_file_over_the_size_limit(tmp_path):
    p = tmp_path / "big.csv"
    p.write_bytes(b"a,b\n" * 1000)
    msg = read_error(p)
    assert "超过导入上限" in msg and "拆分" in msg


@override_settings(YUANQU_RULES={"import_max_mb": 50, "import_max_rows": 5})
def test_sheet_over_the_row_limit(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_bytes(b"a,b\n" * 10)
    assert "超过导入上限5行" in read_error(p)


def test_upload_object_and_bytes(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    data = "企业名称,工业总产值\n示例企业1,1\n".encode("gbk")
    wb = R.open_workbook(SimpleUploadedFile("上传.csv", data))
    assert wb.file_name == "上传.csv" and wb.sheets[0].rows[1] == ["示例企业1", "1"]
    wb2 = R.open_workbook(data, "b.csv")
    assert wb2.sha256 == wb.sha256


@pytest.mark.django_db
def test_unreadable_file_through_the_service_is_a_message_not_a_traceback(tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_bytes(b"PK\x03\x04 broken")
    result = service.execute(p, "stats", period="2023-08")
    assert result.status == service.REFUSED
    assert "x.xlsx" in str(result.errors[0])
    rc, out, err = h.cli("import", str(p), "--kind", "stats")
    assert rc == 1 and "错误" in out


# --------------------------------------------------------------------------- csv encodings


@pytest.mark.parametrize("encoding,expected", [("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"),
                                               ("utf-8", "utf-8"), ("utf-16", "utf-16")])
def test_csv_encodings(tmp_path, encoding, expected):
    text = "企业名称\t工业总产值（千元）\n示例企业１\t1,234\n" if encoding == "utf-16" else \
        "企业名称,工业总产值（千元）\n示例企业１,\"1,234\"\n"
    data = text.encode("utf-8-sig") if encoding == "utf-8-sig" else text.encode(encoding)
    p = tmp_path / "a.csv"
    p.write_bytes(data)
    wb = R.open_workbook(p)
    assert wb.encoding == expected
    assert wb.sheets[0].rows[1] == ["示例企业１", "1,234"]


# --------------------------------------------------------------------------- header detection


def test_header_cleaning():
    assert H.clean_header("工业总产值\n(千元)") == ("工业总产值", "千元")
    assert H.clean_header("工业总产值（当年价格）") == ("工业总产值", None)
    assert H.clean_header("本年1—8月") == ("本年1-本月", None)
    assert H.clean_header("2023年1-8月", 2023) == ("本年1-本月", None)
    assert H.clean_header("2022年1-8月", 2023) == ("上年1-本月", None)
    assert H.clean_header("面积/亩") == ("面积", "亩")
    assert H.clean_header("营业收入（单位：万元）") == ("营业收入", "万元")
    assert H.clean_header("＊企业名称") == ("企业名称", None)


def test_locate_two_row_header_with_merges_title_unit_numbering():
    grid, merges = h.bureau_table()
    sheet = R.Sheet("s", [list(r) for r in grid], [((r0, c0), (r1, c1)) for r0, c0, r1, c1 in merges])
    table = H.locate_table(sheet, H.HeaderIndex.of(get_kind("stats")), 2023)
    assert (table.header_first, table.header_last) == (2, 3)
    assert table.data_start == 5  # the 栏次 row 甲 乙 丙 1 2 3 … is skipped
    assert table.units == {"money": "千元"}
    assert table.columns["output_prev_cum"].index == 4
    assert table.columns["electricity_cum"].unit == "万千瓦时"
    assert [t for _, t in table.ignored] == ["序号", "备注"]


def test_unmerged_group_cells_are_filled_across():
    # a CSV (no merge information): the group value only over its first column
    grid = [["企业名称", "营业收入", "", "利润总额", ""], ["", "本年", "上年同期", "本年", "上年同期"], ["a", 1, 2, 3, 4]]
    table = H.locate_table(R.Sheet("s", grid), H.HeaderIndex.of(get_kind("stats")))
    assert {k: c.index for k, c in table.columns.items()} == {
        "enterprise_name": 0, "revenue_cum": 1, "revenue_prev_cum": 2, "profit_cum": 3, "profit_prev_cum": 4}


def test_row_kinds():
    assert P.row_kind(["", None, " "]) == "blank"
    assert P.row_kind(["单位负责人：张三", "", "填表人：李四"]) == "footer"
    assert P.row_kind(["填表人 王五"]) == "footer"
    assert P.row_kind(["合 计", "", 12]) == "total"
    assert P.row_kind(["", "总计", 12]) == "total"
    assert P.row_kind(["其中：园区", 1]) == "subtotal"
    assert P.row_kind([1, "示例企业", 3]) == "data"


def test_period_in_title():
    assert H.period_in_text("示例县规模以上工业企业主要经济指标 2023年1-8月") == (2023, 8)
    assert H.period_in_text("２０２３年１—２月") == (2023, 2)
    assert H.period_in_text("2023年8月") == (2023, 8)
    assert H.period_in_text("规上工业") is None


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize("raw,expected", [
    ("１２３", Decimal("123")), ("1,234.56", Decimal("1234.56")), ("1，234", Decimal("1234")),
    (1234.56, Decimal("1234.56")), (0.1, Decimal("0.1")), (12, Decimal("12")), ("—", None), ("-", None),
    ("", None), (None, None), ("  ", None), ("－", None), ("12.5%", Decimal("12.5")), ("(300)", Decimal("-300")),
    ("－12", Decimal("-12")), ("1e3", Decimal("1E+3")),
])
def test_to_decimal(raw, expected):
    assert V.to_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12a", "1,2", "1.2.3", dt.date(2023, 1, 1), True])
def test_to_decimal_refuses(raw):
    with pytest.raises(V.Problem):
        V.to_decimal(raw)


def test_units_are_converted_exactly():
    money = V.Number("money")
    assert money.parse(12345, V.factor("money", "千元")) == Decimal("1234.5")
    assert money.parse("98,765,432", V.factor("money", "元")) == Decimal("9876.5432")
    assert money.parse(1.23, V.factor("money", "亿元")) == Decimal("12300")
    assert money.parse(0.1, V.factor("money", "万元")) == Decimal("0.1")
    assert V.Number("area_mu").parse(2, V.factor("area_mu", "公顷")) == Decimal("30")


def test_dates():
    assert V.to_date("2023-08-15") == dt.date(2023, 8, 15)
    assert V.to_date("2023/8/5") == dt.date(2023, 8, 5)
    assert V.to_date("2023年8月5日") == dt.date(2023, 8, 5)
    assert V.to_date("２０２３.８.５") == dt.date(2023, 8, 5)
    assert V.to_date(45153.0) == dt.date(2023, 8, 15)  # an Excel serial without a date format
    assert V.to_date(20230815) == dt.date(2023, 8, 15)
    assert V.to_date(dt.datetime(2023, 8, 15, 10, 0)) == dt.date(2023, 8, 15)
    with pytest.raises(V.Problem):
        V.to_date("2023-02-30")
    with pytest.raises(V.Problem):
        V.to_date("下月")


def test_choices_bools_codes():
    from yuanqu.projects.models import Project
    level = V.Choice(Project.KeyLevel.choices)
    assert level.parse("省重点") == "province" and level.parse("") == "" and level.parse("city") == "city"
    with pytest.raises(V.Problem) as exc:
        level.parse("国家重点")
    assert "省重点" in exc.value.expected
    assert V.Bool().parse("是") is True and V.Bool().parse("×") is False and V.Bool().parse("") is None
    assert V.CreditCode().parse(" ９１３５０２００７７６０４９６５３ａ ") == "91350200776049653A"
    with pytest.raises(V.Problem):
        V.CreditCode().parse("91350203M0001QAY9B")
    assert V.Number(integer=True).parse(12.0) == 12
    with pytest.raises(V.Problem):
        V.Number(integer=True).parse(12.5)


@pytest.mark.django_db
@pytest.mark.parametrize("name,data", [
    ("不是表格.xlsx", b"plain text, not a workbook"),
    ("空.csv", b""),
    ("加密.xlsx", R.OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")),
    ("网页.xls", "<html><table><tr><td>企业名称</td></tr></table></html>".encode("utf-8")),
])
def test_unreadable_files_change_nothing(county, tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    before = h.snapshot()
    result = service.execute(p, "stats", period="2023-08", today=h.TODAY)
    assert result.status == service.REFUSED and name in str(result.errors[0])
    assert h.snapshot() == before


@pytest.mark.django_db
@override_settings(YUANQU_RULES={"import_max_mb": 0.0001, "import_max_rows": 200000})
def test_huge_file_changes_nothing(county, tmp_path):
    grid, merges = h.bureau_table()
    p = h.write_xlsx(tmp_path / "big.xlsx", grid, merges)
    before = h.snapshot()
    rc, out, err = h.cli("import", str(p), "--kind", "stats")
    assert rc == 1 and "超过导入上限" in out
    assert h.snapshot() == before


@pytest.mark.django_db
def test_progress_bar_on_large_files(county, tmp_path):
    rows = ["统一社会信用代码,企业名称,工业总产值本年1-本月,工业总产值上年同期1-本月"]
    rows += [f"{h.code(1 + i % 3)},示例企业{1 + i % 3},{i},{i}" for i in range(2500)]
    p = tmp_path / "大文件2023年1-8月.csv"
    p.write_text("\n".join(rows), encoding="utf-8")
    rc, out, err = h.cli("import", str(p), "--kind", "stats", "--dry-run")
    assert rc == 1  # duplicate firms: refused, but the bar was drawn while reading
    assert "读取 [" in err and "#" in err
    assert "与第2行重复" in out
