from django.urls import path

from caseload import views

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("invite/", views.invite_client, name="caseload_invite_client"),
    path("<uuid:public_id>/", views.client_record, name="client_record"),
    path("<uuid:public_id>/transfer/", views.transfer, name="client_transfer"),
]
