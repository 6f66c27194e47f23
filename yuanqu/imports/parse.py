"""Stage 3, parse: the rows under the header → data rows with a value per column.

Each row below the header is blank, a footer line (单位负责人：… 填表人：…, which ends the table
once data has begun), a 合计/总计 row (checked against the sum of the details), an 其中/小计 row
(skipped), or data. Each cell of a data row is read by its column's parser in the column's unit;
a cell that cannot be read is an error naming it, and the row keeps no value for that column.
"""
from __future__ import annotations

import re
from decimal import Decimal

from . import values as V
from .run import Row, Run

FOOTER_RE = re.compile(
    r"^(单位负责人|统计负责人|部门负责人|负责人|填表人|填报人|制表人|制表|审核人|审核|复核人|报出日期|填报日期|填表日期|"
    r"联系电话|联系人)\s*[:：]?"
    r"|^(注|说明|备注|资料来源|数据来源|附注)\s*[:：\d]"
)
TOTAL_RE = re.compile(r"^(全县|全区|全市|全部|总|园区)?(合计|总计)[:：]?$")
SUBTOTAL_RE = re.compile(r"^(其中|小计)")


def row_kind(cells) -> str:
    """'blank', 'footer', 'total', 'subtotal' or 'data', from the first three cells with something in them."""
    texts = []
    for v in cells:
        if isinstance(v, str):
            if v.strip():
                texts.append("".join((v if v.isascii() else V.nfkc(v)).split()))
        elif v is not None:
            texts.append("")  # a number or a date: neither a footer nor a 合计 label
        if len(texts) == 3:
            break
    if not texts:
        return "blank"
    if FOOTER_RE.match(texts[0]):
        return "footer"
    for t in texts:  # 合计/总计 and 其中/小计 labels hold 计 or 其
        if "计" in t and TOTAL_RE.match(t):
            return "total"
        if ("其" in t or "计" in t) and SUBTOTAL_RE.match(t):
            return "subtotal"
    return "data"


def parse(run: Run) -> bool:
    table = run.table
    rows = table.sheet.rows
    subtotals = 0
    for n in range(table.data_start, len(rows)):
        kind = row_kind(rows[n])
        if kind == "footer" and run.rows:
            break
        if kind == "total":
            run.total_rows.append(Row(n, rows[n]))
        elif kind == "data":
            run.rows.append(Row(n, rows[n]))
        subtotals += kind == "subtotal"
    if subtotals:
        run.info(f"已跳过{subtotals}行“其中/小计”分项行（不导入）", code="subtotal")
    if not run.rows:
        run.error(f"表头（第{table.header_last + 1}行）下面没有数据行", code="empty")
        return False
    _parse_rows(run, run.rows, list(table.columns))
    _parse_rows(run, run.total_rows, [c for c in table.columns if run.kind.by_name[c].is_number])  # for their sums
    _check_cells(run, run.rows)
    labels = [c for c in run.kind.row_label if run.has(c)]
    for row in run.rows:
        row.label = next((str(row.v[c]) for c in labels if row.v.get(c)), "")
    _check_totals(run)
    return True


def _parse_rows(run: Run, rows: list[Row], names: list[str]) -> None:
    """Each row's values of the columns `names` (row.v), a column at a time."""
    unread = []  # (row position, column) of the cells that could not be read
    columns = []
    for k, name in enumerate(names):
        columns.append(_parse_column(run, name, rows, unread))
        run.progress("读取", (k + 1) * len(rows) // len(names), len(rows))
    for row, values in zip(rows, zip(*columns)):
        row.v = dict(zip(names, values))
    for i, name in unread:
        del rows[i].v[name]  # the row has no value for it


def _parse_column(run: Run, name: str, rows: list[Row], unread: list) -> list:
    """The values of one column, each cell read by the column's parser in its unit. A cell that cannot
    be read is an error naming it (the column is then read again cell by cell, for the messages)."""
    index, parse, unit_factor = run.table.columns[name].index, run.kind.by_name[name].parser.parse, run.unit_factor(name)
    raws = [row.cells[index] if index < len(row.cells) else None for row in rows]
    try:
        return [parse(raw, unit_factor) for raw in raws]
    except V.Problem:
        pass
    values = []
    for i, (row, raw) in enumerate(zip(rows, raws)):
        try:
            values.append(parse(raw, unit_factor))
        except V.Problem as p:
            run.error(f"值“{V.cell_text(raw)}”无法识别，应为{p.expected}", row, name, code="value")
            unread.append((i, name))
            values.append(None)
    return values


def _check_cells(run: Run, rows: list[Row]) -> None:
    """In data rows, a cell the reader found no value in (a formula never calculated) is an error,
    whatever it reads as (a 合计 row's is not checked); a column that needs a value or a past date
    has one."""
    unreadable = run.table.sheet.unreadable
    checked = [(name, tc.index, run.kind.by_name[name]) for name, tc in run.table.columns.items()]
    checked = [(name, index, col) for name, index, col in checked if col.needed or col.past or unreadable]
    for row in rows if checked else ():
        for name, index, col in checked:
            value = row.v.get(name)
            if (row.n, index) in unreadable:
                run.error(unreadable[row.n, index], row, name, code="formula")
                row.v.pop(name, None)
            elif col.needed and name in row.v and value in (None, ""):
                run.error(f"不能为空，应填写{col.label}", row, name, code="required")
            elif col.past and value is not None and value > run.today:
                run.error(f"日期“{run.shown(row, name)}”在未来（今天是{run.today.isoformat()}），应为已发生的日期",
                          row, name, code="future_date")


def _check_totals(run: Run) -> None:
    """The first 合计 row: each number column equal to the sum of the details, within their rounding."""
    if not run.total_rows:
        return
    if len(run.total_rows) > 1:
        rows = "、".join(str(r.excel_row) for r in run.total_rows)
        run.info(f"文件中有多个合计行（第{rows}行），只核对第一个", code="total")
    total, n = run.total_rows[0], len(run.rows)
    for name in run.table.columns:
        col = run.kind.by_name[name]
        expected = total.v.get(name)
        if not col.is_number or not col.total or expected is None:
            continue
        s = sum((row.v[name] for row in run.rows if row.v.get(name) is not None), Decimal(0))
        # one unit of the last digit written (in the file's unit), in the stored unit; each detail and
        # the total may be rounded by half of it
        fac = run.unit_factor(name)
        places = min(max(max(V.decimals_of(s), V.decimals_of(expected)) - V.decimals_of(fac), 0), 6)
        tolerance = Decimal(1).scaleb(-places) * fac * (n + 1) / 2
        if abs(s - expected) > tolerance:
            unit = V.STORED_UNIT.get(col.parser.family, "")
            run.error(f"合计行的值“{run.shown(total, name)}”与明细行之和不符：明细{n}行合计为{V.shown(s)}{unit}，"
                      f"合计行为{V.shown(expected)}{unit}，相差{V.shown(s - expected)}{unit}"
                      f"（允许的舍入误差为±{V.shown(tolerance.normalize())}{unit}）；应为明细之和", total, name, code="total")

