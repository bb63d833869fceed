"""The client's reasons to stay sober in their data export."""

from caseload.models import Client
from privacy.export import register_section
from sos.models import Reason


@register_section
def reasons(client: Client) -> tuple[str, object]:
    rows = Reason.objects.filter(client=client)
    return "reasons_to_stay_sober", [{"text": r.text, "created": r.created_at} for r in rows]
