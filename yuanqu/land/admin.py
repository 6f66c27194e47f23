from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, TabularInline
from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization, Tenancy


@admin.register(LandParcel)
class LandParcelAdmin(BaseAdmin):
    list_display = ("code", "name", "park", "status", "area_mu", "developed_area_mu", "supplied_date",
                    "agreed_start_date", "holder_column", "is_low_efficiency")
    list_filter = ("status", "supply_method", "is_low_efficiency", "park", "land_use")
    search_fields = ("code", "name", "holder__name", "holder_name")
    list_select_related = ("park", "holder")
    autocomplete_fields = ("zone", "holder", "project")
    date_hierarchy = "supplied_date"
    fieldsets = (
        ("地块", {"fields": ("code", "name", "park", "zone", "area_mu", "land_use", "status",
                           "is_low_efficiency", "plot_ratio", "developed_area_mu")}),
        ("供地", {"fields": ("approved_date", "supplied_date", "supply_method", "land_price", "agreed_start_date",
                           "agreed_investment")}),
        ("用地与建设", {"fields": ("holder", "holder_name", "project", "actual_start_date", "invested_amount",
                               "stopped_date", "built_date")}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description="用地单位", ordering="holder__name")
    def holder_column(self, obj):
        return obj.holder.name if obj.holder_id else (obj.holder_name or None)


class TenancyInline(TabularInline):
    model = Tenancy
    fields = ("enterprise", "area_m2", "start_date", "end_date")
    autocomplete_fields = ("enterprise",)


@admin.register(FactoryBuilding)
class FactoryBuildingAdmin(BaseAdmin):
    inlines = [TenancyInline]
    list_display = ("code", "name", "park", "is_standard", "floors", "floor_area_m2", "let_area_m2",
                    "vacant_area_column", "completed_date", "owner_name", "monthly_rent")
    list_filter = ("park", "is_standard")
    search_fields = ("code", "name", "owner_name")
    list_select_related = ("park",)
    autocomplete_fields = ("parcel",)
    date_hierarchy = "completed_date"

    @admin.display(description="空置面积（平方米）")
    def vacant_area_column(self, obj):
        return obj.floor_area_m2 - obj.let_area_m2


@admin.register(Tenancy)
class TenancyAdmin(BaseAdmin):
    list_display = ("building", "enterprise", "area_m2", "start_date", "end_date")
    list_filter = ("building__park",)
    search_fields = ("building__code", "building__name", "enterprise__name")
    list_select_related = ("building", "enterprise")
    autocomplete_fields = ("building", "enterprise")
    date_hierarchy = "start_date"


class RevitalizedObjectFilter(admin.SimpleListFilter):
    title = "盘活对象"
    parameter_name = "object"

    def lookups(self, request, model_admin):
        return [("parcel", "土地"), ("building", "厂房")]

    def queryset(self, request, queryset):
        if self.value() in ("parcel", "building"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Revitalization)
class RevitalizationAdmin(BaseAdmin):
    list_display = ("date", "method", "parcel", "building", "area_mu", "area_m2", "enterprise", "project")
    list_filter = (RevitalizedObjectFilter, "method")
    search_fields = ("parcel__code", "parcel__name", "building__code", "building__name", "note")
    list_select_related = ("parcel", "building", "enterprise", "project")
    autocomplete_fields = ("parcel", "building", "enterprise", "project")
    date_hierarchy = "date"
