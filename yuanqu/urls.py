from django.contrib import admin
from django.urls import include, path

urlpatterns = [
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
    path("", include("yuanqu.cockpit.urls")),
]
