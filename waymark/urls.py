from django.urls import include, path

from accounts import views as account_views
from api import views as api_views
from api.api import api
from home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", home_views.healthz, name="healthz"),
    path("exit/", account_views.quick_exit, name="quick_exit"),
    path("invite/accept/", account_views.accept_invitation, name="accept_invitation"),
    path("invite/<str:token>/", account_views.invitation_link, name="invitation_link"),
    path("account/", account_views.account_settings, name="account_settings"),
    path("account/tokens/", api_views.tokens, name="api_tokens"),
    path("account/tokens/<uuid:public_id>/revoke/", api_views.revoke, name="api_token_revoke"),
    path("accounts/", include("allauth.urls")),
    path("", include("safety.urls")),  # /help/ and /alerts/
    path("practice/", include("practice.urls")),
    path("clients/", include("caseload.urls")),
    path("clients/<uuid:client_id>/tracking/", include("tracking.therapist_urls")),
    path("today/", include("tracking.urls")),
    path("skills/", include("skills.urls")),
    path("sos/", include("sos.urls")),
    path("devices/", include("devices.urls")),
    path("clients/<uuid:client_id>/devices/", include("devices.therapist_urls")),
    path("clients/<uuid:client_id>/plan/", include("plan.therapist_urls")),
    path("plan/", include("plan.urls")),
    path("clients/<uuid:client_id>/measures/", include("measures.therapist_urls")),
    path("practice/instruments/", include("measures.admin_urls")),
    path("intake/", include("intake.urls")),
    path("clients/<uuid:client_id>/intake/", include("intake.therapist_urls")),
    path("measures/", include("measures.urls")),
    path("privacy/", include("privacy.urls")),
    path("clients/<uuid:client_id>/stage/", include("stages.therapist_urls")),
    path("clients/<uuid:client_id>/tasks/", include("homework.therapist_urls")),
    path("tasks/", include("homework.urls")),
    path("clients/<uuid:client_id>/notes/", include("notes.therapist_urls")),
    path("clients/<uuid:client_id>/goals/", include("goals.therapist_urls")),
    path("goals/", include("goals.urls")),
    path("clients/<uuid:client_id>/report/", include("reports.therapist_urls")),
    path("clients/<uuid:client_id>/learning/", include("learning.therapist_urls")),
    path("learn/", include("learning.urls")),
    path("clients/<uuid:client_id>/story/", include("narrative.therapist_urls")),
    path("story/", include("narrative.urls")),
    path("clients/<uuid:client_id>/motivation/", include("motivation.therapist_urls")),
    path("motivation/", include("motivation.urls")),
    path("api/v1/", api.urls),
]
