from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, ParkColumnMixin, PeriodColumnMixin, TabularInline, park_filter
from yuanqu.core.creditcode import LENGTH, normalize
from yuanqu.enterprises.forms import EnterpriseForm
from yuanqu.enterprises.indicators import INDICATORS
from yuanqu.enterprises.models import Enterprise, MonthlyStat, RosterEntry


class RosterYearFilter(admin.SimpleListFilter):
    title = "规上名录年份"
    parameter_name = "roster_year"

    def lookups(self, request, model_admin):
        years = RosterEntry.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(y), f"{y}年") for y in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(roster_entries__year=self.value())
        return queryset


class CreditCodeSearchMixin:
    """A search term that is a credit code once normalised (full-width, spaces, lower case) finds its firm."""

    credit_code_lookup = "enterprise__credit_code"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        code = normalize(search_term)
        if len(code) == LENGTH and code != search_term.strip():
            results |= queryset.filter(**{self.credit_code_lookup: code})
        return results, may_have_duplicates


class RosterEntryInline(TabularInline):
    model = RosterEntry
    fields = ("year", "joined_month", "note")
    show_change_link = False


@admin.register(Enterprise)
class EnterpriseAdmin(CreditCodeSearchMixin, ParkColumnMixin, BaseAdmin):
    credit_code_lookup = "credit_code"
    form = EnterpriseForm
    inlines = [RosterEntryInline]
    list_display = ("name", "credit_code", "park_column", "industry_label", "land_area_mu",
                    "registered_capital", "is_treasure", "is_listed", "is_active")
    list_filter = (park_filter(), RosterYearFilter, "is_treasure", "is_listed", "is_listing_reserve",
                   "is_active", "region")
    search_fields = ("name", "short_name", "credit_code", "industry_code", "industry_name", "legal_representative",
                     "contact")
    readonly_fields = ("industry_name",)
    list_select_related = ("park",)
    autocomplete_fields = ("zone", "segments", "commissioner")
    date_hierarchy = "established"
    fieldsets = (
        ("基本信息", {"fields": ("credit_code", "name", "short_name", "legal_representative", "established",
                             "registered_capital", "is_active")}),
        ("所在位置", {"fields": ("region", "park", "zone", "address", "land_area_mu")}),
        ("行业与产业链", {"fields": ("industry_code", "industry_name", "segments")}),
        ("企业标识", {"fields": ("is_treasure", "is_listed", "is_listing_reserve")}),
        ("服务与联系", {"fields": ("commissioner", "contact", "phone")}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )


@admin.register(RosterEntry)
class RosterEntryAdmin(CreditCodeSearchMixin, BaseAdmin):
    list_display = ("enterprise", "year", "joined_month", "note")
    list_filter = ("year", "joined_month", park_filter("enterprise__park"))
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)


CURRENT = tuple(ind.cur for ind in INDICATORS)  # this year's 1—本月 fields, then 上年同期's
PREVIOUS = tuple(ind.prev for ind in INDICATORS)


@admin.register(MonthlyStat)
class MonthlyStatAdmin(CreditCodeSearchMixin, PeriodColumnMixin, BaseAdmin):
    list_display = ("enterprise", "period_column", *CURRENT[:-1], "output_prev_cum", CURRENT[-1], "batch")
    list_filter = ("year", "month", park_filter("enterprise__park"), "batch__source")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "batch")
    autocomplete_fields = ("enterprise",)
    fieldsets = (
        ("企业与期别", {"fields": ("enterprise", "year", "month")}),
        ("本年1—本月", {"fields": CURRENT}),
        ("上年同期1—本月", {"fields": PREVIOUS}),
        ("记录", {"fields": ("batch", "written_by", "updated_at")}),
    )
