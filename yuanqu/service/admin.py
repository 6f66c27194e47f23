from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, TabularInline
from yuanqu.service.models import Assignment, Ticket, TicketCategory, TicketEvent, Visit

USER_SEARCH = ("commissioner__username", "commissioner__display_name")


@admin.register(Assignment)
class AssignmentAdmin(BaseAdmin):
    list_display = ("commissioner", "enterprise", "project", "start_date", "end_date", "note")
    list_filter = (("end_date", admin.EmptyFieldListFilter),)
    search_fields = (*USER_SEARCH, "enterprise__name", "project__name", "project__code")
    list_select_related = ("commissioner", "enterprise", "project")
    autocomplete_fields = ("commissioner", "enterprise", "project")
    date_hierarchy = "start_date"


@admin.register(Visit)
class VisitAdmin(BaseAdmin):
    list_display = ("date", "kind", "commissioner", "enterprise", "project")
    list_filter = ("kind",)
    search_fields = (*USER_SEARCH, "enterprise__name", "project__name", "summary")
    list_select_related = ("commissioner", "enterprise", "project")
    autocomplete_fields = ("commissioner", "enterprise", "project")
    date_hierarchy = "date"


@admin.register(TicketCategory)
class TicketCategoryAdmin(BaseAdmin):
    list_display = ("code", "name", "default_department", "sort")
    search_fields = ("code", "name")
    list_select_related = ("default_department",)


class TicketEventInline(TabularInline):
    model = TicketEvent
    fields = ("status", "at", "user", "department", "note")
    autocomplete_fields = ("user",)
    show_change_link = False


@admin.register(Ticket)
class TicketAdmin(BaseAdmin):
    inlines = [TicketEventInline]
    list_display = ("code", "title", "category", "status", "enterprise", "department", "received_date",
                    "deadline", "resolved_date", "satisfaction")
    list_filter = ("status", "category", "source", "satisfaction", "department", "region")
    search_fields = ("code", "title", "description", "enterprise__name", "project__name")
    list_select_related = ("category", "enterprise", "department")
    autocomplete_fields = ("enterprise", "project", "commissioner")
    date_hierarchy = "received_date"
    fieldsets = (
        ("诉求", {"fields": ("code", "title", "description", "category", "source", "region")}),
        ("对象", {"fields": ("enterprise", "project")}),
        ("办理", {"fields": ("department", "commissioner", "received_date", "deadline", "status", "resolution",
                           "resolved_date", "satisfaction")}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )


@admin.register(TicketEvent)
class TicketEventAdmin(BaseAdmin):
    list_display = ("ticket", "status", "at", "user", "department")
    list_filter = ("status", "department")
    search_fields = ("ticket__code", "ticket__title", "note")
    list_select_related = ("ticket", "user", "department")
    autocomplete_fields = ("ticket", "user")
    date_hierarchy = "at"
