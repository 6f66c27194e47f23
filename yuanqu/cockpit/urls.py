from django.urls import path

from . import views

app_name = "cockpit"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures/", views.figures_index, name="figures"),
    path("figures/<str:key>/", views.explain, name="explain"),
]
