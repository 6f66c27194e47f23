"""List pages, built once: declarative columns and filters, click-to-sort headers, pagination
(50 rows) and "导出Excel" of the filtered list (yuanqu.imports.export.queryset_to_xlsx).

    class EnterpriseList(ListPage):
        model = Enterprise
        title = "企业"
        region_path = "region"
        detail_url = "enterprises:detail"
        columns = [Column("name", link=True), Column("park__name", "所在园区", sort=("park__sort", "park__code"))]
        filters = [Choice("park", "园区", options=park_options, lookup="park__code"), Search(("name",))]

Rows come through `visible(queryset, user)`; a `confidential` column (a firm's figures) shows
access.MASK on the rows whose confidential fields the user may not read. Values are shown with yuanqu.figures.format (money as
亿元/万元 strings) and exported as numbers; nothing here sums. A column whose value is computed
per row in Python (`decorate`) sorts in Python: use that only for short lists.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View

from yuanqu.core.access import MASK, reads_figures, unmasked_flag, visible

from .pages import in_county, infer, is_htmx, page_period, page_region, resolve, show

EXPORT_FORMATS = {"money": "money", "int": "int", "number": "decimal", "pct": "percent", "growth": "percent",
                  "date": "date", "datetime": "datetime"}
UNIT_WORDS = {"money": "万元", "pct": "%", "growth": "%"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNMASKED = "unmasked_row"  # the annotation saying the user may read the row's confidential fields


@dataclass
class Column:
    """One column: `path` to the value on a row, how to show it, and how to sort by it.

    sort: True = by `path` in the database; a string or tuple of ORM paths; "python" = by the
    row's value in Python (values set in `decorate`); False = not sortable.
    """

    path: str
    label: str = ""
    kind: str = ""  # text money int number pct growth points date bool tags light (default: from the field)
    sort: Any = True
    link: bool = False
    places: int | None = None
    css: str = ""
    unit: str = ""
    export: bool = True
    confidential: bool = False  # one of the row's confidential figures (access.Rule.confidential)

    def bind(self, model) -> "Column":
        info = infer(model, self.path)
        self.label = self.label or info.label
        self.kind = self.kind or info.kind
        self.unit = self.unit or info.unit
        if not self.css and self.kind in ("money", "int", "number", "pct", "growth", "points"):
            self.css = "num"
        return self

    @property
    def key(self) -> str:
        return self.path

    def value(self, row):
        return resolve(row, self.path)

    def hidden(self, row) -> bool:
        return self.confidential and not getattr(row, UNMASKED, False)

    def text(self, row):
        if self.hidden(row):
            return MASK
        unit = "" if self.unit and self.unit in self.label else self.unit  # the header names it
        return show(self.value(row), self.kind, unit, self.places)

    def order_paths(self) -> tuple[str, ...]:
        if self.sort is True:
            return (self.path,)
        if isinstance(self.sort, str) and self.sort != "python":
            return (self.sort,)
        return tuple(self.sort) if isinstance(self.sort, (tuple, list)) else ()

    @property
    def sortable(self) -> bool:
        return bool(self.sort)

    def export_spec(self) -> dict:
        unit = UNIT_WORDS.get(self.kind) or (self.unit if self.kind in ("number", "int") else "")
        header = self.label if not unit or f"（{unit}）" in self.label else f"{self.label}（{unit}）"
        return {"header": header, "value": self.export_value, "format": EXPORT_FORMATS.get(self.kind)}

    def export_value(self, row):
        if self.hidden(row):
            return MASK
        value = self.value(row)
        if self.kind == "tags":
            return "、".join(label for label, _ in value or ())
        if self.kind == "light":
            return value[1] if isinstance(value, (tuple, list)) else value
        if self.kind in EXPORT_FORMATS or self.kind == "bool" or value is None:
            return value
        return str(show(value, self.kind, self.unit, self.places))


# --- filters -----------------------------------------------------------------------------------

@dataclass
class Choice:
    """A select: `options` [(value, label)] or a callable(page) giving them; applied by `lookup`
    (qs.filter(lookup=value)) or by `apply(page, qs, value)`. Values not offered are ignored."""

    param: str
    label: str
    options: Any = ()
    lookup: str = ""
    apply: Callable | None = None
    empty: str = "全部"
    kind: str = "select"

    def choices(self, page) -> list[tuple[str, str]]:
        options = self.options(page) if callable(self.options) else self.options
        return [(str(v), str(label)) for v, label in options]

    def clean(self, raw: str, options) -> str:
        return raw if raw and raw in {v for v, _ in options} else ""

    def filter(self, page, qs, value):
        if self.apply is not None:
            return self.apply(page, qs, value)
        return qs.filter(**{self.lookup or self.param: value})


@dataclass
class Search:
    """Free text matched (icontains) against any of `fields`."""

    fields: tuple[str, ...]
    label: str = "搜索"
    placeholder: str = "名称、编号"
    param: str = "q"
    kind: str = "search"

    def choices(self, page):
        return []

    def clean(self, raw: str, options) -> str:
        return (raw or "").strip()[:64]

    def filter(self, page, qs, value):
        cond = Q()
        for name in self.fields:
            cond |= Q(**{f"{name}__icontains": value})
        return qs.filter(cond)


def choices_of(model_choices) -> list[tuple[str, str]]:
    """A TextChoices class as filter options."""
    return [(v, label) for v, label in model_choices.choices]


YES_NO = [("1", "是"), ("0", "否")]


def flag(lookup: str):
    """A 是/否 filter on a boolean field."""
    return lambda page, qs, value: qs.filter(**{lookup: value == "1"})


# --- the page -------------------------------------------------------------------------------------

class ListPage(LoginRequiredMixin, View):
    """A filtered, sorted, paginated list of one model, with its .xlsx export."""

    model = None
    title = ""
    columns: list[Column] = []
    filters: list = []
    default_sort = ""  # a column path, "-" first for descending
    select_related: tuple = ()
    prefetch_related: tuple = ()
    region_path = ""  # lookup from the model to its region, to keep the page to the county
    detail_url = ""  # URL name taking the row's pk
    uses_period = False
    paginate_by = 50
    tabs: tuple = ()  # (label, URL name) of sibling pages
    intro = ""
    template_name = "core/list.html"
    results_template = "core/_list_results.html"

    # hooks ---------------------------------------------------------------------------------------

    def base_queryset(self):
        return self.model._default_manager.all()

    def annotate(self, qs):
        """Per-row annotations (values of the row itself, for columns and sorting)."""
        return qs

    def decorate(self, rows: list) -> None:
        """Set per-row attributes the columns show (computed for the rows of the page only)."""

    def summary(self) -> list[dict]:
        """Cards above the table: [{label, value, url, title}] from the figure engine."""
        return []

    def row_css(self, row) -> str:
        return ""

    def export_title(self) -> str:
        place = self.region.name if self.region is not None else ""
        return f"{place}{self.title}（{self.period.full_label}）" if self.uses_period else f"{place}{self.title}"

    # machinery ------------------------------------------------------------------------------------

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.region = page_region(request.user)
        self.period, self.periods = page_period(request, self.region)
        self.cols = [replace(c).bind(self.model) for c in self.columns]
        for c in self.cols:  # labels may name the period: "工业总产值（{period}累计）", "规上（{year}年）"
            c.label = c.label.format(period=self.period.label, year=self.period.year)

    def queryset(self):
        qs = in_county(visible(self.base_queryset(), self.request.user), self.region, self.region_path)
        if any(c.confidential for c in self.cols):
            qs = qs.annotate(**{UNMASKED: unmasked_flag(self.model, self.request.user)})
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return self.annotate(qs)

    def all_filters(self) -> list:
        if not self.uses_period:
            return list(self.filters)
        period = Choice("period", "期别", options=lambda page: [(str(p), p.full_label) for p in page.periods],
                        apply=lambda page, qs, value: qs, empty="最新")
        return [period, *self.filters]

    def active(self) -> list[tuple[Any, str, list]]:
        """(filter, cleaned value, options) of every filter; options are read once per request."""
        if not hasattr(self, "_active"):
            self._active = []
            for f in self.all_filters():
                options = f.choices(self)
                raw = self.request.GET.get(f.param, "")
                self._active.append((f, f.clean(raw, options), options))
        return self._active

    def filtered(self):
        qs = self.queryset()
        for f, value, _ in self.active():
            if value:
                qs = f.filter(self, qs, value)
        return qs

    def sorting(self) -> tuple[Column | None, bool]:
        for text in (self.request.GET.get("sort", ""), self.default_sort):
            key = text.lstrip("-")
            col = next((c for c in self.cols if key and c.key == key and c.sortable), None)
            if col is not None:
                return col, text.startswith("-")
        return None, False

    def rows(self) -> tuple[Any, bool]:
        """(rows, decorated): a sorted queryset, or a decorated list when sorting in Python."""
        qs = self.filtered()
        col, desc = self.sorting()
        if col is not None and col.sort == "python":
            rows = list(qs)
            self.decorate(rows)
            present = [r for r in rows if col.value(r) is not None]
            missing = [r for r in rows if col.value(r) is None]
            present.sort(key=col.value, reverse=desc)
            return present + missing, True
        if col is not None:
            order = [F(p).desc(nulls_last=True) if desc else F(p).asc(nulls_last=True) for p in col.order_paths()]
            qs = qs.order_by(*order, "pk")
        elif not qs.ordered:
            qs = qs.order_by("pk")
        return qs, False

    def export(self, rows, decorated: bool) -> HttpResponse:
        rows = list(rows)
        if not decorated:
            self.decorate(rows)
        from yuanqu.imports.export import queryset_to_xlsx

        specs = [c.export_spec() for c in self.cols if c.export]
        title = self.export_title()
        data = queryset_to_xlsx(rows, specs, title=title, sheet_name=self.title)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"{title}.xlsx")
        return response

    def query(self, **changes) -> str:
        params = self.request.GET.copy()
        for key, value in changes.items():
            params.pop(key, None)
            if value not in (None, ""):
                params[key] = value
        return "?" + params.urlencode() if params else "?"

    def headers(self) -> list[dict]:
        col, desc = self.sorting()
        out = []
        for c in self.cols:
            h = {"label": c.label, "css": c.css, "url": "", "arrow": "", "sort": ""}
            if c.sortable:
                current = col is c
                h["sort"] = ("descending" if desc else "ascending") if current else "none"
                h["arrow"] = ("▼" if desc else "▲") if current else ""
                h["url"] = self.query(sort=(c.key if current and desc else f"-{c.key}") if current else c.key,
                                      page=None)
            out.append(h)
        return out

    def row_url(self, row) -> str:
        """The row's detail page; a list read for a chosen period opens the detail for that period."""
        if not self.detail_url:
            return ""
        url = reverse(self.detail_url, args=[row.pk])
        return f"{url}?period={self.period}" if self.uses_period and self.request.GET.get("period") else url

    def cells(self, row) -> list[dict]:
        url = self.row_url(row)
        return [{"text": c.text(row), "css": c.css, "url": url if c.link else ""} for c in self.cols]

    def get(self, request, *args, **kwargs):
        rows, decorated = self.rows()
        if request.GET.get("export") == "xlsx":
            return self.export(rows, decorated)
        paginator = Paginator(rows, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        objects = list(page.object_list)
        if not decorated:
            self.decorate(objects)
        ctx = self.context()
        ctx.update({
            "paginator": paginator, "page_obj": page, "headers": self.headers(),
            "rows": [{"cells": self.cells(r), "css": self.row_css(r)} for r in objects],
            "summary": self.summary() if reads_figures(request.user) else [],  # the region's figures
        })
        ctx.update(self.extra_context())
        return self.respond(ctx)

    def context(self) -> dict:
        """What every page of the list (table, board) shows: filters, tabs, sort, export link."""
        col, desc = self.sorting()
        request = self.request
        return {
            "page": self, "title": self.title, "period": self.period,
            "filters": [{"param": f.param, "label": f.label, "kind": f.kind, "value": value,
                         "options": options, "empty": getattr(f, "empty", ""),
                         "placeholder": getattr(f, "placeholder", "")} for f, value, options in self.active()],
            "sort": (f"-{col.key}" if desc else col.key) if col else "",
            "tabs": [{"label": label, "url": reverse(name), "active": reverse(name) == request.path}
                     for label, name in self.tabs],
            "export_url": self.query(export="xlsx", page=None),
        }

    def extra_context(self) -> dict:
        return {}

    def respond(self, ctx: dict):
        template = self.results_template if is_htmx(self.request) else self.template_name
        return render(self.request, template, ctx)
