"""What the client record shows about handovers and discharge (caseload/_record_banner.html)."""

from typing import Any

from django import template

from caseload.models import Client, Discharge, Handover

register = template.Library()


@register.simple_tag(takes_context=True)
def handovers_for_me(context: dict[str, Any], client: Client) -> list[Handover]:
    """Handover notes written for the therapist looking at the record and not yet marked as read (one query)."""
    user = context["request"].user
    return list(
        Handover.objects.filter(client=client, to_therapist=user, acknowledged_at__isnull=True).select_related(
            "written_by", "from_therapist"
        )
    )


@register.simple_tag
def current_discharge(client: Client) -> Discharge | None:
    """The discharge in force (with its note), if the client is discharged (one query, none otherwise)."""
    if not client.is_discharged:
        return None
    return Discharge.objects.filter(client=client, reopened_at__isnull=True).select_related("discharged_by").first()
