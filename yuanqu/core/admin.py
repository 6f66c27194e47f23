"""Shared admin pieces for every app, and the admin of the data batches.

Every app's admin builds on `BaseAdmin` and the inline bases here:
- rows go through the scoping layer (yuanqu.core.access): the list, search, autocomplete and every
  foreign-key choice and filter hold only the rows the user may see; a row is shown, changed or
  deleted only when the Django permission (the 系统管理员 group's) and the row's rule both allow it;
- audit fields (batch, written_by, created_by, created_at, updated_at) are read-only;
- a row saved through the admin records the user (written_by always: the last writer;
  created_by / user / pushed_by only when empty: who recorded it first);
- foreign-key and many-to-many choices load their related rows in one query, using the
  `list_select_related` of the related model's admin (ChainSegment's name needs its chain);
- columns and filters the apps share: the park column ("园区外" when empty), the park filter,
  the period column ("2023年1-8月").
"""
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import F
from django.http import Http404

from yuanqu.core.access import visible
from yuanqu.core.models import DataBatch
from yuanqu.core.periods import Period

OUTSIDE_PARKS = "园区外"

AUDIT_FIELDS = ("batch", "written_by", "created_by", "created_at", "updated_at")
STAMP_ALWAYS = ("written_by",)
STAMP_IF_EMPTY = ("created_by", "user", "pushed_by")


def _field_names(model):
    return {f.name for f in model._meta.get_fields()}


def _is_user_fk(model, name):
    field = model._meta.get_field(name)
    return field.many_to_one and field.related_model._meta.label == settings.AUTH_USER_MODEL


def stamp_user(obj, user):
    """Record the admin user on a row about to be saved (see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return
    model = type(obj)
    names = _field_names(model)
    for name in STAMP_ALWAYS:
        if name in names and _is_user_fk(model, name):
            setattr(obj, name, user)
    for name in STAMP_IF_EMPTY:
        if name in names and _is_user_fk(model, name) and getattr(obj, f"{name}_id") is None:
            setattr(obj, name, user)


class AdminMixin:
    """Rows scoped by the rules, read-only audit fields and related choices loaded with their parents.

    For ModelAdmin and InlineModelAdmin alike.
    """

    def get_queryset(self, request):
        return visible(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        """A row outside the user's scope is not found (404), as on every page, not a redirect."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("没有这条数据，或您无权查看")
        return obj

    def _row_perm(self, request, action, obj) -> bool:
        opts = self.opts
        return obj is None or request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            self._row_perm(request, "view", obj) or self._row_perm(request, "change", obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._row_perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._row_perm(request, "delete", obj)

    def get_readonly_fields(self, request, obj=None):
        declared = tuple(super().get_readonly_fields(request, obj))
        names = _field_names(self.model)
        return declared + tuple(n for n in AUDIT_FIELDS if n in names and n not in declared)

    def _with_related(self, formfield, db_field, request):
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = visible(formfield.queryset, request.user)
        related_admin = self.admin_site._registry.get(db_field.related_model)
        related = getattr(related_admin, "list_select_related", False)
        if formfield is not None and related and hasattr(formfield, "queryset"):
            if related is True:
                formfield.queryset = formfield.queryset.select_related()
            else:
                formfield.queryset = formfield.queryset.select_related(*related)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._with_related(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._with_related(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)


class BaseAdmin(AdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # one COUNT less on big tables

    def save_model(self, request, obj, form, change):
        stamp_user(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            stamp_user(obj, request.user)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class TabularInline(AdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class StackedInline(AdminMixin, admin.StackedInline):
    extra = 0
    show_change_link = True


class ReadOnlyAdmin(BaseAdmin):
    """Rows written by the system only: viewable (and deletable by a superuser), never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- shared columns -------------------------------------------------------------------------

class ParkColumnMixin:
    """A park column that says "园区外" when the row has no park (add "park" to list_select_related)."""

    @admin.display(description="所在园区", ordering="park")
    def park_column(self, obj):
        return obj.park.name if obj.park_id else OUTSIDE_PARKS


def period_label(year, month):
    """'2023年1-8月' for a (year, month) period; None when not set; the raw numbers when out of range."""
    if year is None or month is None:
        return None
    try:
        return Period(year, month).full_label
    except ValueError:
        return f"{year}年{month}月"


class PeriodColumnMixin:
    """A period column for rows with `year` and `month` (1—N月)."""

    @admin.display(description="期别", ordering=F("year") * 100 + F("month"))
    def period_column(self, obj):
        return period_label(obj.year, obj.month)


# --- shared filters -------------------------------------------------------------------------

def park_filter(field_path="park", title="所在园区"):
    """A list filter by park along `field_path` (e.g. "enterprise__park"), with a "园区外" choice."""

    class ParkFilter(admin.SimpleListFilter):
        parameter_name = "in_park"
        OUTSIDE = "outside"

        def lookups(self, request, model_admin):
            park_model = get_fields_from_path(model_admin.model, field_path)[-1].related_model
            parks = [(str(p.pk), p.short_name or p.name) for p in visible(park_model._default_manager.all(), request.user)]
            return parks + [(self.OUTSIDE, OUTSIDE_PARKS)]

        def queryset(self, request, queryset):
            value = self.value()
            if value == self.OUTSIDE:
                return queryset.filter(**{f"{field_path}__isnull": True})
            if value:
                return queryset.filter(**{f"{field_path}__pk": value})
            return queryset

    ParkFilter.title = title
    return ParkFilter


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation offers only the related rows the user may see."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        rows = visible(field.related_model._default_manager.all(), request.user)
        if ordering:
            rows = rows.order_by(*ordering)
        return [(row.pk, str(row)) for row in rows]


admin.FieldListFilter.register(lambda f: f.remote_field, ScopedRelatedFilter, take_priority=True)


# --- the admin of this app ------------------------------------------------------------------

@admin.register(DataBatch)
class DataBatchAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "source", "kind", "file_name", "period_column", "row_count", "user")
    list_filter = ("source", "kind", "period_year")
    search_fields = ("file_name", "file_sha256", "note")
    list_select_related = ("user",)
    date_hierarchy = "created_at"

    @admin.display(description="期别", ordering=F("period_year") * 100 + F("period_month"))
    def period_column(self, obj):
        return period_label(obj.period_year, obj.period_month)
