"""Risk alerts: a signal of suicide risk that a therapist must acknowledge in time.

Raised from questionnaire results (measures) now, and from other sources later. Alerts carry no
clinical content outside Waymark: notifications only say there is something to read.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lib.fields import EncryptedTextField

if TYPE_CHECKING:
    from accounts.models import User


class AlertSeverity(models.TextChoices):
    CRITICAL = "critical", "Act now"
    URGENT = "urgent", "Today"


class AlertQuerySet(models.QuerySet["RiskAlert"]):
    def visible_to(self, user: "User") -> "AlertQuerySet":
        """Alerts this user may read: their own clients' (treating therapist), or those escalated to them."""
        from caseload.models import Client

        if not (user.is_authenticated and user.is_active and user.is_therapist and user.practice_id):
            return self.none()
        return self.filter(
            Q(client__in=Client.objects.visible_to(user).values("pk"))
            # The lead sees escalated alerts only while still the practice's clinical lead.
            | Q(escalated_to=user, client__practice_id=user.practice_id, client__practice__clinical_lead=user)
        )

    def unacknowledged(self) -> "AlertQuerySet":
        return self.filter(acknowledged_at__isnull=True)

    def due_for_escalation(self, now: datetime) -> "AlertQuerySet":
        return self.unacknowledged().filter(escalated_at__isnull=True, acknowledge_by__lte=now)


class RiskAlert(models.Model):
    """A risk signal that a therapist must acknowledge; escalates to the clinical lead if not in time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="risk_alerts")
    administration = models.ForeignKey(
        "measures.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    severity = models.CharField(max_length=10, choices=AlertSeverity.choices)
    reason = models.CharField(max_length=64, help_text="A code, e.g. asq.acute_positive or phq9.item9")
    created_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement_note = EncryptedTextField(blank=True, max_chars=4_000)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the practice's admins were asked to appoint a clinical lead because this alert had no one
    # to escalate to (asked once per alert; escalation happens as soon as a lead is set).
    lead_requested_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["client", "acknowledged_at"]), models.Index(fields=["acknowledge_by"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="acknowledged_by_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} alert"

    @staticmethod
    def deadline_from(created_at: datetime, severity: str) -> datetime:
        minutes = (
            settings.WAYMARK_ALERT_ACK_MINUTES_CRITICAL
            if severity == AlertSeverity.CRITICAL
            else settings.WAYMARK_ALERT_ACK_MINUTES_URGENT
        )
        return created_at + timedelta(minutes=minutes)

    def needs_escalation(self, now: datetime) -> bool:
        return self.acknowledged_at is None and self.escalated_at is None and now >= self.acknowledge_by


@dataclass(frozen=True)
class PlanStep:
    """One of the six steps of a safety plan: its field, its heading, and a little help for writing it."""

    field: str
    title: str
    guidance: str
    example: str


SAFETY_PLAN_STEPS: tuple[PlanStep, ...] = (
    PlanStep(
        "warning_signs",
        "My warning signs",
        "Thoughts, feelings or situations that tell you a crisis may be starting.",
        "Not sleeping for days\nThinking everyone would be better off without me\nStaying in my room all weekend",
    ),
    PlanStep(
        "coping",
        "Things I can do on my own",
        "Small things that calm you or take your mind off things, without needing anyone else.",
        "Walk around the block\nCold water on my face\nThe playlist that calms me",
    ),
    PlanStep(
        "distractions",
        "People and places that take my mind off things",
        "Somewhere with other people around, or someone easy to be with. Add a number to make it one tap.",
        "The café on the corner\nThe library\nMy cousin Lee 9123 4567",
    ),
    PlanStep(
        "people",
        "People I can ask for help",
        "People you trust to hear that you are struggling. Add a number to make it one tap.",
        "Mum 9123 4567\nMy friend Sam 8123 4567",
    ),
    PlanStep(
        "professionals",
        "Professionals and crisis lines",
        "Your practice's crisis lines are always on your plan. Add your own: your doctor, a local service.",
        "Dr Lim, my GP 6123 4567",
    ),
    PlanStep(
        "environment",
        "Making where I am safe",
        "What you will move away, hand over or lock up, and places you will stay away from.",
        "Ask my partner to keep my medication\nStay away from the bridge on my way home",
    ),
)
SAFETY_PLAN_FIELDS: tuple[str, ...] = tuple(step.field for step in SAFETY_PLAN_STEPS)
STEP_MAX_CHARS = 2_000
# A phone number inside a line: a digit, then at least five more digits, spaces, dashes or brackets.
PHONE_NUMBER = re.compile(r"\+?\d[\d ()\-]{4,}\d")


@dataclass(frozen=True)
class PlanLine:
    text: str
    number: str = ""

    @property
    def tel_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


def plan_line(text: str) -> PlanLine:
    """A line of the plan, with the phone number in it (if any) so it can be called in one tap."""
    match = PHONE_NUMBER.search(text)
    if match is None or sum(ch.isdigit() for ch in match.group()) < 6:
        return PlanLine(text)
    return PlanLine(text, match.group().strip())


class SafetyPlanQuerySet(models.QuerySet["SafetyPlan"]):
    def with_something_written(self) -> "SafetyPlanQuerySet":
        """Plans with at least one step filled in (the empty string is stored as is, so this filter works)."""
        return self.exclude(**{name: "" for name in SAFETY_PLAN_FIELDS})


class SafetyPlan(models.Model):
    """What the client does in a suicidal crisis, step by step: one plan per client, kept up to date."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField("caseload.Client", on_delete=models.CASCADE, related_name="safety_plan")
    warning_signs = EncryptedTextField(max_chars=STEP_MAX_CHARS)
    coping = EncryptedTextField(max_chars=STEP_MAX_CHARS)
    distractions = EncryptedTextField(max_chars=STEP_MAX_CHARS)
    people = EncryptedTextField(max_chars=STEP_MAX_CHARS)
    professionals = EncryptedTextField(max_chars=STEP_MAX_CHARS)
    environment = EncryptedTextField(max_chars=STEP_MAX_CHARS)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SafetyPlanQuerySet.as_manager()

    def __str__(self) -> str:
        return "Safety plan"

    def lines(self, field: str) -> list[PlanLine]:
        return [plan_line(line.strip()) for line in getattr(self, field).splitlines() if line.strip()]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in SAFETY_PLAN_FIELDS)

    @property
    def reviewed_since_change(self) -> bool:
        return self.reviewed_at is not None and self.reviewed_at >= self.updated_at
