"""The client's SOS page, mounted at /sos/."""

from django.urls import path

from sos import views

urlpatterns = [
    path("", views.sos, name="sos"),
    path("reasons/", views.reasons, name="sos_reasons"),
    path("reasons/<uuid:public_id>/", views.reason_edit, name="sos_reason_edit"),
    path("reasons/<uuid:public_id>/remove/", views.reason_remove, name="sos_reason_remove"),
]
