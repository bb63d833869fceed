from django.urls import path

from privacy import views

urlpatterns = [
    path("", views.privacy_home, name="privacy_home"),
    path("consent/", views.consent, name="privacy_consent"),
    path("consent/withdraw/", views.withdraw_consent, name="privacy_withdraw_consent"),
]
