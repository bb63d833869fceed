"""The client's mindfulness practice log in their data export."""

from caseload.models import Client
from privacy.export import register_section
from skills.models import Practice


@register_section
def practices(client: Client) -> tuple[str, object]:
    rows = Practice.objects.filter(client=client).order_by("done_on", "created_at")
    return "practices", [
        {"day": p.done_on, "minutes": p.minutes, "kind": p.get_kind_display(), "note": p.note, "created": p.created_at}
        for p in rows.iterator(chunk_size=500)
    ]
