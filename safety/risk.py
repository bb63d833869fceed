"""Turning a scored questionnaire into risk alerts, and who must hear of them.

raise_alerts_for() is called inside the submitting transaction; once it commits, the client's
treating therapist is told at once (without content) and an escalation check is queued for the
alert's deadline.
"""

from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Assignment, Client
from lib.notify import notify_update
from safety.models import AlertSeverity, RiskAlert

if TYPE_CHECKING:
    from measures.models import Administration

# Reason codes in plain words for the therapist; a code not listed here is shown as it is.
REASON_LABELS = {
    "asq.acute_positive": "ASQ: acute positive screen — imminent risk",
    "asq.non_acute_positive": "ASQ: non-acute positive screen",
    "phq9.phq9_item9": ("PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0"),
}

# How long after an acute result the client's crisis page says "we have let your therapist know".
RECENT_ACUTE = timedelta(hours=1)


def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code)


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


def treating_therapist(client: Client) -> User | None:
    """The client's current therapist, if they have one who can still sign in."""
    assignment = (
        Assignment.objects.filter(client=client, ended_at__isnull=True, therapist__is_active=True)
        .select_related("therapist__practice")
        .first()
    )
    return assignment.therapist if assignment else None


def clinical_lead_for(client: Client) -> User | None:
    """The clinical lead to escalate to: set, an active therapist of the practice, and not the client's own therapist.

    When the lead treats the client, the alert is waiting on the lead already, so it goes to the
    practice's admins instead, as when there is no lead.
    """
    lead = client.practice.clinical_lead
    if lead is None or not (lead.is_active and lead.is_therapist and lead.practice_id == client.practice_id):
        return None
    therapist = treating_therapist(client)
    if therapist is not None and therapist.pk == lead.pk:
        return None
    return lead


def who_hears_first(client: Client) -> str:
    """Who an alert for this client reaches at once: "therapist", "lead" (no therapist), or "" (nobody yet)."""
    if treating_therapist(client) is not None:
        return "therapist"
    return "lead" if clinical_lead_for(client) is not None else ""


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
    if alerts:
        tell_about(administration.client, alerts)
    return alerts


def tell_about(client: Client, alerts: list[RiskAlert]) -> None:
    """After commit: one content-free email to the treating therapist, and an escalation check per alert.

    Critical and urgent alike are emailed at once; they differ in their deadline. With no treating
    therapist the check runs at once, so the alert goes straight to the clinical lead.
    """
    from safety.tasks import schedule_escalation_check

    therapist = treating_therapist(client)
    if therapist is not None:
        notify_update(therapist)
    for alert in alerts:
        when = alert.acknowledge_by if therapist is not None else None
        transaction.on_commit(partial(schedule_escalation_check, str(alert.public_id), when))


def has_recent_acute_alert(user: User, now: datetime) -> bool:
    """Whether this client has an unacknowledged critical alert raised in the last hour."""
    if not (user.is_authenticated and user.is_client):
        return False
    return (
        RiskAlert.objects.unacknowledged()
        .filter(client__user=user, severity=AlertSeverity.CRITICAL, created_at__gte=now - RECENT_ACUTE)
        .exists()
    )
