"""The admin site (数据维护): for superusers and staff of the 系统管理员 role only (access.may_use_admin).

A logged-in user without that right gets a 403 (not the admin's login form); what an administrator
sees and changes there is scoped row by row by the same rules as every page (yuanqu.core.admin).
Installed in settings as "yuanqu.core.admin_site.AdminConfig" in place of "django.contrib.admin".
"""
from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yuanqu.core.access import may_use_admin


class AdminSite(admin.AdminSite):
    site_header = "园区调度平台"
    site_title = "园区调度平台"
    index_title = "数据维护"

    def has_permission(self, request):
        return may_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            if (request.user.is_authenticated and not self.has_permission(request)
                    and request.path != reverse("admin:logout", current_app=self.name)):
                raise PermissionDenied("数据维护（后台）仅供系统管理员使用")
            return inner(request, *args, **kwargs)

        return guarded


class AdminConfig(DjangoAdminConfig):
    default_site = "yuanqu.core.admin_site.AdminSite"
