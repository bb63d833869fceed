"""Risk alerts: a signal of suicide risk that a therapist must acknowledge in time.

Raised from questionnaire results (measures) now, and from other sources later. Alerts carry no
clinical content outside Waymark: notifications only say there is something to read.
"""

import uuid
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
            | Q(escalated_to=user, client__practice_id=user.practice_id)
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
