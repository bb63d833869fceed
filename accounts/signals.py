"""Sign-ins, sign-outs and failed sign-ins go into the audit log (without what was typed)."""

import time
from typing import Any

from allauth.account.signals import password_reset
from axes.utils import reset as reset_lockout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.middleware import LAST_SEEN, SESSION_STARTED
from audit.log import record
from audit.models import Action


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # The absolute timeout counts from the moment of signing in (accounts.middleware).
        request.session[SESSION_STARTED] = request.session[LAST_SEEN] = time.time()
    record(Action.LOGIN, "session", actor=user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        request.waymark_logged_out = True  # type: ignore[attr-defined]
    if user is not None:
        record(Action.LOGOUT, "session", actor=user)


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from accounts.models import User

    email = str(credentials.get("email") or credentials.get("username") or "").lower()
    user = User.objects.filter(email=email).first() if email else None
    # The failed attempt is tied to the account tried, if it exists; the typed text is never kept.
    record(Action.LOGIN_FAILED, "session", actor=None, target_ref=user.public_id if user else "")


@receiver(password_reset)
def unlock_after_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Resetting proves the mailbox is theirs, so a pause on signing in (accounts.lockout) ends.
    reset_lockout(username=user.email.lower())
