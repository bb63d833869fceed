"""The checklist's small cards on other apps' pages (the client's home, the therapist's client record)."""

from dataclasses import dataclass

from django import template

from caseload.models import Client
from devices.queries import devices_of

register = template.Library()


@dataclass(frozen=True)
class DeviceSummary:
    devices: int
    protected: int
    done: int
    applicable: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 100


@register.simple_tag
def device_summary(client: Client) -> DeviceSummary:
    """Two queries, however many devices."""
    progress = devices_of(client)
    return DeviceSummary(
        devices=len(progress),
        protected=sum(1 for item in progress if item.complete),
        done=sum(item.done for item in progress),
        applicable=sum(item.applicable for item in progress),
    )
