"""Included at clients/<uuid:client_id>/story/: the client's therapist reads the story and comments here."""

from django.urls import path

from narrative import therapist_views

urlpatterns = [
    path("", therapist_views.client_story, name="client_narrative"),
    path("<slug:step_id>/versions/", therapist_views.client_step_versions, name="client_narrative_versions"),
    path("<slug:step_id>/comment/", therapist_views.client_step_comment, name="client_narrative_comment"),
]
