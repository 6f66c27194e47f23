from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, TabularInline
from yuanqu.org.models import Department, Park, ParkZone, Region


@admin.register(Region)
class RegionAdmin(BaseAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)


class ParkZoneInline(TabularInline):
    model = ParkZone
    fields = ("code", "name", "area_mu")


@admin.register(Park)
class ParkAdmin(BaseAdmin):
    inlines = [ParkZoneInline]
    list_display = ("code", "name", "short_name", "region", "level", "leading_industry",
                    "planned_area_mu", "built_area_mu", "established", "is_active", "sort")
    list_filter = ("level", "is_active", "region")
    search_fields = ("code", "name", "short_name", "leading_industry")
    list_select_related = ("region",)
    date_hierarchy = "established"


@admin.register(ParkZone)
class ParkZoneAdmin(BaseAdmin):
    list_display = ("park", "code", "name", "area_mu")
    list_filter = ("park",)
    search_fields = ("code", "name", "park__name", "park__short_name")
    list_select_related = ("park",)


@admin.register(Department)
class DepartmentAdmin(BaseAdmin):
    list_display = ("code", "name", "short_name", "kind", "region", "park", "contact", "phone")
    list_filter = ("kind", "region", "park")
    search_fields = ("code", "name", "short_name", "contact")
    list_select_related = ("region", "park")
