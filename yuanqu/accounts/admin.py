from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from yuanqu.accounts.models import User
from yuanqu.core.access import county_for
from yuanqu.core.admin import AdminMixin

PROFILE_FIELDS = ("display_name", "role", "title", "phone", "region", "park", "department", "enterprise")
PROFILE_FIELDSET = ("身份与归属", {"fields": PROFILE_FIELDS})
# What only a superuser changes: who is a superuser, the groups (they follow the role), the region.
SUPERUSER_FIELDS = ("is_superuser", "groups", "user_permissions", "region")


@admin.register(User)
class UserAdmin(AdminMixin, DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets[:1] + (PROFILE_FIELDSET,) + DjangoUserAdmin.fieldsets[1:]
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("身份与归属", {"classes": ("wide",), "fields": PROFILE_FIELDS}),
    )
    list_display = ("username", "display_name", "role", "park", "department", "enterprise",
                    "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser", "park", "department")
    search_fields = ("username", "display_name", "phone", "first_name", "last_name", "email")
    list_select_related = ("park", "department", "enterprise")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "date_joined"
    ordering = ("username",)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else fields + SUPERUSER_FIELDS

    def save_model(self, request, obj, form, change):
        if not change and obj.region_id is None and not request.user.is_superuser:
            obj.region = county_for(request.user)
        super().save_model(request, obj, form, change)
