"""The therapist's reading of a client's course, mounted at /clients/<client_id>/learning/."""

from django.urls import path

from learning import therapist_views

urlpatterns = [
    path("", therapist_views.client_learning, name="learning_client"),
]
