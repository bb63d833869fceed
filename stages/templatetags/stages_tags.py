"""The stage's cards on other apps' pages: the therapist's client record and the client's home."""

from django import template

from caseload.models import Client
from stages.queries import HomeStage, StageSummary, home_for, summary_for

register = template.Library()


@register.simple_tag
def stage_summary(client: Client) -> StageSummary:
    """The checklist (3 to 5 queries, by stage) and the latest moves (one)."""
    return summary_for(client)


@register.simple_tag
def stage_home(client: Client) -> HomeStage:
    """One query."""
    return home_for(client)
