"""Stage 4 goals: in the domains of lasting recovery, each with small steps and reviews over time.

Client and therapist both add goals and steps, tick steps and review progress; every change goes
through goals.actions.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField

TITLE_CHARS = 120
DESCRIPTION_CHARS = 1_000
STEP_CHARS = 300
REVIEW_NOTE_CHARS = 1_000


class Domain(models.TextChoices):
    RELATIONSHIPS = "relationships", "Relationship repair and amends"
    TRAUMA = "trauma", "Trauma treatment"
    SOCIAL = "social", "Social and interpersonal skills"
    INTERNET = "internet", "Healthy internet use"
    SELF_CARE = "self_care", "Self-care and natural rewards"
    MEANING = "meaning", "Meaning and purpose"


# What each domain is about, in the words the client sees when choosing one.
DOMAIN_HINTS: dict[str, str] = {
    Domain.RELATIONSHIPS: "Rebuilding trust, making amends where it helps, being honest with the people who matter.",
    Domain.TRAUMA: "Working through old hurts that may have fed the behaviour, at a pace that feels safe.",
    Domain.SOCIAL: "Friendships, saying what you need, handling conflict, feeling at ease with people.",
    Domain.INTERNET: "Using screens on purpose: time limits, what you look at, and what you leave out.",
    Domain.SELF_CARE: "Sleep, movement, food, rest, and real-world pleasures that leave you feeling good.",
    Domain.MEANING: "What matters to you: work, faith, creativity, helping others, the life you want to build.",
}


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    SET_ASIDE = "set_aside", "Set aside for now"


class Goal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=16, choices=Domain.choices)
    title = EncryptedTextField(max_chars=TITLE_CHARS)
    description = EncryptedTextField(max_chars=DESCRIPTION_CHARS)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    target_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} goal"

    @property
    def is_active(self) -> bool:
        return self.status == GoalStatus.ACTIVE


class Step(models.Model):
    """One small, concrete thing towards a goal; ticked off when done (and un-ticked if need be)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    text = EncryptedTextField(max_chars=STEP_CHARS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return "Goal step"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Review(models.Model):
    """How far along a goal is, 0 (not started) to 10 (fully there), as the client or therapist sees it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    progress = models.PositiveSmallIntegerField()
    note = EncryptedTextField(max_chars=REVIEW_NOTE_CHARS)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["goal", "reviewed_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=10), name="review_progress_0_to_10")]

    def __str__(self) -> str:
        return f"Review {self.progress}/10"
