from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from yuanqu.accounts.models import User
from yuanqu.core.admin import AdminMixin

PROFILE_FIELDS = ("display_name", "role", "title", "phone", "region", "park", "department", "enterprise")
PROFILE_FIELDSET = ("身份与归属", {"fields": PROFILE_FIELDS})


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
