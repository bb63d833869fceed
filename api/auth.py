"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from datetime import timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthorizationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from accounts.models import User
from api.models import PREFIX, ApiToken, hash_api_token
from privacy.models import Consent, current_consent_version

# Recording every use would mean a write per request; to the minute is plenty.
TOUCH_EVERY = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


class BearerToken(HttpBearer):
    """`Authorization: Bearer wmk_...`, from the header only: a query string ends up in logs."""

    def __call__(self, request: HttpRequest) -> Any:
        # Parsed here rather than by ninja, which logs a malformed header (a credential) under DEBUG.
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(PREFIX) or len(token) > MAX_TOKEN_LENGTH:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_api_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        user = found.user
        if (refusal := _refusal(user)) is not None:
            raise AuthorizationError(403, refusal)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = user
        return user


def _refusal(user: User) -> str | None:
    """The rules the middleware applies to a browser session, which never sees a token's user."""
    if user.must_use_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return "Set up two-step sign-in first."
    if (
        user.is_client
        and not Consent.objects.filter(user=user, version=current_consent_version(), withdrawn_at__isnull=True).exists()
    ):
        return "Consent is needed first."
    return None


class ActiveSession(SessionAuth):
    """The signed-in browser; unsafe methods need the CSRF token (ninja checks it)."""

    def __call__(self, request: HttpRequest) -> Any:
        if self.param_name not in request.COOKIES:
            return None  # no session, so nothing a forged request could ride on: a plain 401
        try:
            return super().__call__(request)
        except HttpError as exc:
            raise AuthorizationError(403, "Send the CSRF token with requests from a signed-in browser.") from exc

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [BearerToken(), ActiveSession()]
