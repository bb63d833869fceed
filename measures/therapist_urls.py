"""The therapist's questionnaire pages, under /clients/<client_id>/measures/."""

from django.urls import path

from measures.views import therapist

urlpatterns = [
    path("", therapist.measures, name="therapist_measures"),
    path("assign/", therapist.assign, name="therapist_measures_assign"),
    path("intake/", therapist.assign_intake, name="therapist_measures_intake"),
    path("schedules/<uuid:schedule_id>/end/", therapist.end_schedule, name="therapist_measures_end_schedule"),
    path("paper/<slug:instrument_id>/", therapist.paper, name="therapist_measures_paper"),
    path("<uuid:administration_id>/", therapist.result, name="therapist_measures_result"),
    path("<uuid:administration_id>/correct/", therapist.correct, name="therapist_measures_correct"),
    path("<uuid:administration_id>/fhir/", therapist.result_fhir, name="therapist_measures_fhir"),
]
