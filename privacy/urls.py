from django.urls import path

from privacy import views

urlpatterns = [
    path("", views.privacy_home, name="privacy_home"),
    path("consent/", views.consent, name="privacy_consent"),
    path("consent/withdraw/", views.withdraw_consent, name="privacy_withdraw_consent"),
    path("access-log/", views.access_log, name="privacy_access_log"),
    path("export/", views.export, name="privacy_export"),
    path("delete/", views.delete_account, name="privacy_delete"),
    path("delete/cancel/", views.cancel_deletion, name="privacy_delete_cancel"),
]
