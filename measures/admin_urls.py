"""The practice's instruments, under /practice/instruments/: licensed uploads, and FHIR Questionnaires."""

from django.urls import path

from measures.views import admin

urlpatterns = [
    path("", admin.instruments, name="practice_instruments"),
    path("<uuid:public_id>/retire/", admin.retire, name="practice_instrument_retire"),
    path("<slug:instrument_id>/fhir/", admin.questionnaire_fhir, name="practice_instrument_fhir"),
]
