"""Session notes: a structured note per session (DAP or SOAP), signed and locked, with addenda.

A note keeps the format it was written in. Its sections are encrypted at rest, one field each.
Once signed, a note never changes: the action refuses, save() refuses, and database triggers
refuse a change to what was signed (notes/migrations/0002). The sections' ciphertext may still
be rewritten by ``rotate_keys``; the content hash taken at signing shows the words are the same.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from caseload.models import Client
from lib.fields import EncryptedTextField
from practice.models import NoteFormat

SECTION_CHARS = 8000
ADDENDUM_CHARS = 4000
DISCARD_REASON_CHARS = 1000
MIN_MINUTES, MAX_MINUTES = 1, 480
SIGNED_NOTE_LOCKED = "This note is signed, so it cannot be changed or deleted. Add an addendum instead."


@dataclass(frozen=True)
class Section:
    field: str
    title: str
    prompt: str


SECTIONS: dict[str, tuple[Section, ...]] = {
    NoteFormat.DAP: (
        Section("data", "Data", "What happened in the session: what the client said and did, what you observed."),
        Section("assessment", "Assessment", "Your understanding of it: progress, risk, what it means clinically."),
        Section("plan", "Plan", "What comes next: homework, focus of the next session, referrals."),
    ),
    NoteFormat.SOAP: (
        Section("subjective", "Subjective", "What the client reports: in their words, how the week went."),
        Section("objective", "Objective", "What you observed: presentation, measures, check-in data."),
        Section("assessment", "Assessment", "Your understanding of it: progress, risk, what it means clinically."),
        Section("plan", "Plan", "What comes next: homework, focus of the next session, referrals."),
    ),
}
SECTION_FIELDS = ("subjective", "objective", "data", "assessment", "plan")


def digest(payload: dict[str, Any]) -> str:
    """SHA-256 of a canonical JSON rendering: the same words always give the same hash."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class SessionNoteQuerySet(models.QuerySet["SessionNote"]):
    def signed(self) -> "SessionNoteQuerySet":
        return self.filter(signed_at__isnull=False)

    def drafts(self) -> "SessionNoteQuerySet":
        return self.filter(signed_at__isnull=True)


class SessionNote(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="session_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=4, choices=NoteFormat.choices)
    session_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    subjective = EncryptedTextField(max_chars=SECTION_CHARS)
    objective = EncryptedTextField(max_chars=SECTION_CHARS)
    data = EncryptedTextField(max_chars=SECTION_CHARS)
    assessment = EncryptedTextField(max_chars=SECTION_CHARS)
    plan = EncryptedTextField(max_chars=SECTION_CHARS)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_hash = models.CharField(max_length=64, blank=True)

    objects = SessionNoteQuerySet.as_manager()

    _signed_when_loaded = False

    class Meta:
        ordering = ["-session_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "session_on"])]

    def __str__(self) -> str:
        return f"Session note {self.session_on} ({self.get_format_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A second guard behind the actions: a note loaded signed is never written again.
        if getattr(self, "_signed_when_loaded", False):
            raise ValidationError(SIGNED_NOTE_LOCKED, code="signed")
        super().save(*args, **kwargs)
        self._signed_when_loaded = self.signed_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.signed_at is not None:
            raise ValidationError(SIGNED_NOTE_LOCKED, code="signed")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> "SessionNote":
        note = super().from_db(*args, **kwargs)
        note._signed_when_loaded = note.__dict__.get("signed_at") is not None
        return note

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def sections(self) -> tuple[Section, ...]:
        return SECTIONS[self.format]

    def section_texts(self) -> list[tuple[Section, str]]:
        return [(section, getattr(self, section.field)) for section in self.sections]

    def compute_hash(self) -> str:
        """What the signature covers: who, whose, when, how long, the format and every section's words."""
        return digest(
            {
                "note": str(self.public_id),
                "client": str(self.client.public_id),
                "author": str(self.author.public_id),
                "format": self.format,
                "session_on": self.session_on.isoformat(),
                "duration_minutes": self.duration_minutes,
                "sections": {section.field: text for section, text in self.section_texts()},
                "signed_at": self.signed_at.isoformat() if self.signed_at else None,
                "signed_by": str(self.signed_by.public_id) if self.signed_by else None,
            }
        )

    def is_intact(self) -> bool:
        """A signed note whose words still match the hash taken when it was signed."""
        return self.is_signed and self.content_hash == self.compute_hash()


class Addendum(models.Model):
    """A later word on a signed note: append-only, signed as it is saved."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(SessionNote, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(max_chars=ADDENDUM_CHARS)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Addendum to {self.note_id} at {self.created_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("An addendum cannot be changed once written.", code="signed")
        super().save(*args, **kwargs)

    def compute_hash(self) -> str:
        return digest(
            {
                "addendum": str(self.public_id),
                "note": str(self.note.public_id),
                "author": str(self.author.public_id),
                "created_at": self.created_at.isoformat(),
                "text": self.text,
            }
        )

    def is_intact(self) -> bool:
        return self.content_hash == self.compute_hash()


class DiscardedDraft(models.Model):
    """What is kept of a draft its author could no longer finish, discarded by the client's next therapist.

    The draft's words are gone; whose draft it was, for which session, who discarded it, when and
    why stay with the notes. ``public_id`` is the draft's own, as in the audit log.
    """

    public_id = models.UUIDField(unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="discarded_drafts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    session_on = models.DateField()
    discarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discarded_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField(max_chars=DISCARD_REASON_CHARS)

    class Meta:
        ordering = ["-discarded_at", "-pk"]

    def __str__(self) -> str:
        return f"Discarded draft of {self.session_on}"
