"""The device checklist's section of a client's data export."""

from caseload.models import Client
from devices.queries import devices_of
from privacy.export import register_section


@register_section
def device_checklist(client: Client) -> tuple[str, object]:
    return "device_checklist", [
        {
            "kind": item.device.kind,
            "name": item.device.name,
            "added": item.device.created_at,
            "steps": [
                {"step": status.step.id, "title": status.step.title, "state": status.state, "note": status.note}
                for status in item.statuses
            ],
        }
        for item in devices_of(client)
    ]
