"""Included at clients/<uuid:client_id>/plan/: the client's therapist works on the plan here."""

from django.urls import path

from plan import views

urlpatterns = [
    path("", views.client_plan, name="client_plan"),
    path("edit/", views.client_plan_edit, name="client_plan_edit"),
    path("versions/<uuid:version_id>/sign/", views.client_plan_sign, name="client_plan_sign"),
]
