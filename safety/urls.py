from django.urls import path

from safety import views

urlpatterns = [
    path("help/", views.crisis, name="crisis"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:public_id>/", views.alert, name="alert"),
    path("alerts/<uuid:public_id>/acknowledge/", views.acknowledge, name="alert_acknowledge"),
]
