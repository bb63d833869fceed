from django.urls import path

from caseload import handover_views, record_views, views

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("invite/", views.invite_client, name="caseload_invite_client"),
    path("discharged/", handover_views.discharged, name="caseload_discharged"),
    path("<uuid:public_id>/", record_views.client_record, name="client_record"),
    path("<uuid:public_id>/timeline/", record_views.timeline, name="client_timeline"),
    path("<uuid:public_id>/transfer/", handover_views.transfer, name="client_transfer"),
    path("<uuid:public_id>/discharge/", handover_views.discharge, name="client_discharge"),
    path("<uuid:public_id>/reopen/", handover_views.reopen, name="client_reopen"),
    path(
        "<uuid:public_id>/handovers/<uuid:handover_id>/read/",
        handover_views.acknowledge_handover,
        name="client_handover_read",
    ),
]
