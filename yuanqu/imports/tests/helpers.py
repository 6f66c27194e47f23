"""Test helpers: a small county in the database, and workbooks made by the tests in every variant.

No factories exist for these models yet (see yuanqu/<app>/factories.py): rows are made with the ORM.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from yuanqu.core.creditcode import make_code

TODAY = dt.date(2023, 9, 15)  # "today" for service calls: the 2023-08 statistics have just come out


def code(n: int) -> str:
    return make_code("91510000", n)


def county():
    """A county with one park and three enterprises on the 2023 roster (made with the apps' factories)."""
    from yuanqu.enterprises.factories import EnterpriseFactory, RosterEntryFactory
    from yuanqu.org.factories import ParkFactory, RegionFactory

    region = RegionFactory(code="510000", name="示例县")
    park = ParkFactory(region=region, code="P1", name="示例工业园区", short_name="工业园")
    firms = []
    for n in (1, 2, 3):
        e = EnterpriseFactory(credit_code=code(n), name=f"示例企业{n}", park=park, industry_code="",
                              land_area_mu=Decimal("0"))
        RosterEntryFactory(enterprise=e, year=2023)
        firms.append(e)
    return region, park, firms


SNAPSHOT_MODELS = (
    "core.DataBatch", "imports.Revision", "enterprises.Enterprise", "enterprises.RosterEntry",
    "enterprises.MonthlyStat", "projects.Project", "projects.AnnualPlan", "projects.Progress",
    "land.LandParcel", "land.FactoryBuilding", "land.Revitalization", "service.Ticket", "policies.Policy",
    "factors.Loan", "factors.LabourSupply",
)


def snapshot() -> dict:
    """Every row of every table an import can write, for "zero rows changed" assertions."""
    out = {}
    for label in SNAPSHOT_MODELS:
        model = apps.get_model(label)
        out[label] = list(model.objects.order_by("pk").values())
    return out


# --------------------------------------------------------------------------- statistics workbooks

GROUPS = [
    ("工业总产值(当年价格)", "output"),
    ("营业收入", "revenue"),
    ("利润总额", "profit"),
    ("税金总额", "tax"),
    ("工业用电量(万千瓦时)", "electricity"),
    ("从业人员平均人数(人)", "employees"),
]


def stats_rows():
    """Detail rows as typed by a statistics office, in 千元 (electricity 万千瓦时, people 人).

    Each value: (cell as written, expected stored value). Cells show full-width digits, thousands
    separators, dashes and blanks."""
    return [
        {
            "code": code(1), "name": "示例企业1",
            "output": (("1,234,567", Decimal("123456.7")), (1000000, Decimal("100000"))),
            "revenue": ((1200000.5, Decimal("120000.05")), ("１１０００００", Decimal("110000"))),
            "profit": ((-3456, Decimal("-345.6")), (2000, Decimal("200"))),
            "tax": (("—", None), ("-", None)),
            "electricity": ((123.45, Decimal("123.45")), ("１２０.５", Decimal("120.5"))),
            "employees": ((312, 312), ("２９８", 298)),
        },
        {
            "code": code(2), "name": "示例企业2",
            "output": ((50000, Decimal("5000")), (45000, Decimal("4500"))),
            "revenue": ((48000, Decimal("4800")), (44000, Decimal("4400"))),
            "profit": ((1000, Decimal("100")), (900, Decimal("90"))),
            "tax": ((800, Decimal("80")), ("", None)),
            "electricity": ((10, Decimal("10")), (9.5, Decimal("9.5"))),
            "employees": ((45, 45), (44, 44)),
        },
    ]


def expected_stats(rows=None) -> dict:
    """credit code → {field: expected stored value} for stats_rows()."""
    out = {}
    for row in rows or stats_rows():
        vals = {}
        for _, stem in GROUPS:
            (_, cur), (_, prev) = row[stem]
            if stem == "employees":
                vals["employees"], vals["employees_prev"] = cur, prev
            else:
                vals[f"{stem}_cum"], vals[f"{stem}_prev_cum"] = cur, prev
        out[row["code"]] = vals
    return out


def _total(rows, stem, i):
    s = Decimal(0)
    for row in rows:
        v = row[stem][i][1]
        if v is not None:
            s += Decimal(v)
    return s


def bureau_table(rows=None, *, title="示例县规模以上工业企业主要经济指标 2023年1-8月", unit="单位：千元",
                 total=True, footer=True, numbering=True, extra_column=True, month_columns=False,
                 total_override=None) -> list[list]:
    """The bureau's statistics table as a grid of cells (header rows two deep, groups first cell only),
    and the merges [(r0, c0, r1, c1)]. Values of the 合计 row in the file's unit (千元)."""
    rows = rows or stats_rows()
    grid, merges = [], []
    if title:
        grid.append([title])
    if unit:
        grid.append([unit])
    h = len(grid)
    head1 = ["序号", "统一社会信用代码", "企业名称"]
    head2 = ["", "", ""]
    for c in range(3):
        merges.append((h, c, h + 1, c))
    for group, stem in GROUPS:
        roles = ["本年1-本月", "上年同期1-本月"]
        if month_columns and stem == "output":
            roles += ["本月", "上年同月"]
        merges.append((h, len(head1), h, len(head1) + len(roles) - 1))
        head1 += [group] + [""] * (len(roles) - 1)
        head2 += roles
    if extra_column:
        head1.append("备注")
        head2.append("")
        merges.append((h, len(head1) - 1, h + 1, len(head1) - 1))
    grid += [head1, head2]
    if numbering:
        grid.append(["甲", "乙", "丙"] + list(range(1, len(head2) - 3 - (1 if extra_column else 0) + 1)))
    for i, row in enumerate(rows, start=1):
        cells = [i, row["code"], row["name"]]
        for _, stem in GROUPS:
            cells += [row[stem][0][0], row[stem][1][0]]
            if month_columns and stem == "output":
                cells += list(row.get("output_month", ("", "")))
        if extra_column:
            cells.append("新入规" if i == 1 else "")
        grid.append(cells)
        if i == 1:
            grid.append([])  # a blank row among the details
    if total:
        cells = ["合计", "", ""]
        for _, stem in GROUPS:
            factor = Decimal(1) if stem in ("electricity", "employees") else Decimal(10)
            cur, prev = (_total(rows, stem, 0) * factor, _total(rows, stem, 1) * factor)
            cells += [float(cur), float(prev)]
            if month_columns and stem == "output":
                cells += ["", ""]
        if total_override:
            for col, value in total_override.items():
                cells[col] = value
        grid.append(cells)
    if footer:
        grid.append([])
        grid.append(["单位负责人：张三", "", "统计负责人：李四", "", "填表人：王五", "", "报出日期：2023年9月12日"])
    return grid, merges


def write_xlsx(path: Path, grid, merges=(), sheet="规上工业") -> Path:
    """Write a grid with xlsxwriter: merged cells hold their value in the first cell only."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    merged_first = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if (r, c) in merged_first:
                r1, c1 = merged_first[(r, c)]
                ws.merge_range(r, c, r1, c1, v)
            elif (r, c) in covered or v in ("", None):
                continue
            elif isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), wb.add_format({"num_format": "yyyy-mm-dd"}))
            else:
                ws.write_number(r, c, v)
    wb.close()
    return path


def write_csv(path: Path, grid, encoding: str) -> Path:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in grid:
        w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in row])
    text = buf.getvalue()
    data = text.encode("utf-8-sig") if encoding == "utf-8-sig" else text.encode(encoding)
    path.write_bytes(data)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_xls(xlsx: Path) -> Path:
    """Convert with LibreOffice headless (a real BIFF8 .xls, not a renamed file)."""
    out = xlsx.parent
    profile = out / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=120)
    xls = xlsx.with_suffix(".xls")
    assert xls.exists() and xls.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return xls


UNO_SCRIPT = r'''
import os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
src, dst, pw, profile = sys.argv[1:5]
port = 20000 + os.getpid() % 20000
p = subprocess.Popen([os.environ.get("SOFFICE", "soffice"), "--headless", "--invisible", "--norestore",
                      "-env:UserInstallation=file://" + profile,
                      "--accept=socket,host=127.0.0.1,port=%d;urp;" % port],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def pv(n, v):
    x = PropertyValue(); x.Name = n; x.Value = v; return x
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(150):
        try:
            ctx = resolver.resolve("uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext" % port)
            break
        except Exception:
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (pv("Hidden", True),))
    doc.storeToURL(uno.systemPathToFileUrl(dst), (pv("FilterName", "MS Excel 97"), pv("Password", pw)))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        p.wait(timeout=30)
    except Exception:
        p.kill()
'''


def encrypted_xls(xlsx: Path) -> Path | None:
    """A password-protected .xls saved by LibreOffice through UNO, or None when UNO is not available."""
    if not soffice():
        return None
    python = None
    for candidate in ("/usr/bin/python3", shutil.which("python3")):  # the system Python has LibreOffice's uno
        if candidate and os.path.exists(candidate) and \
                subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            python = candidate
            break
    if python is None:
        return None
    script = xlsx.parent / "encrypt_uno.py"
    script.write_text(UNO_SCRIPT, encoding="utf-8")
    dst = xlsx.parent / "encrypted.xls"
    env = dict(os.environ, SOFFICE=soffice())
    subprocess.run([python, str(script), str(xlsx.resolve()), str(dst.resolve()), "secret",
                    str((xlsx.parent / "lo-uno-profile").resolve())], check=True, capture_output=True,
                   timeout=180, env=env)
    return dst if dst.exists() else None


def cli(*args) -> tuple[int, str, str]:
    """Run `yuanqu import …`: (exit code, stdout, stderr). CommandError = exit 1."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        rc = 0
    except CommandError as exc:
        err.write(str(exc))
        rc = 1
    return rc, out.getvalue(), err.getvalue()
