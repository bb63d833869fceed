"""Included at clients/<uuid:client_id>/report/: the progress report, chosen and downloaded."""

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report, name="client_report"),
    path("pdf/", views.report_pdf, name="client_report_pdf"),
]
