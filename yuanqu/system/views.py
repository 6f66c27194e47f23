"""系统设置: an administrator keeps the county's parks, chains with their segments, departments and users;
a superuser also sets up regions (a new county and the city or province above it).

Lists are core.lists pages kept to the county (`county_for`), forms are PageForms, and every write goes
through a service (org.services, chains.services, accounts.services) whose refusals land on the form.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from yuanqu.accounts import services as accounts
from yuanqu.accounts.models import User
from yuanqu.chains.models import Chain
from yuanqu.chains.services import SegmentChange, chain_save
from yuanqu.core.access import is_admin
from yuanqu.core.lists import YES_NO, Choice, Column, ListPage, Search, choices_of, flag
from yuanqu.core.pages import done, get_visible, page_region
from yuanqu.org.models import Department, Park, Region
from yuanqu.org.services import LEVEL_WORDS, department_save, park_save, region_create

from .forms import (ChainForm, DepartmentForm, NewUserForm, ParkForm, PasswordForm, RegionForm, SegmentFormSet,
                    UserForm)

TABS = (("园区", "system:parks"), ("产业链", "system:chains"), ("部门单位", "system:departments"),
        ("用户", "system:users"), ("行政区", "system:regions"))


def forbidden(request, who: str = "系统管理员"):
    return render(request, "system/forbidden.html", {"who": who}, status=403)


def add_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: on the field it names when the form shows it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class AdminOnly(LoginRequiredMixin):
    """Logged-in administrators (superusers, the 系统管理员 role) only; others get a 403 page."""

    superuser_only = False

    def allowed(self, user) -> bool:
        return user.is_superuser if self.superuser_only else is_admin(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            return forbidden(request, "超级管理员" if self.superuser_only else "系统管理员")
        return super().dispatch(request, *args, **kwargs)


def tabs_for(user) -> tuple:
    return tuple(t for t in TABS if t[1] != "system:regions" or user.is_superuser)


# --- lists -------------------------------------------------------------------------------------------

class SettingsList(AdminOnly, ListPage):
    """A list of the county's rows of one kind; `row` names its pages (system:<row>, system:<row>_new)."""

    template_name = "system/list.html"
    region_path = "region"
    row = ""
    new_label = ""

    @property
    def detail_url(self):
        return f"system:{self.row}"

    @property
    def tabs(self):
        return tabs_for(self.request.user)

    def export_title(self) -> str:
        return f"{super().export_title()}（系统设置）"

    def extra_context(self) -> dict:
        return {"new_url": reverse(f"system:{self.row}_new"), "new_label": self.new_label,
                "title": f"系统设置（{self.region.name}）" if self.region is not None else "系统设置"}


class ParkList(SettingsList):
    model = Park
    title = "园区"
    row, new_label = "park", "新增园区"
    columns = [Column("name", link=True), Column("short_name"), Column("level"), Column("planned_area_mu", "规划面积（亩）"),
               Column("leading_industry"), Column("code"), Column("sort"), Column("is_active")]
    filters = [Choice("level", "园区级别", options=choices_of(Park.Level)), Search(("name", "short_name", "code"),
                                                                                placeholder="园区名称、简称、代码")]
    default_sort = "sort"


class ChainList(SettingsList):
    model = Chain
    title = "产业链"
    row, new_label = "chain", "新增产业链"
    prefetch_related = ("segments",)
    select_related = ("lead_department",)
    columns = [Column("name", link=True), Column("is_main", "是否主导产业"), Column("leader_name"), Column("leader_title"),
               Column("lead_department"), Column("segment_names", "环节", sort=False), Column("code"), Column("sort")]
    filters = [Choice("main", "是否主导产业", options=YES_NO, apply=flag("is_main")),
               Search(("name", "leader_name", "code"), placeholder="产业链、链长、代码")]
    default_sort = "sort"

    def decorate(self, rows):
        for chain in rows:
            chain.segment_names = "、".join(f"{s.get_position_display()}·{s.name}" for s in chain.segments.all()) or "—"


class DepartmentList(SettingsList):
    model = Department
    title = "部门单位"
    row, new_label = "department", "新增部门单位"
    select_related = ("park",)
    columns = [Column("name", link=True), Column("short_name"), Column("kind"), Column("contact"), Column("phone"),
               Column("park", sort="park__sort"), Column("code")]
    filters = [Choice("kind", "单位类型", options=choices_of(Department.Kind)),
               Search(("name", "short_name", "code", "contact"), placeholder="单位名称、简称、联系人")]
    default_sort = "code"


class UserList(SettingsList):
    model = User
    title = "用户"
    row, new_label = "user", "新增用户"
    select_related = ("park", "department", "enterprise")
    columns = [Column("username", link=True), Column("display_name"), Column("title"), Column("role"),
               Column("park", sort="park__sort"), Column("department", sort="department__code"),
               Column("enterprise", sort="enterprise__name"), Column("is_active", "在用"), Column("last_login")]
    filters = [Choice("role", "角色", options=choices_of(User.Role)),
               Choice("active", "在用", options=YES_NO, apply=flag("is_active")),
               Search(("username", "display_name", "phone"), placeholder="用户名、姓名、手机号")]
    default_sort = "username"

    def row_css(self, row):
        return "muted" if not row.is_active else ""


# --- one row: create or edit --------------------------------------------------------------------------

class RowPage(AdminOnly, View):
    """Create (no pk) or edit one row of the county; `save(obj, form)` is the service call."""

    model = None
    form_class = None
    label = ""
    list_url = ""
    region_path = "region"
    template_name = "system/edit.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.county = page_region(request.user)

    def get_object(self):
        pk = self.kwargs.get("pk")
        return get_visible(self.request, self.model, self.region_path, pk=pk) if pk else None

    def form(self, obj, data=None):
        instance = obj if obj is not None else self.model(region=self.county)
        return self.form_class(data, instance=instance, user=self.request.user)

    def save(self, obj, form):
        raise NotImplementedError

    def context(self, obj, form) -> dict:
        return {}

    def render(self, obj, form, status=200):
        title = f"{self.label}：{obj}" if obj is not None else f"新增{self.label}"
        ctx = {"obj": obj, "form": form, "title": title, "back": reverse(self.list_url), "county": self.county,
               "tabs": [{"label": label, "url": reverse(name), "active": name == self.list_url}
                        for label, name in tabs_for(self.request.user)], **self.context(obj, form)}
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, pk=None):
        obj = self.get_object()
        return self.render(obj, self.form(obj))

    def post(self, request, pk=None):
        obj = self.get_object()
        form = self.form(obj, request.POST)
        if self.valid(form):
            try:
                saved = self.save(obj, form)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return done(request, reverse(self.list_url), f"已保存{self.label}：{saved}")
        return self.render(obj, form, status=400)

    def valid(self, form) -> bool:
        return form.is_valid()


class ParkPage(RowPage):
    model, form_class, label, list_url = Park, ParkForm, "园区", "system:parks"

    def save(self, obj, form):
        return park_save(county=self.county, park=obj, **form.cleaned_data)


class DepartmentPage(RowPage):
    model, form_class, label, list_url = Department, DepartmentForm, "部门单位", "system:departments"

    def save(self, obj, form):
        return department_save(county=self.county, department=obj, **form.cleaned_data)


class ChainPage(RowPage):
    """A chain with its segments (上游/中游/下游) in one form; saved together or not at all."""

    model, form_class, label, list_url = Chain, ChainForm, "产业链", "system:chains"
    template_name = "system/chain.html"

    def form(self, obj, data=None):
        form = super().form(obj, data)
        form.segments = SegmentFormSet(data, instance=form.instance, prefix="segments")
        return form

    def valid(self, form) -> bool:
        return all([form.is_valid(), form.segments.is_valid()])

    def save(self, obj, form):
        changes = []
        for f in form.segments.forms:
            delete = bool(f.cleaned_data.get("DELETE"))
            if f.instance.pk is None and (delete or not f.has_changed()):
                continue
            changes.append(SegmentChange(segment=f.instance if f.instance.pk else None, delete=delete,
                                         position=f.cleaned_data.get("position", ""), name=f.cleaned_data.get("name", ""),
                                         sort=f.cleaned_data.get("sort")))
        return chain_save(county=self.county, chain=obj, segments=changes, **form.cleaned_data)


class UserPage(RowPage):
    """A user's name, role and attachment; on the same page (field `do`), reset the password and
    deactivate or reactivate the user."""

    model, form_class, label, list_url = User, UserForm, "用户", "system:users"
    template_name = "system/user.html"
    password_form = None

    def form(self, obj, data=None):
        if obj is not None:
            return UserForm(data, instance=obj, user=self.request.user)
        return NewUserForm(data, instance=User(region=self.county), user=self.request.user)

    def context(self, obj, form) -> dict:
        me = self.request.user
        return {"password_form": self.password_form or PasswordForm(), "is_me": obj is not None and obj.pk == me.pk,
                "may_touch": obj is None or not obj.is_superuser or me.is_superuser}

    def save(self, obj, form):
        data = dict(form.cleaned_data)
        if obj is None:
            password = data.pop("password1")
            data.pop("password2", None)
            return accounts.user_create(county=self.county, password=password, **data)
        return accounts.user_update(obj, county=self.county, by=self.request.user, **data)

    def post(self, request, pk=None):
        do = request.POST.get("do", "save")
        if pk is None or do == "save":
            return super().post(request, pk)
        user = self.get_object()
        if do == "password":
            form = PasswordForm(request.POST)
            if form.is_valid():
                try:
                    accounts.password_reset(user, form.cleaned_data["password1"], by=request.user)
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    return done(request, reverse("system:user", args=[user.pk]), f"已重置用户“{user.username}”的密码")
            self.password_form = form
            return self.render(user, self.form(user), status=400)
        active = do == "activate"
        try:
            accounts.user_set_active(user, active, by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("system:user", pk=user.pk)
        return done(request, reverse("system:user", args=[user.pk]), f"已{'启用' if active else '停用'}用户“{user.username}”")


# --- regions (superusers) -----------------------------------------------------------------------------

class RegionPage(AdminOnly, View):
    """Every region with its level and parent; a new county (or city, province) is made here too."""

    superuser_only = True

    def render(self, form, status=200):
        regions = Region.objects.select_related("parent").annotate(
            park_count=Count("parks", distinct=True), firm_count=Count("enterprises", distinct=True)).order_by("code")
        rows = [{"r": r, "level": LEVEL_WORDS[r.level]} for r in regions]
        return render(self.request, "system/regions.html", {
            "title": "系统设置", "form": form, "rows": rows, "county": page_region(self.request.user),
            "tabs": [{"label": label, "url": reverse(name), "active": name == "system:regions"}
                     for label, name in tabs_for(self.request.user)]}, status=status)

    def get(self, request):
        return self.render(RegionForm())

    def post(self, request):
        form = RegionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                region, created = region_create(code=d["code"], name=d["name"], level=d["level"],
                                                parent_code=d["parent"])
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                word = "已建立" if created else "已存在（未作改动）"
                return done(request, reverse("system:regions"), f"{word}：{LEVEL_WORDS[region.level]}行政区"
                                                                 f"{region.name}（{region.code}）")
        return self.render(form, status=400)


def index(request):
    return redirect("system:parks")
