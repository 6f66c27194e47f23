"""The .xlsx appendix: one sheet per table of the report (key projects, project lists, enterprise
ranking by output, parks, chains, every figure with its formula). Numbers are written as numbers
(万元 with two decimals, rates with one or two), so the office can sort and sum in Excel.
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from .document import Report, Table

FORMATS = {"money": "#,##0.00", "int": "#,##0", "pct": "0.0", "pct2": "0.00", "points": "0.00", "raw": "General",
           "date": "yyyy-mm-dd"}
BAD_SHEET_CHARS = '[]:*?/\\'


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _sheet_name(table: Table, used: set[str]) -> str:
    name = table.sheet or table.title
    for ch in BAD_SHEET_CHARS:
        name = name.replace(ch, "_")
    name, base, n = name[:31], name[:28], 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name


def write_table(workbook, worksheet, table: Table, styles: dict) -> None:
    last = max(len(table.columns) - 1, 0)
    if last:
        worksheet.merge_range(0, 0, 0, last, table.title, styles["title"])
    else:
        worksheet.write(0, 0, table.title, styles["title"])
    widths = [_width(c.header) + 2 for c in table.columns]
    for c, column in enumerate(table.columns):
        worksheet.write(1, c, column.header, styles["head"])
    for r, row in enumerate(table.rows, start=2):
        for c, (value, column) in enumerate(zip(row, table.columns)):
            if value is None or value == "":
                worksheet.write_blank(r, c, None, styles["cell"])
                continue
            if isinstance(value, bool):
                worksheet.write_string(r, c, "是" if value else "否", styles["cell"])
            elif isinstance(value, (Decimal, int, float)):
                worksheet.write_number(r, c, float(value), styles.get(column.kind, styles["raw"]))
                widths[c] = max(widths[c], min(len(f"{value:,.2f}") + 2, 24))
                continue
            elif isinstance(value, dt.date):
                worksheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), styles["date"])
            else:
                worksheet.write_string(r, c, str(value), styles["cell"])
            widths[c] = max(widths[c], min(_width(str(value)) + 2, 60))
    for c, w in enumerate(widths):
        worksheet.set_column(c, c, w)
    worksheet.freeze_panes(2, 0)
    if table.rows:
        worksheet.autofilter(1, 0, len(table.rows) + 1, last)
    if table.note:
        worksheet.write(len(table.rows) + 3, 0, f"注：{table.note}")


def render(report: Report) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    workbook = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"title": report.title, "author": "园区调度平台", "subject": report.kind_label})
    styles = {
        "title": workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "head": workbook.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                     "border": 1, "bg_color": "#DDEBF7"}),
        "cell": workbook.add_format({"border": 1}),
    }
    for kind, num_format in FORMATS.items():
        styles[kind] = workbook.add_format({"border": 1, "num_format": num_format})
    used: set[str] = set()
    for table in report.appendix_tables:
        write_table(workbook, workbook.add_worksheet(_sheet_name(table, used)), table, styles)
    workbook.close()
    return buf.getvalue()
