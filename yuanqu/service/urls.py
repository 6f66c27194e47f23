from django.urls import path

from . import views

app_name = "service"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("<int:pk>/", views.ticket_detail, name="detail"),
    path("<int:pk>/move/", views.ticket_move, name="move"),
]
