"""The client's tasks, mounted at /tasks/."""

from django.urls import path

from homework import views

urlpatterns = [
    path("", views.tasks, name="homework_tasks"),
    path("<uuid:task_id>/", views.task, name="homework_task"),
    path("<uuid:task_id>/done/", views.task_done, name="homework_task_done"),
]
