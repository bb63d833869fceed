"""The therapist's reading of a client's motivation tools, under /clients/<client_id>/motivation/."""

from django.urls import path

from motivation import therapist_views

urlpatterns = [
    path("", therapist_views.client_motivation, name="client_motivation"),
    path("balance/<uuid:version_id>/", therapist_views.client_balance, name="client_motivation_balance"),
]
