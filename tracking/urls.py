"""The client's pages, mounted at /today/."""

from django.urls import path

from tracking import insights_views, reminder_views, views

urlpatterns = [
    path("", views.today, name="tracking_today"),
    path("reminder/", reminder_views.reminder, name="tracking_reminder"),
    path("urges/", views.urges, name="tracking_urges"),
    path("urges/new/", views.urge_new, name="tracking_urge_new"),
    path("urges/<uuid:public_id>/", views.urge_detail, name="tracking_urge"),
    path("lapses/", views.lapses, name="tracking_lapses"),
    path("lapses/new/", views.lapse_new, name="tracking_lapse_new"),
    path("lapses/<uuid:public_id>/", views.lapse_detail, name="tracking_lapse"),
    path("lapses/<uuid:public_id>/edit/", views.lapse_edit, name="tracking_lapse_edit"),
    path("insights/", insights_views.client_insights, name="tracking_insights"),
]
