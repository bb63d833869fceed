"""Included at clients/<uuid:client_id>/plan/: the client's therapist works on the plan here."""

from django.urls import path

from plan import views

urlpatterns = [
    path("", views.client_plan, name="client_plan"),
    path("edit/", views.client_plan_edit, name="client_plan_edit"),
    path("versions/<uuid:version_id>/sign/", views.client_plan_sign, name="client_plan_sign"),
    path("prevention/", views.client_prevention, name="client_plan_prevention"),
    path("prevention/edit/", views.client_prevention_edit, name="client_plan_prevention_edit"),
    path("prevention/review/", views.client_prevention_review, name="client_plan_prevention_review"),
]
