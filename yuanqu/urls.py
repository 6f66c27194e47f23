from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.ico"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("enterprises/", include("yuanqu.enterprises.urls")),
    path("chains/", include("yuanqu.chains.urls")),
    path("projects/", include("yuanqu.projects.urls")),
    path("land/", include("yuanqu.land.urls")),
    path("service/", include("yuanqu.service.urls")),
    path("policies/", include("yuanqu.policies.urls")),
    path("targets/", include("yuanqu.targets.urls")),
    path("reports/", include("yuanqu.reports.urls")),
    path("imports/", include("yuanqu.imports.urls")),
    path("system/", include("yuanqu.system.urls")),
    path("notifications/", include("yuanqu.notifications.urls")),
    path("", include("yuanqu.cockpit.urls")),
]
