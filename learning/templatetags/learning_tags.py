"""The course's small cards on other apps' pages (the client's home, the therapist's client record)."""

from django import template

from caseload.models import Client
from learning.queries import HomeSummary, RecordSummary, home_summary, record_summary

register = template.Library()


@register.simple_tag
def learning_home(client: Client) -> HomeSummary:
    """Two queries, however much has been read."""
    return home_summary(client)


@register.simple_tag
def learning_record(client: Client) -> RecordSummary:
    """Two queries; counts only, never journal text."""
    return record_summary(client)
