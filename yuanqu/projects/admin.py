from django.contrib import admin

from yuanqu.core.admin import (
    BaseAdmin, ParkColumnMixin, PeriodColumnMixin, StackedInline, TabularInline, park_filter,
)
from yuanqu.projects import services
from yuanqu.projects.models import AnnualPlan, Designation, Lead, Progress, Project, StageChange


class StageChangeInline(TabularInline):
    model = StageChange
    fields = ("stage", "date", "amount", "note", "created_by")


class AnnualPlanInline(TabularInline):
    model = AnnualPlan
    fields = ("year", "planned_investment", "is_continuing", "plan_start", "plan_complete", "plan_production",
              "quarter_targets")


class ProgressInline(StackedInline):
    model = Progress
    fields = (("year", "month", "completed_investment_cum"), "image_progress", "problems",
              ("batch", "written_by", "updated_at"))


@admin.register(Project)
class ProjectAdmin(ParkColumnMixin, BaseAdmin):
    inlines = [StageChangeInline, AnnualPlanInline, ProgressInline]
    list_display = ("code", "name", "park_column", "kind", "stage", "key_level", "total_investment",
                    "enterprise", "planned_start", "started_date")
    list_filter = ("stage", "key_level", "kind", park_filter(), "is_force_majeure", "region")
    search_fields = ("code", "name", "investor", "source_region", "leader_name", "enterprise__name")
    list_select_related = ("park", "enterprise")
    autocomplete_fields = ("enterprise", "segment", "commissioner")
    date_hierarchy = "planned_start"
    fieldsets = (
        ("基本信息", {"fields": ("code", "name", "kind", "key_level", "total_investment", "content")}),
        ("归属", {"fields": ("region", "park", "segment", "enterprise", "investor", "source_region")}),
        ("责任", {"fields": ("leader_name", "responsible_unit", "commissioner")}),
        ("阶段与日期", {"fields": ("stage", ("planned_start", "planned_completion", "planned_production"),
                              ("signed_date", "started_date", "completed_date", "production_date"),
                              "terminated_date", "is_force_majeure")}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )
    # The stage and its dates are copies of the stage history (projects.services).
    derived_fields = ("stage", "signed_date", "started_date", "completed_date", "production_date",
                      "terminated_date")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.derived_fields)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.sync_from_history(form.instance)


@admin.register(StageChange)
class StageChangeAdmin(BaseAdmin):
    list_display = ("project", "stage", "date", "amount", "note", "created_by")
    list_filter = ("stage", park_filter("project__park"))
    search_fields = ("project__code", "project__name", "note")
    list_select_related = ("project", "created_by")
    autocomplete_fields = ("project",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.sync_from_history(obj.project)

    def delete_model(self, request, obj):
        project = obj.project
        super().delete_model(request, obj)
        services.sync_from_history(project)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(BaseAdmin):
    list_display = ("project", "year", "planned_investment", "is_continuing", "plan_start", "plan_complete",
                    "plan_production")
    list_filter = ("year", "project__key_level", "is_continuing", "plan_start", "plan_complete",
                   "plan_production")
    search_fields = ("project__code", "project__name")
    list_select_related = ("project",)
    autocomplete_fields = ("project",)


@admin.register(Progress)
class ProgressAdmin(PeriodColumnMixin, BaseAdmin):
    list_display = ("project", "period_column", "completed_investment_cum", "batch", "written_by", "updated_at")
    list_filter = ("year", "month", "project__key_level", park_filter("project__park"))
    search_fields = ("project__code", "project__name", "image_progress", "problems")
    list_select_related = ("project", "batch", "written_by")
    autocomplete_fields = ("project",)


@admin.register(Lead)
class LeadAdmin(BaseAdmin):
    list_display = ("name", "investor", "source_region", "segment", "estimated_investment", "found_date",
                    "follower", "project")
    list_filter = ("segment__chain", "region")
    search_fields = ("name", "investor", "source_region", "follower", "note")
    list_select_related = ("segment__chain", "project")
    autocomplete_fields = ("segment", "project")
    date_hierarchy = "found_date"


@admin.register(Designation)
class DesignationAdmin(BaseAdmin):
    list_display = ("year", "quarter", "level", "kind", "project", "region", "issuer", "document", "published_date",
                    "created_by")
    list_filter = ("year", "quarter", "level", "kind", "region")
    search_fields = ("project__code", "project__name", "issuer", "document", "note")
    list_select_related = ("project", "region", "created_by")
    autocomplete_fields = ("project",)
    fields = ("kind", "level", "region", "project", ("year", "quarter"), "issuer", "document", "published_date",
              "note", "created_by", "created_at")
