"""Writing session notes: drafts by their author, signing (which locks them), and addenda."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client
from notes.models import (
    ADDENDUM_CHARS,
    DISCARD_REASON_CHARS,
    MAX_MINUTES,
    MIN_MINUTES,
    SECTION_CHARS,
    SECTIONS,
    SIGNED_NOTE_LOCKED,
    Addendum,
    DiscardedDraft,
    SessionNote,
)
from practice.models import NoteFormat

#: How far back a session may be recorded (a note written late for an older session).
MAX_YEARS_BACK = 3
NOT_YOURS = "Only the client's current therapist writes in their session notes."
ALREADY_GONE = "This draft has already been deleted."


@dataclass(frozen=True)
class NoteEntry:
    """What the therapist writes: the session's date and length, and the sections of the note's format."""

    session_on: date
    duration_minutes: int
    sections: Mapping[str, str]


def therapist_today(therapist: User) -> date:
    return timezone.localdate(timezone=ZoneInfo(therapist.local_zone_name()))


def _require_treating(actor: User, client: Client) -> None:
    """The client's current therapist, on a record that is open (read fresh: it may have just been discharged)."""
    found = None
    if actor.is_active and actor.is_therapist:
        found = Client.objects.visible_to(actor).filter(pk=client.pk).values("discharged_at").first()
    if found is None:
        raise PermissionDenied(NOT_YOURS)
    client.discharged_at = found["discharged_at"]
    require_open_record(client)


def clean_entry(entry: NoteEntry, note_format: str, today: date) -> dict[str, object]:
    """Every problem at once, each keyed by its field, so a form shows it beside the field."""
    errors: dict[str, str] = {}
    if entry.session_on > today:
        errors["session_on"] = "The session date cannot be in the future."
    elif entry.session_on < today - timedelta(days=365 * MAX_YEARS_BACK):
        errors["session_on"] = f"Choose a session date within the last {MAX_YEARS_BACK} years."
    if not MIN_MINUTES <= entry.duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = f"Give the session's length in minutes, from {MIN_MINUTES} to {MAX_MINUTES}."
    fields = {section.field for section in SECTIONS[note_format]}
    unknown = set(entry.sections) - fields
    if unknown:
        errors["__all__"] = f"A {note_format.upper()} note has no section called {', '.join(sorted(unknown))}."
    cleaned: dict[str, object] = {"session_on": entry.session_on, "duration_minutes": entry.duration_minutes}
    for name in fields:
        text = str(entry.sections.get(name, "")).strip()
        if len(text) > SECTION_CHARS:
            errors[name] = f"Please keep this section to {SECTION_CHARS:,} characters or fewer (it has {len(text):,})."
        cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def do_write_draft(actor: User, client: Client, entry: NoteEntry, *, at: datetime | None = None) -> SessionNote:
    """Start a note in the practice's format as it is now; `at` is for loading history (the demo)."""
    _require_treating(actor, client)
    note_format = NoteFormat(client.practice.note_format)
    fields = clean_entry(entry, note_format, therapist_today(actor))
    at = at or timezone.now()
    with transaction.atomic():
        # Locked and checked again: a discharge or transfer waits for no draft, so none may slip in behind its check.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        _require_treating(actor, client)
        note = SessionNote.objects.create(
            client=client, author=actor, format=note_format, created_at=at, updated_at=at, **fields
        )
        record(Action.WRITE, "notes.draft", actor=actor, client=client, target_ref=note.public_id, at=at)
    return note


def _locked_unsigned(note: SessionNote) -> SessionNote:
    """The note, locked for this transaction, if it is still there and still a draft."""
    locked = SessionNote.objects.select_for_update().select_related("client", "author").filter(pk=note.pk).first()
    if locked is None:  # deleted or discarded in another tab meanwhile
        raise ValidationError(ALREADY_GONE, code="gone")
    if locked.is_signed:
        raise ValidationError(SIGNED_NOTE_LOCKED, code="signed")
    return locked


def _locked_draft(actor: User, note: SessionNote) -> SessionNote:
    """The note, locked for this transaction, if it is still a draft its author may change."""
    _require_treating(actor, note.client)
    locked = _locked_unsigned(note)
    if locked.author_id != actor.pk:
        raise PermissionDenied("Only the therapist who started this draft can change or sign it.")
    return locked


def do_edit_draft(actor: User, note: SessionNote, entry: NoteEntry) -> SessionNote:
    with transaction.atomic():
        locked = _locked_draft(actor, note)
        for name, value in clean_entry(entry, locked.format, therapist_today(actor)).items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.save()
        record(Action.WRITE, "notes.edit", actor=actor, client=locked.client, target_ref=locked.public_id)
    return locked


def do_delete_draft(actor: User, note: SessionNote) -> None:
    with transaction.atomic():
        locked = _locked_draft(actor, note)
        record(Action.WRITE, "notes.delete_draft", actor=actor, client=locked.client, target_ref=locked.public_id)
        locked.delete()


def do_sign(actor: User, note: SessionNote, *, at: datetime | None = None) -> SessionNote:
    """Sign and lock the note: from now on only addenda can be added."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked_draft(actor, note)
        empty = [section.title for section, text in locked.section_texts() if not text.strip()]
        if empty:
            raise ValidationError(f"Write something in every section before signing (missing: {', '.join(empty)}).")
        locked.signed_at, locked.signed_by = at, actor
        locked.content_hash = locked.compute_hash()
        locked.save()
        record(Action.WRITE, "notes.sign", actor=actor, client=locked.client, target_ref=locked.public_id, at=at)
    return locked


def do_add_addendum(actor: User, note: SessionNote, text: str, *, at: datetime | None = None) -> Addendum:
    """A later word on a signed note, by the client's current therapist; signed as it is saved."""
    _require_treating(actor, note.client)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the addendum first."})
    if len(text) > ADDENDUM_CHARS:
        raise ValidationError({"text": f"Please keep an addendum to {ADDENDUM_CHARS:,} characters or fewer."})
    if not note.is_signed:
        raise ValidationError("This note is still a draft: change it directly, and sign it when it is ready.")
    at = at or timezone.now()
    with transaction.atomic():
        addendum = Addendum(note=note, author=actor, created_at=at, text=text)
        addendum.content_hash = addendum.compute_hash()
        addendum.save()
        record(Action.WRITE, "notes.addendum", actor=actor, client=note.client, target_ref=addendum.public_id, at=at)
    return addendum


def do_discard_orphaned_draft(actor: User, note: SessionNote, reason: str) -> DiscardedDraft:
    """Remove a draft whose author no longer treats the client, so it stops waiting forever; never sign it.

    Only the client's current therapist may, with a reason. A client has one current therapist, so a
    draft someone else started is one its author can no longer finish. Who wrote it, for which
    session, who discarded it, when and why are kept with the notes.
    """
    _require_treating(actor, note.client)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Please say in a few words why this draft can be discarded."})
    if len(reason) > DISCARD_REASON_CHARS:
        raise ValidationError({"reason": f"Please keep the reason to {DISCARD_REASON_CHARS:,} characters or fewer."})
    with transaction.atomic():
        locked = _locked_unsigned(note)
        if locked.author_id == actor.pk:
            raise ValidationError("This draft is yours: change it, sign it or delete it.")
        discarded = DiscardedDraft.objects.create(
            public_id=locked.public_id,
            client=locked.client,
            author=locked.author,
            session_on=locked.session_on,
            discarded_by=actor,
            reason=reason,
        )
        record(Action.WRITE, "notes.discard_draft", actor=actor, client=locked.client, target_ref=locked.public_id)
        locked.delete()
    return discarded
