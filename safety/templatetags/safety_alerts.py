from typing import Any

from django import template
from django.db.models import Count, Q

from safety.models import AlertSeverity, RiskAlert

register = template.Library()


@register.simple_tag(takes_context=True)
def alert_counts(context: dict[str, Any]) -> dict[str, int]:
    """Unacknowledged alerts this user may see, and how many of them are act-now: one query."""
    return (
        RiskAlert.objects.visible_to(context["request"].user)
        .unacknowledged()
        .aggregate(waiting=Count("pk"), critical=Count("pk", filter=Q(severity=AlertSeverity.CRITICAL)))
    )
