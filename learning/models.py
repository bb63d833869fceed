"""What a client does with the course: which modules they opened and finished, and their journal.

Modules themselves are files (learning.catalogue), named here by slug. Journal text is encrypted at
rest, and a therapist sees only the entries the client chose to share.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from lib.fields import EncryptedTextField

SLUG_CHARS = 80
ENTRY_CHARS = 5_000
PROMPT_CHARS = 400
KEY_CHARS = 64


class ReadingProgress(models.Model):
    """One per client and module: opened once, finished when the client says so."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="reading")
    slug = models.CharField(max_length=SLUG_CHARS)
    opened_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["client", "slug"], name="one_progress_per_module")]

    def __str__(self) -> str:
        return f"Reading {self.slug}"

    @property
    def status(self) -> str:
        return "read" if self.finished_at else "in_progress"


class JournalEntry(models.Model):
    """A client's answer to a reflection question, private unless they share it with their therapist."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="journal_entries")
    source = models.CharField(max_length=SLUG_CHARS + 10)  # "module:<slug>"
    prompt = models.CharField(max_length=PROMPT_CHARS)  # the question's wording when it was answered
    # Which of the module's reflection questions (from 1), so an answer stays with its question when the
    # wording changes; None for an old answer whose question could not be matched.
    question = models.PositiveSmallIntegerField(null=True, blank=True)
    text = EncryptedTextField(max_chars=ENTRY_CHARS)
    shared_with_therapist = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=KEY_CHARS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "source"])]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "idempotency_key"], condition=~Q(idempotency_key=""), name="journal_one_per_key"
            ),
            models.CheckConstraint(
                condition=Q(shared_with_therapist=False) | Q(shared_at__isnull=False), name="journal_shared_has_date"
            ),
        ]

    def __str__(self) -> str:
        return "Journal entry"

    @property
    def module_slug(self) -> str:
        return self.source.removeprefix("module:")
