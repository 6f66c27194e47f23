from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("preview/", views.preview, name="preview"),
    path("download/", views.download, name="download"),
    path("jobs/", views.start_job, name="start_job"),
    path("jobs/<str:job_id>/", views.job, name="job"),
    path("jobs/<str:job_id>/file/", views.job_file, name="job_file"),
    path("check/", views.check, name="check"),
]
