from django.urls import path

from safety import plan_views, views

urlpatterns = [
    path("help/", views.crisis, name="crisis"),
    path("help/plan/", plan_views.safety_plan, name="safety_plan"),
    path("help/plan/edit/", plan_views.safety_plan_edit, name="safety_plan_edit"),
    path("clients/<uuid:client_id>/safety-plan/", plan_views.client_safety_plan, name="client_safety_plan"),
    path(
        "clients/<uuid:client_id>/safety-plan/reviewed/",
        plan_views.client_safety_plan_reviewed,
        name="client_safety_plan_reviewed",
    ),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:public_id>/", views.alert, name="alert"),
    path("alerts/<uuid:public_id>/acknowledge/", views.acknowledge, name="alert_acknowledge"),
]
