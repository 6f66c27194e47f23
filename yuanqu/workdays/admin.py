"""节假日安排: a year's notice with its days inline; rows here override the chinese-calendar package."""
from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, TabularInline

from .models import HolidayArrangement, HolidayYear


class HolidayArrangementInline(TabularInline):
    model = HolidayArrangement
    fields = ("date", "kind", "name")
    extra = 3
    show_change_link = False


@admin.register(HolidayYear)
class HolidayYearAdmin(BaseAdmin):
    inlines = [HolidayArrangementInline]
    list_display = ("year", "notice", "published_on", "updated_at")
    search_fields = ("notice", "note")
    fields = ("year", "notice", "published_on", "note")


@admin.register(HolidayArrangement)
class HolidayArrangementAdmin(BaseAdmin):
    list_display = ("date", "kind", "name", "year")
    list_filter = ("kind", "year")
    search_fields = ("name",)
    list_select_related = ("year",)
    date_hierarchy = "date"
