"""Shared pieces of the working pages (list, detail, edit): the county and period a page is about,
values shown the way briefings write them, rows read through `visible()`, and the edit view.

Money is shown with yuanqu.figures.format (亿元/万元 strings); nothing here sums.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views import View

from yuanqu.core.access import MASK, NoCounty, county_for, masked, may_edit, visible
from yuanqu.core.periods import Period
from yuanqu.figures import format as fmt

DASH = fmt.DASH


# --- the county and the period --------------------------------------------------------------

def page_region(user):
    """The county `user`'s pages are about (yuanqu.core.access.county_for); None before any county exists."""
    try:
        return county_for(user)
    except NoCounty:
        return None


def in_county(queryset, region, path: str):
    """The rows of `queryset` whose region at `path` is `region` (a city or province: the counties below)."""
    return queryset.filter(region.within_q(path)) if region is not None and path else queryset


def region_path_of(model) -> str:
    """The lookup from a row to its county when the model has a `region` of its own, else ""."""
    try:
        model._meta.get_field("region")
    except FieldDoesNotExist:
        return ""
    return "region"


def page_period(request, region) -> tuple[Period, list[Period]]:
    """The period of `?period=YYYY-MM` if it has statistics, else the newest one; and all of them."""
    from yuanqu.cockpit.selectors import periods as stat_periods

    periods = stat_periods(request.user, region) if region is not None else []
    wanted = request.GET.get("period")
    for p in periods:
        if str(p) == wanted:
            return p, periods
    if periods:
        return periods[0], periods
    today = timezone.localdate()
    return Period(today.year, today.month), periods


def today() -> dt.date:
    return timezone.localdate()


def is_htmx(request) -> bool:
    """An htmx request for a fragment (a history restore wants the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


# --- values as shown --------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldInfo:
    label: str
    kind: str
    unit: str = ""


def _unit(field) -> str:
    text = str(field.help_text or "")
    return text.split("单位：", 1)[1].strip() if "单位：" in text else ""


def infer(model, path: str) -> FieldInfo:
    """Label (verbose name) and display kind of the field at `path` ("park__name"); a property
    is text labelled by its getter's short_description, as in the admin."""
    field = None
    for part in path.split("__"):
        if model is None:
            return FieldInfo(path, "text")
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            getter = getattr(getattr(model, part, None), "fget", None)
            return FieldInfo(str(getattr(getter, "short_description", path)), "text")
        model = getattr(field, "related_model", None)
    label = str(getattr(field, "verbose_name", path))
    unit = _unit(field)
    if isinstance(field, models.DecimalField):
        return FieldInfo(label, "money" if unit == "万元" else "number", unit)
    if isinstance(field, models.BooleanField):
        return FieldInfo(label, "bool")
    if isinstance(field, models.DateTimeField):
        return FieldInfo(label, "datetime")
    if isinstance(field, models.DateField):
        return FieldInfo(label, "date")
    if isinstance(field, (models.IntegerField,)) and not field.choices:
        return FieldInfo(label, "int", unit)
    return FieldInfo(label, "text", unit)


TONES = {"good", "warn", "bad", ""}


def tags(items) -> str:
    """[(label, tone), …] as small coloured tags."""
    return format_html_join(" ", '<span class="tag {}">{}</span>', ((tone, label) for label, tone in items))


def light(color: str, label: str = "") -> str:
    if not color:
        return DASH
    return format_html('<span class="light {}" aria-hidden="true"></span> {}', color, label)


def show(value, kind: str = "text", unit: str = "", places: int | None = None):
    """A value as the pages show it: money in 亿元/万元, rates with %, dates as YYYY-MM-DD."""
    if value is None or value == "":
        return DASH
    if kind == "money":
        return fmt.money(value)
    if kind == "pct":
        return fmt.pct(value, 1 if places is None else places)
    if kind == "growth":
        return fmt.growth_phrase(value, 1 if places is None else places)
    if kind == "points":
        return fmt.points_phrase(value, 2 if places is None else places)
    if kind == "number":
        text = fmt.trimmed(value, 2 if places is None else places)
        return f"{text}{unit}" if unit and unit not in ("万元",) else text
    if kind == "int":
        return f"{value}"
    if kind == "bool":
        return "是" if value else "否"
    if kind == "datetime":
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if timezone.is_aware(value) else f"{value:%Y-%m-%d %H:%M}"
    if kind == "date":
        return f"{value:%Y-%m-%d}"
    if kind == "tags":
        return tags(value) if value else DASH
    if kind == "light":
        return light(*value) if isinstance(value, (tuple, list)) else light(value)
    if isinstance(value, Decimal):
        return fmt.trimmed(value, 2 if places is None else places)
    return str(value)


def resolve(row, path: str):
    """The value at `path` ("park__name") on a row; a choice field gives its Chinese label.

    The same reading as the .xlsx export, so a page and its export show the same values."""
    from yuanqu.imports.export import _get

    return _get(row, path)


def field_rows(obj, names, user=None) -> list[dict]:
    """[{label, value}] of an instance's fields for a detail page (`name` or (name, kind)); with a
    `user`, the confidential fields they may not read show as access.MASK."""
    hidden = masked(user, obj) if user is not None else frozenset()
    out = []
    for name in names:
        name, kind = (name, None) if isinstance(name, str) else name
        info = infer(type(obj), name)
        value = MASK if name in hidden else show(resolve(obj, name), kind or info.kind, info.unit)
        out.append({"label": info.label, "value": value})
    return out


# --- reading one row, permission to write ------------------------------------------------------

def get_visible(request, queryset, region_path: str | None = None, **lookup):
    """One row the user may see and of the user's county, or 404.

    `region_path`: the lookup from the row to its region (default: `region` when the model has one;
    "" when the row belongs to no county)."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    if region_path is None:
        region_path = region_path_of(queryset.model)
    queryset = in_county(visible(queryset, request.user), page_region(request.user), region_path)
    return get_object_or_404(queryset, **lookup)


def require_editor(request, obj=None):
    if not may_edit(request.user, obj):
        raise PermissionDenied("您的角色不能修改此项数据")


def allowed_only(test, message: str):
    """View decorator: login required, then 403 (`message`) unless `test(user)` (an access predicate)."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


def done(request, url: str, message: str = "") -> HttpResponse:
    """After a successful write: back to `url` (htmx: a full-page redirect) with a message."""
    if message:
        messages.success(request, message)
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- the edit page ------------------------------------------------------------------------------

class EditPage(LoginRequiredMixin, View):
    """Edit one row with a ModelForm (Chinese labels from the models); saved by a service.

    `open_to_readers`: anyone who may see the row opens the page (the form is shown read-only);
    only editors save."""

    model = None
    form_class = None
    title = "修改"
    detail_url = ""  # URL name taking the pk: where to go back to and after saving
    template_name = "core/edit.html"
    open_to_readers = False
    region_path = None  # lookup to the row's county (default: its `region`)

    def get_object(self, writing: bool):
        obj = get_visible(self.request, self.model, self.region_path, pk=self.kwargs["pk"])
        if writing or not self.open_to_readers:
            require_editor(self.request, obj)
        return obj

    def back_url(self, obj) -> str:
        return reverse(self.detail_url, args=[obj.pk])

    def extra_context(self, obj) -> dict:
        return {}

    def render(self, obj, form, status=200):
        ctx = {"obj": obj, "form": form, "title": f"{self.title}：{obj}", "back": self.back_url(obj),
               "may_edit": may_edit(self.request.user, obj), **self.extra_context(obj)}
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, pk):
        obj = self.get_object(writing=False)
        return self.render(obj, self.form_class(instance=obj, user=request.user))

    def post(self, request, pk):
        from yuanqu.core.services import save_form

        obj = self.get_object(writing=True)
        from django.core.exceptions import ValidationError

        form = self.form_class(request.POST, instance=obj, user=request.user)
        if form.is_valid():
            try:
                save_form(form, request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return done(request, self.back_url(obj), f"已保存：{obj}")
        return self.render(obj, form, status=400)


# --- figures on working pages -------------------------------------------------------------------

def figure_card(fig, scope, period, label: str = "", sub: str = "", tone: str = "") -> dict:
    """A figure as a card linking to its explanation (formula and rows) in the cockpit."""
    from urllib.parse import urlencode

    query = urlencode({"period": str(period), "scope": scope.text})
    return {"key": fig.key, "label": label or fig.label, "value": fig.display(), "sub": sub, "tone": tone,
            "title": fig.formula, "url": f"{reverse('cockpit:explain', args=[fig.key])}?{query}"}


def figure_cards(figs, keys, scope, period) -> list[dict]:
    """Cards for the `keys` present in a FigureSet (label overrides: (key, label) pairs)."""
    out = []
    for key in keys:
        key, label = (key, "") if isinstance(key, str) else key
        fig = figs.get(key)
        if fig is not None:
            out.append(figure_card(fig, scope, period, label))
    return out


class RowAction(LoginRequiredMixin, View):
    """A form posted from a row's detail page and written by a service (POST only, editors only).

    Valid input: `save(obj, cleaned_data)` (the service call, returning the message), then back to
    the detail page. Otherwise the form again with its Chinese errors: the `fragment` for htmx,
    `full_page(obj, form)` without it. A service's ValidationError lands on the form: nothing is written.
    """

    http_method_names = ["post"]
    queryset = None
    form_class = None
    fragment = ""  # template of the form alone, with the row as `context_name`
    context_name = "obj"
    detail_url = ""
    region_path = None  # lookup to the row's county (default: its `region`)

    def get_form(self, obj, data):
        return self.form_class(data, user=self.request.user)

    def save(self, obj, data) -> str:
        raise NotImplementedError

    def full_page(self, obj, form):
        raise NotImplementedError

    def success_url(self, obj) -> str:
        return reverse(self.detail_url, args=[obj.pk])

    def permit(self, obj) -> None:
        """Raise PermissionDenied unless the user may post this form for `obj` (default: editors)."""
        require_editor(self.request, obj)

    def post(self, request, pk):
        from django.core.exceptions import ValidationError

        obj = get_visible(request, self.queryset, self.region_path, pk=pk)
        self.permit(obj)
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            try:
                message = self.save(obj, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return done(request, self.success_url(obj), message)
        if is_htmx(request):
            return render(request, self.fragment, {self.context_name: obj, "form": form, **self.fragment_context(form)})
        return self.full_page(obj, form)

    def fragment_context(self, form) -> dict:
        return {}
