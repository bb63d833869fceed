"""Every change made from the SOS page: the client's reasons, and the urge they rode out.

Only the client writes here; each write is audited.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from sos.models import MAX_REASONS, REASON_CHARS, Reason
from tracking.actions import UrgeEntry, do_log_urge, own_client
from tracking.models import Urge

NOT_YOURS = "Only the client can change their own reasons."


@dataclass(frozen=True)
class SosOutcome:
    before: int
    after: int
    outcome: str


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write a reason, in your own words."})
    if len(text) > REASON_CHARS:
        raise ValidationError({"text": f"Please keep this to {REASON_CHARS} characters or fewer (it has {len(text)})."})
    return text


def do_add_reason(user: User, text: str) -> Reason:
    client = own_client(user)
    text = _clean(text)
    with transaction.atomic():
        if Reason.objects.filter(client=client).count() >= MAX_REASONS:
            raise ValidationError({"text": f"Your list can hold up to {MAX_REASONS} reasons."})
        reason = Reason.objects.create(client=client, text=text)
        record(Action.WRITE, "sos.reason.create", actor=user, client=client, target_ref=reason.public_id)
    return reason


def _own(user: User, reason: Reason) -> None:
    client = own_client(user)
    if reason.client_id != client.pk:
        raise PermissionDenied(NOT_YOURS)


def do_change_reason(user: User, reason: Reason, text: str) -> Reason:
    _own(user, reason)
    reason.text = _clean(text)
    with transaction.atomic():
        reason.save()
        record(Action.WRITE, "sos.reason.update", actor=user, client=reason.client, target_ref=reason.public_id)
    return reason


def do_remove_reason(user: User, reason: Reason) -> None:
    _own(user, reason)
    with transaction.atomic():
        record(Action.WRITE, "sos.reason.delete", actor=user, client=reason.client, target_ref=reason.public_id)
        reason.delete()


def do_log_sos_urge(user: User, answers: SosOutcome, key: str = "") -> tuple[Urge, bool]:
    """Log the urge through tracking (a lapse is recorded there too), with the after rating and "via SOS"."""
    if not 0 <= answers.after <= 10:
        raise ValidationError({"after": "The urge now goes from 0 to 10."})
    entry = UrgeEntry(occurred_at=timezone.now(), intensity=answers.before, outcome=answers.outcome)
    with transaction.atomic():
        urge, new = do_log_urge(user, entry, key)
        if new:
            urge.intensity_after = answers.after
            urge.via_sos = True
            urge.save(update_fields=["intensity_after", "via_sos"])
            record(Action.WRITE, "sos.urge", actor=user, client=urge.client, target_ref=urge.public_id)
    return urge, new
