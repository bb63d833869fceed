"""Goals on other apps' pages (the client's home, the therapist's record), and URLs for the shared templates."""

from typing import Any

from django import template

from caseload.models import Client
from goals.links import url
from goals.queries import GoalsSummary, summary_for

register = template.Library()


@register.simple_tag
def goals_summary(client: Client) -> GoalsSummary:
    """One query, however many goals, steps and reviews."""
    return summary_for(client)


@register.simple_tag(takes_context=True)
def goals_url(context: template.Context, name: str, *args: Any) -> str:
    """The client's URL, or its twin under /clients/<id>/goals/ on the therapist's pages."""
    return url(context["client"], bool(context.get("as_therapist")), name, *args)
