from django.contrib import admin

from yuanqu.core.admin import BaseAdmin, TabularInline
from yuanqu.policies.models import Claim, Policy, Push


class PushInline(TabularInline):
    model = Push
    fields = ("enterprise", "date", "channel", "pushed_by")
    autocomplete_fields = ("enterprise", "pushed_by")


class ClaimInline(TabularInline):
    model = Claim
    fields = ("enterprise", "status", "applied_date", "granted_date", "amount_granted")
    autocomplete_fields = ("enterprise",)


@admin.register(Policy)
class PolicyAdmin(BaseAdmin):
    inlines = [PushInline, ClaimInline]
    list_display = ("title", "issuer", "level", "doc_number", "category", "delivery_mode", "issued_date",
                    "valid_from", "valid_to")
    list_filter = ("level", "delivery_mode", "category", "region")
    search_fields = ("title", "issuer", "doc_number", "summary", "audience")
    date_hierarchy = "issued_date"
    fieldsets = (
        ("政策", {"fields": ("title", "region", "issuer", "level", "doc_number", "category")}),
        ("有效期", {"fields": ("issued_date", "valid_from", "valid_to")}),
        ("兑现", {"fields": ("delivery_mode", "audience", "summary", "eligibility")}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Push)
class PushAdmin(BaseAdmin):
    list_display = ("policy", "enterprise", "date", "channel", "pushed_by")
    list_filter = ("channel", "policy__level")
    search_fields = ("policy__title", "enterprise__name")
    list_select_related = ("policy", "enterprise", "pushed_by")
    autocomplete_fields = ("policy", "enterprise", "pushed_by")
    date_hierarchy = "date"


@admin.register(Claim)
class ClaimAdmin(BaseAdmin):
    list_display = ("policy", "enterprise", "status", "applied_date", "granted_date", "amount_granted")
    list_filter = ("status", "policy__level")
    search_fields = ("policy__title", "enterprise__name")
    list_select_related = ("policy", "enterprise")
    autocomplete_fields = ("policy", "enterprise")
    date_hierarchy = "applied_date"
