"""The client's story: versions of each step's words, and the therapist's comments on a step.

A step's current words are its newest version. Saves close together update the newest version
instead of adding one (see ``StepVersion.takes_save_at``), so autosave does not leave thousands of rows.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField
from narrative.steps import MAX_CHARS

# A version holds at most this much continuous writing: saves within it of the version's first
# save update that version; the first save after it starts a new one.
VERSION_WINDOW = timedelta(minutes=10)
COMMENT_CHARS = 2_000


class StepVersion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="story_versions")
    step = models.CharField(max_length=40)
    number = models.PositiveIntegerField()
    text = EncryptedTextField(max_chars=MAX_CHARS)
    # The ids of the tick boxes chosen (on a step with choices), comma-separated: encrypted too,
    # since what the behaviour does for someone is as private as their words.
    choices = EncryptedTextField(max_chars=500)
    started_at = models.DateTimeField(default=timezone.now)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["step", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "step", "number"], name="one_number_per_story_step_version")
        ]

    def __str__(self) -> str:
        return f"Story step {self.step}, version {self.number}"

    @property
    def chosen(self) -> list[str]:
        return [value for value in self.choices.split(",") if value]

    @property
    def has_words(self) -> bool:
        """Written: some text, or at least one tick box."""
        return bool(self.text.strip() or self.choices)

    def takes_save_at(self, at: datetime) -> bool:
        """Whether a save at this moment updates this version rather than starting the next."""
        return at - self.started_at < VERSION_WINDOW


class StepComment(models.Model):
    """A note from the client's therapist on one step of their story."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="story_comments")
    step = models.CharField(max_length=40)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField(max_chars=COMMENT_CHARS)
    created_at = models.DateTimeField(default=timezone.now)
    # When the client first opened the step after the comment was left: until then it is "new".
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["client", "seen_at"])]

    def __str__(self) -> str:
        return f"Comment on story step {self.step}"

    @property
    def author_name(self) -> str:
        return self.author.name if self.author else "A former therapist"
