"""The client record's questionnaire card: the newest result of each instrument, in two queries."""

from typing import Any

from django import template

from caseload.models import Client
from measures.catalogue import definitions_for
from measures.models import Administration

register = template.Library()


@register.simple_tag
def latest_results(client: Client) -> dict[str, Any]:
    newest: dict[str, Administration] = {}
    rows = (
        Administration.objects.current()
        .filter(client=client)
        .only("public_id", "instrument_id", "submitted_at", "total", "result")
        .order_by("instrument_id", "-submitted_at")
    )
    for row in rows:
        newest.setdefault(row.instrument_id, row)
    definitions = definitions_for(client.practice)
    results = []
    for instrument_id, row in newest.items():
        total = row.result_data.get("total") or {}
        definition = definitions.get(instrument_id)
        name = definition.short_name if definition else instrument_id
        results.append({"administration": row, "name": name, "band": total.get("band"), "total": total.get("score")})
    return {"results": results, "open": Administration.objects.open().filter(client=client).count()}
