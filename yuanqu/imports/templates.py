"""Blank import templates (.xlsx, xlsxwriter): title line, unit line, header rows, one sample row.

The template is laid out like the files offices send (and is read back by the same importer):
a title with the period ("…　2023年1-8月"), "单位：万元", a two-row header with merged group
cells for the statistics table, required columns marked "*", and a 填写说明 sheet listing each
column with what it expects and the other header names that are recognised.
"""
from __future__ import annotations

import io
from decimal import Decimal

from . import values as V
from .framework import Col, Spec
from .specs import get_spec

SAMPLE_PERIOD = "2023年1-8月"
SAMPLE_YEAR = "2023年"


def _header_text(spec: Spec, col: Col, *, sub: bool = False) -> str:
    """A column's header as written in the template, with its unit when it is not the money default."""
    fam = col.parser.family if col.is_number else None
    unit = ""
    if fam and fam != "money" and fam in V.STORED_UNIT:
        unit = f"({V.STORED_UNIT[fam]})"
    star = "*" if col.required else ""
    if sub:
        return spec.roles[col.role][0]
    return f"{star}{col.label}{unit}"


def _group_text(spec: Spec, group: str, cols: list[Col]) -> str:
    fam = cols[0].parser.family
    unit = f"({V.STORED_UNIT[fam]})" if fam and fam != "money" else ""
    return f"{spec.groups[group][0]}{unit}"


def _sample(col: Col):
    if col.sample not in (None, ""):
        return col.sample
    sample = getattr(col.parser, "sample", None)
    if callable(sample):
        try:
            return sample()
        except NotImplementedError:  # pragma: no cover
            return ""
    return ""


def _expected(col: Col) -> str:
    p = col.parser
    if isinstance(p, V.Number) and p.family:
        return f"{p.expected}，单位：{V.STORED_UNIT[p.family]}（也可在表头或单位行注明其他单位）"
    return p.expected


def template_bytes(kind: str, county: str = "") -> bytes:
    """The blank template of `kind` as .xlsx bytes."""
    import xlsxwriter

    spec = get_spec(kind)
    cols = [c for c in spec.columns if c.template]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                              "border": 1, "bg_color": "#DDEBF7"})
    cell_fmt = wb.add_format({"border": 1})
    ws = wb.add_worksheet(spec.label[:31])
    period = f"　{SAMPLE_PERIOD}" if spec.period == "month" else (f"　{SAMPLE_YEAR}" if spec.period == "year" else "")
    width = len(cols)
    ws.merge_range(0, 0, 0, max(width - 1, 1), f"{county}{spec.title}{period}", title_fmt)
    ws.set_row(0, 28)
    has_money = any(c.is_number and c.parser.family == "money" for c in cols)
    ws.write(1, 0, "单位：万元" if has_money else "")
    if spec.groups:
        # two header rows: a group cell merged over its roles; other columns merged down
        c = 0
        i = 0
        while i < len(cols):
            col = cols[i]
            if col.group:
                members = [x for x in cols[i:] if x.group == col.group]
                n = 0
                while i + n < len(cols) and cols[i + n].group == col.group:
                    n += 1
                members = cols[i:i + n]
                if n > 1:
                    ws.merge_range(2, c, 2, c + n - 1, _group_text(spec, col.group, members), head_fmt)
                else:
                    ws.write(2, c, _group_text(spec, col.group, members), head_fmt)
                for k, m in enumerate(members):
                    ws.write(3, c + k, _header_text(spec, m, sub=True), head_fmt)
                c += n
                i += n
            else:
                ws.merge_range(2, c, 3, c, _header_text(spec, col), head_fmt)
                c += 1
                i += 1
        sample_row = 4
    else:
        for c, col in enumerate(cols):
            ws.write(2, c, _header_text(spec, col), head_fmt)
        sample_row = 3
    for c, col in enumerate(cols):
        value = _sample(col)
        if col.is_number and value not in ("", None):
            number = Decimal(str(value))
            ws.write_number(sample_row, c, int(number) if number == number.to_integral_value() else float(number),
                            cell_fmt)
        else:
            ws.write_string(sample_row, c, str(value), cell_fmt)
        ws.set_column(c, c, max(10, min(30, 2 * len(_header_text(spec, col)) + 2)))
    ws.freeze_panes(sample_row, 0)

    notes = wb.add_worksheet("填写说明")
    bold = wb.add_format({"bold": True})
    notes.write_row(0, 0, ["列名", "必填", "填写要求", "也可使用的列名"], bold)
    for r, col in enumerate(spec.columns, start=1):
        aliases = spec.aliases(col)[1:] if not col.group else \
            [f"{g}/{ro}" for g in spec.groups[col.group][:2] for ro in spec.roles[col.role][:2]]
        notes.write_row(r, 0, [spec.header_of(col), "是" if col.required else "", _expected(col),
                               "、".join(aliases[:8])])
    r = len(spec.columns) + 2
    lines = [
        f"本模板用于导入“{spec.label}”：{spec.note}。",
        "第1行为标题（写明期别，如“2023年1-8月”，也可在导入时指定期别）；第2行为单位行，金额默认单位为万元，"
        "也可写“单位：千元”“单位：元”“单位：亿元”，或在列名中注明单位，如“工业总产值(千元)”，导入时精确换算为万元。",
        "列的顺序可以调整，多余的列会被忽略；“—”“-”或空白表示无数据；可以有“合计”行（会核对明细之和）和表尾的"
        "“单位负责人：”“填表人：”等行。",
        "导入时先校验全部数据，只要有一个错误就不写入任何数据，并给出标注了问题单元格的文件。",
    ]
    if spec.creates_enterprises:
        lines.append("这是唯一可以新建企业的导入类别：统一社会信用代码在平台中不存在时新建企业。")
    for k, line in enumerate(lines):
        notes.write(r + k, 0, line)
    notes.set_column(0, 0, 28)
    notes.set_column(1, 1, 6)
    notes.set_column(2, 2, 60)
    notes.set_column(3, 3, 60)
    wb.close()
    return buf.getvalue()


def write_template(kind: str, path) -> None:
    from pathlib import Path
    Path(path).write_bytes(template_bytes(kind))
