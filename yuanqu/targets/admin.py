from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, PeriodColumnMixin, TabularInline
from yuanqu.targets.models import Action, PublishedIndicator, Target, Task


@admin.register(Target)
class TargetAdmin(BaseAdmin):
    list_display = ("code", "name", "scope_kind", "park", "chain", "indicator", "year", "value", "unit",
                    "baseline_value", "is_annual", "sort")
    list_filter = ("year", "scope_kind", "is_annual", "region")
    search_fields = ("code", "name", "indicator")
    list_select_related = ("park", "chain")


@admin.register(PublishedIndicator)
class PublishedIndicatorAdmin(PeriodColumnMixin, BaseAdmin):
    list_display = ("name", "code", "region", "period_column", "value", "unit", "source")
    list_filter = ("code", "year", "month", "region")
    search_fields = ("code", "name", "source")
    list_select_related = ("region",)


class TaskInline(TabularInline):
    model = Task
    fields = ("title", "owner_unit", "leader_name", "deadline", "status", "completed_date", "projects")
    autocomplete_fields = ("projects",)


@admin.register(Action)
class ActionAdmin(BaseAdmin):
    inlines = [TaskInline]
    list_display = ("code", "name", "leader_name", "lead_unit", "start_date", "end_date", "status", "sort")
    list_filter = ("status", "region")
    search_fields = ("code", "name", "leader_name", "goal")
    list_select_related = ("lead_unit",)
    date_hierarchy = "start_date"


@admin.register(Task)
class TaskAdmin(BaseAdmin):
    list_display = ("title", "action", "owner_unit", "leader_name", "deadline", "status", "completed_date")
    list_filter = ("status", "action", "owner_unit")
    search_fields = ("title", "leader_name", "progress_note")
    list_select_related = ("action", "owner_unit")
    autocomplete_fields = ("projects",)
    date_hierarchy = "deadline"
