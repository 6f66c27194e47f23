"""Lists → .xlsx: the export behind every list the UI shows.

    data = queryset_to_xlsx(
        MonthlyStat.objects.for_period(p).select_related("enterprise"),
        ["enterprise__credit_code", "enterprise__name", "output_cum", ("增速(%)", lambda s: growth(s))],
        title="规上工业企业 2023年1-8月",
    )

`columns`: each is
  - a field path ("output_cum", "enterprise__name"): the header is the field's verbose name; a
    choice field shows its label, a foreign key its str();
  - (header, path or callable(row)) for any other value;
  - a dict {"header": …, "value": path or callable, "format": "money"|"int"|"percent"|"date"|"text"}.
Rows may be model instances, dicts, or any objects. Decimal is written as a number with two
decimals (Excel cells are binary floating point: exact to 15 significant digits, ample for 万元
with two decimals); dates as dates; booleans as 是/否; None as an empty cell.
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any, Callable, Iterable

from django.db import models
from django.utils import timezone

FORMATS = {
    "money": "#,##0.00",
    "decimal": "#,##0.00",
    "int": "#,##0",
    "percent": "0.0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "text": "@",
}


def _field_for_path(model, path: str):
    """The model field at the end of a "a__b__c" path, or None."""
    if model is None:
        return None
    parts = path.split("__")
    field = None
    for i, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except Exception:
            return None
        if i < len(parts) - 1:
            model = getattr(field, "related_model", None)
            if model is None:
                return None
    return field


def _get(row, path: str):
    value = row
    for part in path.split("__"):
        if value is None:
            return None
        if isinstance(value, dict):
            value = value.get(part)
            continue
        display = getattr(value, f"get_{part}_display", None)
        if callable(display) and isinstance(value, models.Model):
            field = value._meta.get_field(part) if part in {f.name for f in value._meta.fields} else None
            if field is not None and field.choices:
                value = display()
                continue
        value = getattr(value, part, None)
    if callable(value) and not isinstance(value, models.Model):
        value = value()
    return value


class _Column:
    def __init__(self, header: str, getter: Callable[[Any], Any], fmt: str | None):
        self.header, self.getter, self.fmt = header, getter, fmt


def _columns(columns, model) -> list[_Column]:
    out = []
    for spec in columns:
        fmt = None
        if isinstance(spec, dict):
            header, value, fmt = spec.get("header"), spec["value"], spec.get("format")
        elif isinstance(spec, (tuple, list)):
            header, value = spec[0], spec[1]
            fmt = spec[2] if len(spec) > 2 else None
        else:
            header, value = None, spec
        if isinstance(value, str):
            field = _field_for_path(model, value)
            if header is None:
                header = str(field.verbose_name) if field is not None else value
            if fmt is None and field is not None:
                if isinstance(field, models.DecimalField):
                    fmt = "money"
                elif isinstance(field, models.DateTimeField):
                    fmt = "datetime"
                elif isinstance(field, models.DateField):
                    fmt = "date"
                elif isinstance(field, (models.IntegerField,)) and not field.choices:
                    fmt = "int"
            path = value
            getter = (lambda p: (lambda row: _get(row, p)))(path)
        else:
            getter = value
        out.append(_Column(str(header or ""), getter, fmt))
    return out


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def queryset_to_xlsx(queryset_or_rows: Iterable, columns: list, title: str = "", sheet_name: str = "") -> bytes:
    """The rows as an .xlsx (bytes): a title line, a header row, one line per row."""
    import xlsxwriter

    model = getattr(queryset_or_rows, "model", None)
    cols = _columns(columns, model)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    name = (sheet_name or (title[:31] if title else "数据"))
    for ch in '[]:*?/\\':
        name = name.replace(ch, "_")
    ws = wb.add_worksheet(name[:31] or "数据")
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                              "border": 1, "bg_color": "#DDEBF7"})
    fmts = {k: wb.add_format({"num_format": v, "border": 1}) for k, v in FORMATS.items()}
    plain = wb.add_format({"border": 1})
    r = 0
    if title:
        if len(cols) > 1:
            ws.merge_range(0, 0, 0, len(cols) - 1, title, title_fmt)
        else:
            ws.write(0, 0, title, title_fmt)
        ws.set_row(0, 26)
        r = 1
    widths = [_display_width(c.header) + 2 for c in cols]
    for c, col in enumerate(cols):
        ws.write(r, c, col.header, head_fmt)
    header_row = r
    r += 1
    rows = queryset_or_rows.iterator(chunk_size=2000) if hasattr(queryset_or_rows, "iterator") else queryset_or_rows
    for row in rows:
        for c, col in enumerate(cols):
            value = col.getter(row)
            if value is None or value == "":
                ws.write_blank(r, c, None, plain)
                continue
            if isinstance(value, bool):
                text = "是" if value else "否"
                ws.write_string(r, c, text, plain)
            elif isinstance(value, Decimal):
                ws.write_number(r, c, float(value), fmts[col.fmt or "decimal"])
                text = f"{value:,.2f}"
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, fmts[col.fmt or ("int" if isinstance(value, int) else "decimal")])
                text = str(value)
            elif isinstance(value, dt.datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                ws.write_datetime(r, c, value, fmts["datetime"])
                text = "0000-00-00 00:00"
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmts["date"])
                text = "0000-00-00"
            else:
                text = str(value)
                ws.write_string(r, c, text, plain)
            widths[c] = max(widths[c], min(_display_width(text) + 2, 60))
        r += 1
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(header_row + 1, 0)
    if cols:
        ws.autofilter(header_row, 0, max(r - 1, header_row), len(cols) - 1)
    wb.close()
    return buf.getvalue()
