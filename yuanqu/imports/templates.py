"""Blank import templates (.xlsx, xlsxwriter): title line, unit line, header rows, one sample row.

The template is laid out like the files offices send (and is read back by the same importer):
a title with the period ("…　2023年1-8月"), "单位：万元", a two-row header with merged group
cells for the statistics table, required columns marked "*", and a 填写说明 sheet listing each
column with what it expects and the other headers that are recognised (`header_forms`). Given the
county, a sample value that must name a row of the platform (a park, a firm, a category …) is the
county's own first one, so that the sample row imports as it is — the first one the downloading user
may read (a user who reads none gets the generic sample: a template names no firm its reader may not see).
"""
from __future__ import annotations

import io
from decimal import Decimal

from django.apps import apps

from yuanqu.core.access import visible

from . import values as V
from .kind import Column, Kind
from .kinds import get_kind
from .run import Run

SAMPLE_PERIOD = "2023年1-8月"
SAMPLE_YEAR = "2023年"


def header_forms(kind: Kind, col: Column) -> list[str]:
    """The other headers 填写说明 offers for a column (each one recognised as it is, in one cell)."""
    if col.group:
        return [f"{g}/{r}" for g in kind.groups[col.group][:2] for r in kind.roles[col.role][:2]]
    return kind.aliases(col)[1:]


def _unit(col: Column) -> str:
    family = col.parser.family if col.is_number else None
    return f"({V.STORED_UNIT[family]})" if family and family != "money" else ""


def _header_text(col: Column) -> str:
    return f"{'*' if col.required else ''}{col.label}{_unit(col)}"


def _sample(col: Column, samples: dict):
    if col.sample in (None, ""):
        return col.parser.sample()
    return samples.get(col.name, col.sample)


def _samples(kind: Kind, region, user=None) -> dict:
    """{column: value} for the columns that name an existing row: the county's first such row `user`
    may read (None: a system context)."""
    out = {}
    for ref in kind.refs if region is not None else ():
        if ref.missing != "error":
            continue
        model = apps.get_model(ref.model)
        names = {f.name for f in model._meta.fields}
        within = ref.within(Run(kind, region=region)) if ref.within else \
            {"region": region} if "region" in names else {"park__region": region} if "park" in names else {}
        row = visible(model.objects.filter(**within), user).order_by("pk").values(*(fs[0] for _, fs in ref.by)).first()
        out.update({column: row[fs[0]] for column, fs in ref.by} if row else {})
    return out


def _expected(col: Column) -> str:
    p = col.parser
    if isinstance(p, V.Number) and p.family:
        return f"{p.expected}，单位：{V.STORED_UNIT[p.family]}（也可在表头或单位行注明其他单位）"
    return p.expected


def template_bytes(kind_name: str, county: str = "", region=None, user=None) -> bytes:
    """The blank template of a kind as .xlsx bytes; `region`: the county its title and samples are of,
    `user`: who downloads it (its samples are rows they may read)."""
    import xlsxwriter

    kind = get_kind(kind_name)
    county = county or (region.name if region is not None else "")
    samples = _samples(kind, region, user)
    cols = [c for c in kind.columns if c.template]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                              "border": 1, "bg_color": "#DDEBF7"})
    cell_fmt = wb.add_format({"border": 1})
    ws = wb.add_worksheet(kind.label[:31])
    period = {"month": f"　{SAMPLE_PERIOD}", "year": f"　{SAMPLE_YEAR}"}.get(kind.period, "")
    ws.merge_range(0, 0, 0, max(len(cols) - 1, 1), f"{county}{kind.title}{period}", title_fmt)
    ws.set_row(0, 28)
    ws.write(1, 0, "单位：万元" if any(c.is_number and c.parser.family == "money" for c in cols) else "")
    if kind.groups:  # two header rows: a group cell merged over its roles; other columns merged down
        c = 0
        while c < len(cols):
            col = cols[c]
            if not col.group:
                ws.merge_range(2, c, 3, c, _header_text(col), head_fmt)
                c += 1
                continue
            n = next((k for k, m in enumerate(cols[c:]) if m.group != col.group), len(cols) - c)
            group = f"{kind.groups[col.group][0]}{_unit(col)}"
            if n > 1:
                ws.merge_range(2, c, 2, c + n - 1, group, head_fmt)
            else:
                ws.write(2, c, group, head_fmt)
            for k, member in enumerate(cols[c:c + n]):
                ws.write(3, c + k, kind.roles[member.role][0], head_fmt)
            c += n
        sample_row = 4
    else:
        for c, col in enumerate(cols):
            ws.write(2, c, _header_text(col), head_fmt)
        sample_row = 3
    for c, col in enumerate(cols):
        value = _sample(col, samples)
        if col.is_number and value not in ("", None):
            number = Decimal(str(value))
            ws.write_number(sample_row, c, int(number) if number == number.to_integral_value() else float(number),
                            cell_fmt)
        else:
            ws.write_string(sample_row, c, str(value), cell_fmt)
        ws.set_column(c, c, max(10, min(30, 2 * len(_header_text(col)) + 2)))
    ws.freeze_panes(sample_row, 0)

    notes = wb.add_worksheet("填写说明")
    bold = wb.add_format({"bold": True})
    notes.write_row(0, 0, ["列名", "必填", "填写要求", "也可使用的列名"], bold)
    for r, col in enumerate(kind.columns, start=1):
        notes.write_row(r, 0, [kind.header_of(col), "是" if col.required else "", _expected(col),
                               "、".join(header_forms(kind, col)[:8])])
    lines = [
        f"本模板用于导入“{kind.label}”：{kind.note}。",
        "第1行为标题（写明期别，如“2023年1-8月”，也可在导入时指定期别）；第2行为单位行，金额默认单位为万元，"
        "也可写“单位：千元”“单位：元”“单位：亿元”，或在列名中注明单位，如“工业总产值(千元)”，导入时精确换算为万元。",
        "列的顺序可以调整，多余的列会被忽略；“—”“-”或空白表示无数据；可以有“合计”行（会核对明细之和）和表尾的"
        "“单位负责人：”“填表人：”等行。",
        "导入时先校验全部数据，只要有一个错误就不写入任何数据，并给出标注了问题单元格的文件。",
    ]
    if kind.creates_enterprises:
        lines.append("这是唯一可以新建企业的导入类别：统一社会信用代码在平台中不存在时新建企业。")
    for k, line in enumerate(lines):
        notes.write(len(kind.columns) + 2 + k, 0, line)
    for c, width in enumerate((28, 6, 60, 60)):
        notes.set_column(c, c, width)
    wb.close()
    return buf.getvalue()
