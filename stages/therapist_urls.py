"""Included at clients/<uuid:client_id>/stage/: the client's therapist moves them between stages here."""

from django.urls import path

from stages import views

urlpatterns = [
    path("", views.client_stage, name="client_stage"),
    path("move/", views.client_stage_move, name="client_stage_move"),
]
