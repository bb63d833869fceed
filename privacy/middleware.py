from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from privacy.models import Consent, current_consent_version

CONSENT_OK = "waymark_consent"
# What a client without consent may still reach: the consent page, help, leaving, their data.
OPEN_PATHS = ("/privacy/", "/help/", "/exit/", "/accounts/", "/static/", "/healthz")


class RequireConsentMiddleware:
    """A client records consent to the current version before using Waymark."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "is_client", False) and not request.path.startswith(OPEN_PATHS):
            version = current_consent_version()
            if request.session.get(CONSENT_OK) != version:
                if not Consent.objects.filter(user=user, version=version, withdrawn_at__isnull=True).exists():
                    if request.path.startswith("/api/"):
                        return HttpResponse(
                            '{"error": "Consent is needed first."}', status=403, content_type="application/json"
                        )
                    return redirect("privacy_consent")
                request.session[CONSENT_OK] = version
        return self.get_response(request)
