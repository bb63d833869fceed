"""Consent with its version, and a client's request to delete their account."""

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

CONSENT_DIR = Path(__file__).parent / "consent"


def current_consent_version() -> str:
    """The consent texts are files named v1.md, v2.md …; the highest number is current."""
    versions = sorted(int(p.stem[1:]) for p in CONSENT_DIR.glob("v*.md"))
    return f"v{versions[-1]}"


def consent_text(version: str, practice_name: str) -> str:
    """The text of a version, naming the practice as its clients know it."""
    return (CONSENT_DIR / f"{version}.md").read_text().replace("{practice}", practice_name)


class Consent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField(max_length=10)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"Consent {self.version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DeletionRequest(models.Model):
    """Erasure waits out a cooling-off period, during which the client can change their mind."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_request")
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField()

    def __str__(self) -> str:
        return f"Deletion due {self.erase_after:%Y-%m-%d}"

    @staticmethod
    def due_from(now: datetime) -> datetime:
        return now + timedelta(days=settings.WAYMARK_DELETION_COOLING_OFF_DAYS)

    def is_due(self, now: datetime) -> bool:
        return now >= self.erase_after
