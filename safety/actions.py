"""Changes to risk alerts: acknowledging one, and escalating one nobody acknowledged in time."""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from lib.notify import notify_update
from safety.models import RiskAlert
from safety.notify import ask_admins_for_a_lead
from safety.risk import clinical_lead_for, treating_therapist

logger = logging.getLogger(__name__)


class AlreadyAcknowledged(ValidationError):
    pass


def already_acknowledged(alert: RiskAlert, viewer: User) -> str:
    by = alert.acknowledged_by
    who = "You" if by is not None and by.pk == viewer.pk else by.name if by is not None else "Someone"
    return f"{who} already acknowledged this alert, so nothing was changed."


def do_acknowledge_alert(actor: User, alert: RiskAlert, note: str) -> RiskAlert:
    """The treating therapist (or the lead it was escalated to) says what was done; once only."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say briefly what you did, for example who you called."})
    with transaction.atomic():
        if not RiskAlert.objects.visible_to(actor).filter(pk=alert.pk).exists():
            raise PermissionDenied("Not your alert")
        locked = RiskAlert.objects.select_for_update(of=("self",)).select_related("acknowledged_by").get(pk=alert.pk)
        if locked.acknowledged_at is not None:
            raise AlreadyAcknowledged(already_acknowledged(locked, actor))
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.acknowledgement_note = note
        locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
        record(Action.WRITE, "risk_alert.acknowledge", actor=actor, client=alert.client, target_ref=alert.public_id)
    return locked


def do_escalate_if_due(alert: RiskAlert, now: datetime) -> bool:
    """Pass an overdue alert (or one with no treating therapist) to the clinical lead; True if it was passed on.

    Idempotent: an acknowledged or already escalated alert is left alone. With no clinical lead, the
    practice's admins are asked (once per alert) to appoint one; the alert escalates when they do.
    """
    with transaction.atomic():
        alert = RiskAlert.objects.select_for_update(of=("self",)).select_related("client__practice").get(pk=alert.pk)
        if alert.acknowledged_at is not None or alert.escalated_at is not None:
            return False
        if not alert.needs_escalation(now) and treating_therapist(alert.client) is not None:
            return False
        lead = clinical_lead_for(alert.client)
        if lead is None:
            if alert.lead_requested_at is None:
                alert.lead_requested_at = now
                alert.save(update_fields=["lead_requested_at"])
                asked = ask_admins_for_a_lead(alert.client.practice)
                record(Action.WRITE, "risk_alert.lead_missing", client=alert.client, target_ref=alert.public_id)
                if not asked:
                    logger.error("Risk alert %s is overdue and nobody can be told: no lead, no admin", alert.public_id)
            return False
        alert.escalated_at = now
        alert.escalated_to = lead
        alert.save(update_fields=["escalated_at", "escalated_to"])
        notify_update(lead)
        record(Action.WRITE, "risk_alert.escalate", client=alert.client, target_ref=alert.public_id)
    return True


def escalate_due_alerts(now: datetime) -> int:
    """Escalate every alert that is due; the number passed on. Safe to run as often as you like."""
    due = RiskAlert.objects.due_for_escalation(now).order_by("acknowledge_by", "pk")
    return sum(do_escalate_if_due(alert, now) for alert in due)
