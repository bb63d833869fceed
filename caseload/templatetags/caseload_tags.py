"""The client record's summary, computed like the caseload's row for that client (fixed queries)."""

from typing import Any
from zoneinfo import ZoneInfo

from django import template

from caseload.models import Client
from caseload.triage import RecordSummary, record_summary

register = template.Library()


@register.simple_tag(name="record_summary", takes_context=True)
def record_summary_tag(context: dict[str, Any], client: Client) -> RecordSummary:
    """Times on it (when an alert was raised) read in the viewer's zone; days in the client's."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    zone = ZoneInfo(viewer.local_zone_name()) if viewer is not None and viewer.is_authenticated else None
    return record_summary(client, viewer_zone=zone)
