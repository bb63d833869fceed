"""The streak on other apps' pages: the client's home and the therapist's client record."""

from typing import Any

from django import template

from caseload.models import Client
from tracking.queries import check_in_stats, streak_for, summary_for

register = template.Library()


@register.simple_tag
def home_streak(client: Client) -> dict[str, Any]:
    """Three queries (the plan, the lapses, one check-in aggregate), whatever the history."""
    streak = streak_for(client)
    return {"streak": streak, "stats": check_in_stats(client, streak.today)}


@register.simple_tag
def tracking_summary(client: Client) -> Any:
    return summary_for(client)
