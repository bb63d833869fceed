"""Turning a scored questionnaire into risk alerts. Called inside the submitting transaction."""

from typing import TYPE_CHECKING

from django.utils import timezone

from audit.log import record
from audit.models import Action
from safety.models import AlertSeverity, RiskAlert

if TYPE_CHECKING:
    from measures.models import Administration


def alert_reasons(result: dict[str, object]) -> list[tuple[str, str]]:
    """(severity, reason code) for every critical item and positive screen in a stored result."""
    instrument = str(result.get("instrument", ""))
    reasons = []
    for flag in result.get("critical", []) or []:  # type: ignore[attr-defined]
        reasons.append((str(flag["severity"]), f"{instrument}.{flag['code']}"))
    screen = result.get("screen")
    if isinstance(screen, dict) and screen.get("severity"):
        reasons.append((str(screen["severity"]), f"{instrument}.{screen['result']}"))
    return reasons


def raise_alerts_for(administration: "Administration") -> list[RiskAlert]:
    """One alert per risk signal in the administration's result; never silent, never duplicated."""
    now = timezone.now()
    alerts = []
    for severity, reason in alert_reasons(administration.result or {}):
        level = AlertSeverity.CRITICAL if severity == AlertSeverity.CRITICAL else AlertSeverity.URGENT
        alert, created = RiskAlert.objects.get_or_create(
            administration=administration,
            reason=reason,
            defaults={
                "client": administration.client,
                "severity": level,
                "created_at": now,
                "acknowledge_by": RiskAlert.deadline_from(now, level),
            },
        )
        if created:
            record(Action.WRITE, "risk_alert.raise", client=administration.client, target_ref=alert.public_id)
            alerts.append(alert)
    return alerts
