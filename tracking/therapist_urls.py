"""The therapist's reading of a client's tracking, mounted at /clients/<public_id>/tracking/."""

from django.urls import path

from tracking import insights_views, therapist_views

urlpatterns = [
    path("", therapist_views.check_ins, name="tracking_client"),
    path("urges/", therapist_views.urges, name="tracking_client_urges"),
    path("lapses/", therapist_views.lapses, name="tracking_client_lapses"),
    path("insights/", insights_views.therapist_insights, name="tracking_client_insights"),
]
