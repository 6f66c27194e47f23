from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, ReadOnlyAdmin, TabularInline
from yuanqu.service.models import (Assignment, Reminder, Ticket, TicketCategory, TicketEvent, TicketRoute, UnitHead,
                                   Visit)

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
    list_display = ("code", "name", "default_department", "deadline_workdays", "sort")
    search_fields = ("code", "name")
    list_select_related = ("default_department",)


class TicketEventInline(TabularInline):
    model = TicketEvent
    fields = ("action", "status", "date", "at", "user", "department", "note", "satisfaction")
    autocomplete_fields = ("user",)
    show_change_link = False


class TicketRouteInline(TabularInline):
    model = TicketRoute
    fk_name = "ticket"
    fields = ("role", "department", "position", "reason", "assigned_on", "assigned_by", "decided_on", "decided_by",
              "current")
    autocomplete_fields = ("assigned_by", "decided_by")
    show_change_link = False


class ReminderInline(TabularInline):
    model = Reminder
    fields = ("rung", "due_date", "workdays", "fired_at", "recipients")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(BaseAdmin):
    inlines = [TicketRouteInline, TicketEventInline, ReminderInline]
    list_display = ("code", "title", "category", "status", "enterprise", "department", "received_date",
                    "deadline", "resolved_date", "satisfaction")
    list_filter = ("status", "category", "source", "satisfaction", "stalled", "department", "region")
    search_fields = ("code", "title", "description", "enterprise__name", "project__name")
    list_select_related = ("category", "enterprise", "department")
    autocomplete_fields = ("enterprise", "project", "commissioner", "raised_by", "confirmed_by")
    raw_id_fields = ("progress",)
    date_hierarchy = "received_date"
    fieldsets = (
        ("诉求", {"fields": ("code", "title", "description", "category", "source", "region", "raised_by", "progress")}),
        ("对象", {"fields": ("enterprise", "project")}),
        ("办理", {"fields": ("department", "commissioner", "received_date", "assigned_date", "deadline", "status",
                           "resolution", "resolved_date", "satisfaction", "confirmation", "confirmed_by",
                           "stalled")}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )


@admin.register(TicketEvent)
class TicketEventAdmin(BaseAdmin):
    list_display = ("ticket", "action", "status", "date", "user", "department", "satisfaction")
    list_filter = ("action", "status", "department")
    search_fields = ("ticket__code", "ticket__title", "note")
    list_select_related = ("ticket", "user", "department")
    autocomplete_fields = ("ticket", "user")
    date_hierarchy = "date"


@admin.register(TicketRoute)
class TicketRouteAdmin(BaseAdmin):
    list_display = ("ticket", "role", "department", "position", "assigned_on", "decided_on", "current")
    list_filter = ("role", "position", "current", "department")
    search_fields = ("ticket__code", "ticket__title", "department__name", "reason")
    list_select_related = ("ticket", "department")
    autocomplete_fields = ("ticket", "assigned_by", "decided_by")
    raw_id_fields = ("transferred_from",)
    date_hierarchy = "assigned_on"


@admin.register(UnitHead)
class UnitHeadAdmin(BaseAdmin):
    """承办单位负责人: who the reminder ladder tells after the handler (提醒部门负责人)."""

    list_display = ("department", "head")
    search_fields = ("department__name", "head__username", "head__display_name")
    list_select_related = ("department", "head")
    autocomplete_fields = ("head",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "rung", "due_date", "workdays", "fired_at", "recipients")
    list_filter = ("rung",)
    search_fields = ("ticket__code", "ticket__title", "recipients")
    list_select_related = ("ticket",)
    date_hierarchy = "due_date"
