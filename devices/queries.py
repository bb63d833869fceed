"""Reading the checklist: each device's progress in a fixed number of queries, and whether it is complete."""

from dataclasses import dataclass

from caseload.models import Client
from devices.models import Device, DeviceStep, State
from devices.steps import STEPS, Step


@dataclass(frozen=True)
class StepStatus:
    step: Step
    state: str
    note: str


@dataclass(frozen=True)
class DeviceProgress:
    device: Device
    statuses: list[StepStatus]

    @property
    def applicable(self) -> int:
        return sum(1 for status in self.statuses if status.state != State.NOT_APPLICABLE)

    @property
    def done(self) -> int:
        return sum(1 for status in self.statuses if status.state == State.DONE)

    @property
    def complete(self) -> bool:
        return self.done == self.applicable

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 100


def progress_of(device: Device) -> DeviceProgress:
    """Uses ``device.steps.all()``: prefetch it to keep the query count fixed."""
    rows: dict[str, DeviceStep] = {row.step: row for row in device.steps.all()}
    statuses = []
    for step in STEPS:
        row = rows.get(step.id)
        statuses.append(StepStatus(step, row.state if row else State.NOT_YET, row.note if row else ""))
    return DeviceProgress(device, statuses)


def devices_of(client: Client) -> list[DeviceProgress]:
    """Every device of the client with its progress: two queries however many devices."""
    devices = Device.objects.filter(client=client).prefetch_related("steps")
    return [progress_of(device) for device in devices]


def checklist_complete(client: Client) -> bool:
    """At least one device, and every device has every step that applies to it done."""
    progress = devices_of(client)
    return bool(progress) and all(item.complete for item in progress)
