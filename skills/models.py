"""Mindfulness practice the client logs: when, how long, what kind, and a short note (encrypted)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lib.fields import EncryptedTextField

NOTE_CHARS = 280
MIN_MINUTES, MAX_MINUTES = 1, 180


class Kind(models.TextChoices):
    BREATHING = "breathing", "Breathing"
    BODY_SCAN = "body_scan", "Body scan"
    MINDFUL_WALK = "mindful_walk", "Mindful walk"
    OTHER = "other", "Something else"


class Practice(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="practices")
    done_on = models.DateField()
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)]
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    note = EncryptedTextField(max_chars=NOTE_CHARS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES), name="practice_minutes_1_to_180"
            )
        ]

    def __str__(self) -> str:
        return f"Practice {self.done_on:%Y-%m-%d}"
