"""The error report: a copy of the file (as .xlsx, via openpyxl) with the bad cells marked.

Cells named by an error are filled red, by a warning yellow, each with a comment holding the
message(s). A row-level problem without a column marks the row's first cell. A last sheet,
“问题清单”, lists every issue with its location.
"""
from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

from .run import ERROR, LEVEL_LABEL, WARNING, Run, column_letter

RED = "FFC7CE"
YELLOW = "FFEB9C"
LIST_SHEET = "问题清单"


def _safe_title(name: str, used: set) -> str:
    bad = '[]:*?/\\'
    title = "".join("_" if ch in bad else ch for ch in (name or "Sheet"))[:31] or "Sheet"
    base, n = title, 1
    while title in used:
        n += 1
        title = f"{base[:28]}_{n}"
    used.add(title)
    return title


def _cell_value(v):
    if isinstance(v, (dt.date, dt.datetime, int, float, bool)) or v is None:
        return v
    text = str(v)
    if text.startswith("="):
        return "'" + text  # never write a formula from an uploaded file
    return text


def error_workbook(run: Run) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    used: set = set()
    marks: dict[tuple[str, int, int], list] = defaultdict(list)
    for issue in run.issues:
        if issue.level not in (ERROR, WARNING) or issue.sheet is None or issue.row is None:
            continue
        col = issue.col if issue.col is not None else 0
        marks[(issue.sheet, issue.row, col)].append(issue)
    titles = {}
    for sheet in (run.workbook.sheets if run.workbook else []):
        ws = wb.create_sheet(_safe_title(sheet.name, used))
        titles[sheet.name] = ws.title
        for r, row in enumerate(sheet.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None or v == "":
                    continue
                ws.cell(row=r, column=c, value=_cell_value(v))
        for (r0, c0), (r1, c1) in sheet.merges:
            if (r0, c0) != (r1, c1):
                try:
                    ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
                except ValueError:  # pragma: no cover - overlapping merges in a broken file
                    pass
    red, yellow = PatternFill("solid", fgColor=RED), PatternFill("solid", fgColor=YELLOW)
    for (sheet, r, c), issues in marks.items():
        if sheet not in titles:
            continue
        ws = wb[titles[sheet]]
        cell = ws.cell(row=r, column=c + 1)
        if type(cell).__name__ == "MergedCell":  # pragma: no cover - a mark inside a merge: use its anchor
            continue
        is_error = any(i.level == ERROR for i in issues)
        cell.fill = red if is_error else yellow
        text = "\n".join(f"【{LEVEL_LABEL[i.level]}】{i.text}" for i in issues)
        comment = Comment(text, "数据导入")
        comment.width, comment.height = 320, min(60 + 40 * len(issues), 400)
        cell.comment = comment
    ws = wb.create_sheet(_safe_title(LIST_SHEET, used))
    ws.append(["级别", "工作表", "行", "列", "列名", "说明"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for issue in run.issues:
        ws.append([LEVEL_LABEL[issue.level], issue.sheet or "", issue.row or "",
                   column_letter(issue.col) if issue.col is not None else "", issue.header or "", issue.text])
    for letter, width in zip("ABCDEF", (8, 16, 8, 6, 24, 100)):
        ws.column_dimensions[letter].width = width
    if len(wb.sheetnames) > 1 and run.errors:
        wb.active = len(wb.sheetnames) - 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
