from django.contrib import admin

from yuanqu.core.admin import BaseAdmin
from yuanqu.factors.models import Institution, LabourDemand, LabourSupply, Loan


@admin.register(Institution)
class InstitutionAdmin(BaseAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")


@admin.register(Loan)
class LoanAdmin(BaseAdmin):
    list_display = ("date", "enterprise", "institution", "amount", "term_months", "purpose")
    list_filter = ("institution__kind", "institution")
    search_fields = ("enterprise__name", "institution__name", "purpose")
    list_select_related = ("enterprise", "institution")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "date"


@admin.register(LabourDemand)
class LabourDemandAdmin(BaseAdmin):
    list_display = ("date", "enterprise", "positions", "headcount", "is_open")
    list_filter = ("is_open",)
    search_fields = ("enterprise__name", "positions")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "date"


@admin.register(LabourSupply)
class LabourSupplyAdmin(BaseAdmin):
    list_display = ("date", "enterprise", "workers", "channel", "demand")
    list_filter = ("channel",)
    search_fields = ("enterprise__name",)
    list_select_related = ("enterprise", "demand__enterprise")
    autocomplete_fields = ("enterprise", "demand")
    date_hierarchy = "date"
