from django.contrib import admin

from yuanqu.chains.models import Chain, ChainSegment
from yuanqu.core.admin import BaseAdmin, TabularInline


class ChainSegmentInline(TabularInline):
    model = ChainSegment
    fields = ("position", "code", "name", "sort")


@admin.register(Chain)
class ChainAdmin(BaseAdmin):
    inlines = [ChainSegmentInline]
    list_display = ("code", "name", "is_main", "leader_name", "leader_title", "owner", "lead_department",
                    "target_output", "target_year", "sort")
    list_filter = ("is_main", "region", "target_year")
    search_fields = ("code", "name", "leader_name", "owner__name")
    list_select_related = ("owner", "lead_department")
    autocomplete_fields = ("owner",)


@admin.register(ChainSegment)
class ChainSegmentAdmin(BaseAdmin):
    list_display = ("chain", "position", "code", "name", "sort")
    list_filter = ("position", "chain")
    search_fields = ("code", "name", "chain__name")
    list_select_related = ("chain",)
