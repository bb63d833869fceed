"""allauth hooks: invitation-only accounts, mail through the task queue, encrypted TOTP secrets."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from lib import crypto
from lib.mail import queue_email

TOTP_AAD = "allauth.mfa.authenticator.secret"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come only from invitations (accounts.actions.accept_invitation).
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        ctx = {"email": email, **context}
        message = self.render_mail(template_prefix, email, ctx)
        queue_email(to=message.to, subject=message.subject, body=str(message.body))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.keyring().encrypt(text, TOTP_AAD)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.keyring().decrypt(encrypted_text, TOTP_AAD)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff must keep MFA; clients may turn it off again.
        return not getattr(authenticator.user, "must_use_mfa", False)
