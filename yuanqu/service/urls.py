from django.urls import path

from . import actions, views

app_name = "service"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.ticket_create, name="create"),
    path("<int:pk>/", views.ticket_detail, name="detail"),
    path("<int:pk>/route/", actions.route, name="route"),
    path("<int:pk>/return/", actions.return_ticket, name="return"),
    path("<int:pk>/resolve/", actions.resolve, name="resolve"),
    path("<int:pk>/confirm/", actions.confirm, name="confirm"),
    path("routes/<int:pk>/answer/", actions.answer, name="answer"),
]
