"""A client's tasks for their therapist, mounted at /clients/<uuid:client_id>/tasks/."""

from django.urls import path

from homework import therapist_views

urlpatterns = [
    path("", therapist_views.client_tasks, name="homework_client_tasks"),
    path("assign/", therapist_views.assign, name="homework_client_assign"),
    path("<uuid:task_id>/cancel/", therapist_views.cancel, name="homework_client_cancel"),
]
