from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "园区调度平台"
admin.site.site_title = "园区调度平台"
admin.site.index_title = "数据维护"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
