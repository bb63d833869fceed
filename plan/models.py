"""The recovery plan agreed by client and therapist: the abstinence period and the three circles.

Every edit makes a new PlanVersion (a full snapshot), so the therapist sees the history; a
version counts as agreed once both client and therapist have signed that version.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField


class Circle(models.TextChoices):
    INNER = "inner", "Inner circle: what I abstain from"
    MIDDLE = "middle", "Middle circle: slippery behaviours and warning signs"
    OUTER = "outer", "Outer circle: healthy, life-giving activities"


# What each circle is for, in the words the client sees on their plan.
CIRCLE_GUIDE: dict[str, tuple[str, str]] = {
    Circle.INNER: (
        "Inner circle",
        "The behaviours you are stepping away from. Your sober days are counted from these alone.",
    ),
    Circle.MIDDLE: (
        "Middle circle",
        "Slippery moments and warning signs. Noticing them early helps you turn back towards the outer circle.",
    ),
    Circle.OUTER: (
        "Outer circle",
        "Healthy, life-giving things. Reach for them often, and especially when the middle circle pulls.",
    ),
}


@dataclass(frozen=True)
class PeriodProgress:
    """Where a day falls in the abstinence period: ``day`` is 1 on the first day, 0 or less before it."""

    day: int
    days: int
    starts_on: date
    ends_on: date

    @property
    def upcoming(self) -> bool:
        return self.day < 1

    @property
    def under_way(self) -> bool:
        return 1 <= self.day <= self.days

    @property
    def complete(self) -> bool:
        return self.day > self.days

    @property
    def days_to_start(self) -> int:
        return 1 - self.day

    @property
    def percent(self) -> int:
        return round(100 * min(max(self.day, 0), self.days) / self.days)


class RecoveryPlan(models.Model):
    """One per client; its content lives in versions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField("caseload.Client", on_delete=models.CASCADE, related_name="recovery_plan")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "Recovery plan"


class PlanVersion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    abstinence_starts_on = models.DateField()
    abstinence_days = models.PositiveSmallIntegerField(default=90)
    breach_definition = EncryptedTextField(max_chars=2_000)
    change_note = EncryptedTextField(max_chars=200)
    client_signed_at = models.DateTimeField(null=True, blank=True)
    therapist_signed_at = models.DateTimeField(null=True, blank=True)
    therapist_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_plan_version")]

    def __str__(self) -> str:
        return f"Plan version {self.number}"

    @property
    def is_agreed(self) -> bool:
        return self.client_signed_at is not None and self.therapist_signed_at is not None

    @property
    def abstinence_ends_on(self) -> date:
        """The last day of the period (day N of N)."""
        return self.abstinence_starts_on + timedelta(days=self.abstinence_days - 1)

    @property
    def agreed_at(self) -> datetime | None:
        """When the second of the two signatures was given."""
        if self.client_signed_at is None or self.therapist_signed_at is None:
            return None
        return max(self.client_signed_at, self.therapist_signed_at)

    def progress_on(self, today: date) -> PeriodProgress:
        return PeriodProgress(
            day=(today - self.abstinence_starts_on).days + 1,
            days=self.abstinence_days,
            starts_on=self.abstinence_starts_on,
            ends_on=self.abstinence_ends_on,
        )


class CircleItem(models.Model):
    """One behaviour in one circle of one version; copied forward into the next version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    circle = models.CharField(max_length=6, choices=Circle.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = EncryptedTextField(max_chars=300)

    class Meta:
        ordering = ["circle", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_circle_display()} item"


class PreventionKind(models.TextChoices):
    TRIGGER = "trigger", "Trigger"
    WARNING_SIGN = "warning_sign", "Warning sign"
    HIGH_RISK = "high_risk_situation", "High-risk situation or time"


# Each section of the relapse-prevention plan: its title, what it is for, and an example entry.
PREVENTION_GUIDE: dict[str, tuple[str, str, str]] = {
    PreventionKind.TRIGGER: (
        "Triggers",
        "Feelings, people or moments that set off the urge.",
        "When I feel lonely after an argument → I will text my brother and go for a walk.",
    ),
    PreventionKind.WARNING_SIGN: (
        "Warning signs",
        "Early signs that things are starting to slip, often before an urge is strong.",
        "When I start keeping secrets about my evenings → I will tell my therapist at our next session.",
    ),
    PreventionKind.HIGH_RISK: (
        "High-risk situations and times",
        "Places, situations and times of day or week when it is harder to stay on track.",
        "When I am alone in a hotel on a work trip (weeknights) → I will leave my laptop in the lobby locker.",
    ),
}


class PreventionPlan(models.Model):
    """One per client: what sets off the urge, the early signs, the risky times, and what to do instead."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField("caseload.Client", on_delete=models.CASCADE, related_name="prevention_plan")
    people_to_call = EncryptedTextField(max_chars=1_000)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return "Relapse-prevention plan"


class PreventionEntry(models.Model):
    """One trigger, warning sign or high-risk situation, and the response the client will use instead."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(PreventionPlan, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=19, choices=PreventionKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    what = EncryptedTextField(max_chars=300)
    when = EncryptedTextField(max_chars=120)
    substitute = EncryptedTextField(max_chars=500)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name_plural = "prevention entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} entry"
