"""The client's devices and, for each, where they are with every step of the protection checklist."""

import uuid

from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField

MAX_NAME_CHARS, MAX_NOTE_CHARS = 60, 300


class Kind(models.TextChoices):
    PHONE = "phone", "Phone"
    COMPUTER = "computer", "Laptop or computer"
    TABLET = "tablet", "Tablet"
    CONSOLE = "console", "Games console"
    TV = "tv", "TV"
    VR = "vr", "VR headset"
    OTHER = "other", "Other"


# Which platforms' guidance a kind of device shows (see devices/steps.py).
KIND_PLATFORMS: dict[str, tuple[str, ...]] = {
    Kind.PHONE: ("ios", "android"),
    Kind.COMPUTER: ("windows", "macos"),
    Kind.TABLET: ("ios", "android"),
    Kind.CONSOLE: ("console",),
    Kind.TV: ("tv",),
    Kind.VR: ("console",),
    Kind.OTHER: ("any",),
}


class State(models.TextChoices):
    DONE = "done", "Done"
    NOT_YET = "not_yet", "Not yet"
    NOT_APPLICABLE = "na", "Doesn't apply"


class Device(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="devices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = EncryptedTextField(max_chars=MAX_NAME_CHARS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def label(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def platforms(self) -> tuple[str, ...]:
        return KIND_PLATFORMS.get(self.kind, ("any",))


class DeviceStep(models.Model):
    """One step's state on one device; a step with no row is "not yet"."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=40)
    state = models.CharField(max_length=8, choices=State.choices, default=State.NOT_YET)
    note = EncryptedTextField(max_chars=MAX_NOTE_CHARS)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "step"], name="one_row_per_device_step")]

    def __str__(self) -> str:
        return f"{self.step}: {self.state}"
