from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("preview/<slug:token>/", views.preview, name="preview"),
    path("confirm/", views.confirm, name="confirm"),
    path("report/<slug:token>/", views.report, name="report"),
    path("template/<slug:kind>/", views.template, name="template"),
    path("batches/<int:pk>/", views.batch, name="batch"),
]
