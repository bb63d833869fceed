"""The one way to reach a risk alert: by public id, through visible_to, 404 otherwise."""

import uuid

from django.db.models import F
from django.http import Http404

from accounts.models import User
from safety.models import AlertQuerySet, RiskAlert


def with_people(alerts: AlertQuerySet) -> AlertQuerySet:
    """What an alert page shows, in the same query: the client's name, who acknowledged, who it went to."""
    return alerts.select_related("client__user", "acknowledged_by", "escalated_to").annotate(
        administration_ref=F("administration__public_id")
    )


def alert_for(user: User, public_id: uuid.UUID | str) -> RiskAlert:
    """The same 404 for "does not exist" and "not yours"; a lead sees an alert only once it is escalated."""
    try:
        return with_people(RiskAlert.objects.visible_to(user)).get(public_id=public_id)
    except (RiskAlert.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such alert") from exc
