"""Session timeouts and the MFA rule for staff."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lib.middleware import CLEAR_SITE_DATA

SESSION_STARTED = "waymark_started"
LAST_SEEN = "waymark_last_seen"
LAST_SEEN_RESOLUTION = 60

# Paths a staff member without MFA may still reach: setting it up, signing out, static files.
MFA_SETUP_PATHS = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/static/", "/exit/", "/healthz")


def idle_limit_seconds(request: HttpRequest) -> int:
    minutes = (
        settings.WAYMARK_IDLE_MINUTES_CLIENT
        if getattr(request.user, "is_client", False)
        else settings.WAYMARK_IDLE_MINUTES_STAFF
    )
    return minutes * 60


class SessionTimeoutMiddleware:
    """Ends a session after an idle spell (shorter for clients) or a fixed absolute age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            too_idle = now - last_seen > idle_limit_seconds(request)
            too_old = now - started > settings.WAYMARK_ABSOLUTE_HOURS * 3600
            cut_off = request.user.sessions_valid_after  # type: ignore[union-attr]
            ended_elsewhere = cut_off is not None and started < cut_off.timestamp()
            if too_idle or too_old or ended_elsewhere:
                logout(request)
                if request.path.startswith("/api/"):
                    response = HttpResponse(
                        '{"error": "Your session has ended. Sign in again."}',
                        status=401,
                        content_type="application/json",
                    )
                else:
                    response = redirect(reverse("account_login") + "?timeout=1")
                response["Clear-Site-Data"] = CLEAR_SITE_DATA
                return response
            if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in request.session:
                # A minute's resolution is enough for a 15-minute limit and spares a write per request.
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Therapists and admins see nothing until they have set up an authenticator app."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_use_mfa", False)
            and not request.path.startswith(MFA_SETUP_PATHS)
            and not has_mfa(request)
        ):
            if request.path.startswith("/api/"):
                return HttpResponse(
                    '{"error": "Set up two-step sign-in first."}', status=403, content_type="application/json"
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def has_mfa(request: HttpRequest) -> bool:
    """Remembered in the session once true: staff cannot remove their authenticator (see adapter)."""
    from allauth.mfa.models import Authenticator

    if request.session.get("waymark_mfa_ok"):
        return True
    ok = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    if ok:
        request.session["waymark_mfa_ok"] = True
    return ok
