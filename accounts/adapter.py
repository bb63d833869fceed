"""allauth hooks: invitation-only accounts, mail through the task queue, encrypted TOTP secrets."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from accounts.models import User
from lib import crypto
from lib.mail import queue_email

TOTP_AAD = "allauth.mfa.authenticator.secret"
DEFAULT_NEUTRAL_NAME = "Waymark"


def neutral_name(email: str) -> str:
    """The name the practice of this email's account shows its clients, or the product's."""
    user = User.objects.filter(email__iexact=email).select_related("practice").first()
    if user is not None and user.practice is not None:
        return user.practice.client_facing_name
    return DEFAULT_NEUTRAL_NAME


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed sign-ins per typed email alone, which would let anyone lock a
        # therapist out from anywhere; count them per email *and* address, like django-axes.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come only from invitations (accounts.actions.accept_invitation).
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Subject, sender and greeting carry the practice's neutral name, never the product's.
        site_name = neutral_name(email)
        ctx = {"email": email, **context, "site_name": site_name}
        message = self.render_mail(template_prefix, email, ctx)
        queue_email(to=message.to, subject=message.subject, body=str(message.body), from_name=site_name)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.keyring().encrypt(text, TOTP_AAD)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.keyring().decrypt(encrypted_text, TOTP_AAD)

    def get_totp_issuer(self) -> str:
        # The authenticator app shows this next to the code: the practice's neutral name.
        request = context.request
        user = getattr(request, "user", None)
        return str(getattr(user, "site_name", "")) or super().get_totp_issuer()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff must keep MFA; clients may turn it off again.
        return not getattr(authenticator.user, "must_use_mfa", False)
