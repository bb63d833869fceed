"""Consent, export and erasure: the client's rights over their data."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from privacy.middleware import CONSENT_OK
from privacy.models import Consent, current_consent_version


def do_give_consent(user: User, request: HttpRequest | None = None) -> Consent:
    with transaction.atomic():
        consent = Consent.objects.create(user=user, version=current_consent_version())
        record(Action.WRITE, f"consent.give.{consent.version}", actor=user, client=getattr(user, "client", None))
    if request is not None:
        request.session[CONSENT_OK] = consent.version
    return consent


def do_withdraw_consent(user: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        record(Action.WRITE, "consent.withdraw", actor=user, client=getattr(user, "client", None))
    if request is not None:
        request.session.pop(CONSENT_OK, None)
