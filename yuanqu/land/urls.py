from django.urls import path

from . import views

app_name = "land"
urlpatterns = [
    path("", views.parcel_list, name="parcels"),
    path("parcels/<int:pk>/", views.parcel_detail, name="parcel"),
    path("parcels/<int:pk>/edit/", views.parcel_edit, name="parcel_edit"),
    path("buildings/", views.building_list, name="buildings"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("buildings/<int:pk>/edit/", views.building_edit, name="building_edit"),
]
