"""Every change to a client's practice log: only the client writes, each write is audited."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from audit.log import record
from audit.models import Action
from skills.models import MAX_MINUTES, MIN_MINUTES, NOTE_CHARS, Kind, Practice
from tracking.actions import own_client
from tracking.queries import client_today

FUTURE_DAY = "Choose today or a day that has passed."
MINUTES = f"Minutes go from {MIN_MINUTES} to {MAX_MINUTES}."
KIND = "Choose what kind of practice it was."
NOTE = f"Please keep the note to {NOTE_CHARS} characters or fewer."


@dataclass(frozen=True)
class PracticeEntry:
    done_on: date
    minutes: int
    kind: str
    note: str = ""


@transaction.atomic
def do_log_practice(user: User, entry: PracticeEntry) -> Practice:
    """Log a practice for the client who is signed in; refuses future days and out-of-range values."""
    client = own_client(user)
    errors: dict[str, str] = {}
    if entry.done_on > client_today(client):
        errors["done_on"] = FUTURE_DAY
    if not MIN_MINUTES <= entry.minutes <= MAX_MINUTES:
        errors["minutes"] = MINUTES
    if entry.kind not in Kind.values:
        errors["kind"] = KIND
    note = entry.note.strip()
    if len(note) > NOTE_CHARS:
        errors["note"] = NOTE
    if errors:
        raise ValidationError(errors)
    practice = Practice.objects.create(
        client=client, done_on=entry.done_on, minutes=entry.minutes, kind=entry.kind, note=note
    )
    record(Action.WRITE, "practice.create", actor=user, client=client, target_ref=practice.public_id)
    return practice
