"""The intake history: Waymark's own structured questions about the client's story (not a validated scale)."""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from intake.steps import SLUGS
from lib.fields import EncryptedTextField

# Free text: a few words for an "other" box, a note beside a rating, a longer answer.
SHORT_CHARS = 200
NOTE_CHARS = 1_000
LONG_CHARS = 4_000


class Frequency(models.TextChoices):
    LESS_THAN_MONTHLY = "less_than_monthly", "Less than once a month"
    MONTHLY = "monthly", "About once a month"
    WEEKLY = "weekly", "About once a week"
    SEVERAL_WEEKLY = "several_weekly", "Several times a week"
    DAILY = "daily", "Every day"
    SEVERAL_DAILY = "several_daily", "Several times a day"


class Kind(models.TextChoices):
    PORNOGRAPHY = "pornography", "Pornography"
    PARTNER_ONLINE = "partner_online", "Real-time sex with a partner online"
    CHAT_CAM = "chat_cam", "Sex chat or cam/performance rooms"
    AVATAR = "avatar", "Avatar sex in games or VR"
    LIVE_STREAM = "live_stream", "Live-streamed sex"
    OTHER = "other", "Something else"


class Device(models.TextChoices):
    PHONE = "phone", "Phone"
    COMPUTER = "computer", "Laptop or computer"
    TABLET = "tablet", "Tablet"
    CONSOLE = "console", "Games console"
    TV = "tv", "TV"
    VR = "vr", "VR headset"
    OTHER = "other", "Something else"


class Situation(models.TextChoices):
    ALONE_AT_NIGHT = "alone_at_night", "Alone at night"
    AT_WORK = "at_work", "At work"
    STRESSED = "stressed", "When stressed"
    BORED = "bored", "When bored"
    LONELY = "lonely", "When lonely"
    AFTER_CONFLICT = "after_conflict", "After an argument or conflict"
    TRAVELLING = "travelling", "When travelling"
    OTHER = "other", "Something else"


class Attempt(models.TextChoices):
    ALONE = "alone", "On my own"
    APP = "app", "An app or blocker"
    TWELVE_STEP = "twelve_step", "A 12-step group"
    THERAPY = "therapy", "Therapy or counselling"
    MEDICATION = "medication", "Medication"
    OTHER = "other", "Something else"


class Rating(models.IntegerChoices):
    """How much one of the five Cs describes the client, as they see it."""

    NOT_AT_ALL = 0, "Not at all"
    A_LITTLE = 1, "A little"
    SOMEWHAT = 2, "Somewhat"
    QUITE_A_LOT = 3, "Quite a lot"
    VERY_MUCH = 4, "Very much"


@deconstructible
class ChoiceListValidator:
    """A list of distinct values, each one of the allowed choices."""

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = list(allowed)

    def __call__(self, value: Any) -> None:
        if not isinstance(value, list) or any(item not in self.allowed for item in value):
            raise ValidationError("Please choose from the options shown.", code="invalid_choice")
        if len(set(value)) != len(value):
            raise ValidationError("Each option can be chosen once.", code="duplicate")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChoiceListValidator) and self.allowed == other.allowed

    def __hash__(self) -> int:
        return hash(tuple(self.allowed))


def choice_list(choices: type[models.TextChoices]) -> models.JSONField[Any, Any]:
    return models.JSONField(default=list, blank=True, validators=[ChoiceListValidator(choices.values)])


def scale(top: int) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(top)])


def rating() -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(null=True, blank=True, choices=Rating.choices)


class IntakeHistory(models.Model):
    """One per client, filled in topic by topic (intake.steps); every answer is optional."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField("caseload.Client", on_delete=models.CASCADE, related_name="intake")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    steps_done = models.JSONField(default=list, blank=True, validators=[ChoiceListValidator(SLUGS)])

    # When it started
    first_exposure_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(90)]
    )
    first_exposure_withheld = models.BooleanField(default=False)
    years_of_use = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(85)]
    )
    # How often and how much
    frequency = models.CharField(max_length=20, choices=Frequency.choices, blank=True)
    hours_per_week = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(168)]
    )
    # What kinds, on which devices, in which situations
    kinds = choice_list(Kind)
    kinds_other = EncryptedTextField(max_chars=SHORT_CHARS)
    devices = choice_list(Device)
    devices_other = EncryptedTextField(max_chars=SHORT_CHARS)
    situations = choice_list(Situation)
    situations_other = EncryptedTextField(max_chars=SHORT_CHARS)
    # Health
    conditions = EncryptedTextField(max_chars=LONG_CHARS)
    medication = EncryptedTextField(max_chars=LONG_CHARS)
    # Earlier attempts to stop, and treatment
    attempts = choice_list(Attempt)
    attempts_note = EncryptedTextField(max_chars=LONG_CHARS)
    # The five Cs as the client sees them
    compulsive = rating()
    compulsive_note = EncryptedTextField(max_chars=NOTE_CHARS)
    control = rating()
    control_note = EncryptedTextField(max_chars=NOTE_CHARS)
    cravings = rating()
    cravings_note = EncryptedTextField(max_chars=NOTE_CHARS)
    consequences = rating()
    consequences_note = EncryptedTextField(max_chars=NOTE_CHARS)
    # Distress, impairment, and how much of the distress is moral or religious incongruence
    distress = scale(10)
    impairment = scale(10)
    moral_incongruence = scale(10)
    moral_note = EncryptedTextField(max_chars=NOTE_CHARS)

    topic_count = len(SLUGS)

    class Meta:
        verbose_name_plural = "intake histories"

    def __str__(self) -> str:
        return f"Intake history {self.public_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def is_done(self, slug: str) -> bool:
        return slug in self.steps_done

    @property
    def all_done(self) -> bool:
        return all(self.is_done(slug) for slug in SLUGS)

    @property
    def done_count(self) -> int:
        return sum(self.is_done(slug) for slug in SLUGS)

    def next_step(self) -> str | None:
        """Where to carry on: the first topic not yet saved, or None when every one is."""
        return next((slug for slug in SLUGS if not self.is_done(slug)), None)

    def mark_done(self, slug: str) -> None:
        if slug not in SLUGS:
            raise ValueError(f"no intake step {slug!r}")
        if not self.is_done(slug):
            self.steps_done = [s for s in SLUGS if s == slug or self.is_done(s)]

    def changed_after_submission(self) -> datetime | None:
        """When the client last changed an answer after sending it, if they have."""
        if self.submitted_at is not None and self.updated_at > self.submitted_at:
            return self.updated_at
        return None
