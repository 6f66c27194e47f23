from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("<int:pk>/", views.target_detail, name="detail"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_edit, name="task_edit"),
]
