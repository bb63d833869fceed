"""Submitted questionnaires that raise alerts, as the measures submit action leaves them."""

from collections.abc import Mapping
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from caseload.models import Client
from measures import registry
from measures.models import Administration, Status
from measures.scoring import score
from safety.models import AlertSeverity, RiskAlert
from safety.risk import raise_alerts_for

ACUTE_ASQ = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"}
NON_ACUTE_ASQ = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
NEGATIVE_ASQ = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


def submit(client: Client, instrument_id: str, answers: Mapping[str, object]) -> Administration:
    """Store a scored administration and raise its alerts in one transaction, like the submit action."""
    result = score(registry.get(instrument_id), answers)
    with transaction.atomic():
        administration = Administration.objects.create(
            client=client,
            instrument_id=instrument_id,
            instrument_version=result.instrument_version,
            status=Status.SUBMITTED,
            due_on=timezone.localdate(),
            submitted_at=timezone.now(),
            answers=dict(answers),
            result=result.as_dict(),
        )
        raise_alerts_for(administration)
    return administration


def make_alert(client: Client, severity: str = AlertSeverity.CRITICAL, *, minutes_ago: int = 0) -> RiskAlert:
    """An alert without a questionnaire behind it, raised some minutes ago."""
    created = timezone.now() - timedelta(minutes=minutes_ago)
    reason = "asq.acute_positive" if severity == AlertSeverity.CRITICAL else "asq.non_acute_positive"
    return RiskAlert.objects.create(
        client=client,
        severity=severity,
        reason=reason,
        created_at=created,
        acknowledge_by=RiskAlert.deadline_from(created, severity),
    )
