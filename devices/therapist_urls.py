"""Included at clients/<uuid:client_id>/devices/: the therapist sees the checklist's completion."""

from django.urls import path

from devices import views

urlpatterns = [
    path("", views.client_devices, name="client_devices"),
]
