"""Changes to the device checklist. Only the client writes; each change is atomic and audited."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from devices.models import MAX_NAME_CHARS, MAX_NOTE_CHARS, Device, DeviceStep, Kind, State
from devices.steps import STEP_IDS

MAX_DEVICES = 20


def own_client(actor: User) -> Client:
    """The client record of the person acting; nobody else may change their checklist."""
    if actor.is_active and actor.is_client:
        client = Client.objects.visible_to(actor).filter(user=actor).first()
        if client is not None:
            return client
    raise PermissionDenied("Only the client can change their device checklist.")


def check_owner(actor: User, device: Device) -> Client:
    client = own_client(actor)
    if device.client_id != client.pk:
        raise PermissionDenied("This is not your device.")
    return client


def clean_name(name: str) -> str:
    name = name.strip()
    if len(name) > MAX_NAME_CHARS:
        raise ValidationError({"name": f"Please keep the name to {MAX_NAME_CHARS} characters or fewer."})
    return name


@transaction.atomic
def do_add_device(client_user: User, kind: str, name: str = "") -> Device:
    client = own_client(client_user)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what kind of device this is."})
    name = clean_name(name)
    if Device.objects.filter(client=client).count() >= MAX_DEVICES:
        raise ValidationError(f"You can list up to {MAX_DEVICES} devices.")
    device = Device.objects.create(client=client, kind=kind, name=name)
    record(Action.WRITE, "devices.add", actor=client_user, client=client, target_ref=device.public_id)
    return device


@transaction.atomic
def do_remove_device(client_user: User, device: Device) -> None:
    client = check_owner(client_user, device)
    target = device.public_id
    device.delete()
    record(Action.WRITE, "devices.remove", actor=client_user, client=client, target_ref=target)


def clean_entries(entries: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    errors: dict[str, str] = {}
    cleaned: dict[str, tuple[str, str]] = {}
    for step_id, (state, note) in entries.items():
        note = note.strip()
        if step_id not in STEP_IDS:
            errors[step_id] = "There is no such step on the checklist."
        elif state not in State.values:
            errors[step_id] = "Choose done, not yet, or doesn't apply."
        elif len(note) > MAX_NOTE_CHARS:
            errors[step_id] = f"Please keep the note to {MAX_NOTE_CHARS} characters or fewer (it has {len(note)})."
        cleaned[step_id] = (state, note)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def do_set_steps(client_user: User, device: Device, entries: Mapping[str, tuple[str, str]]) -> int:
    """Save several steps at once (the checklist form); returns how many changed. One audit row."""
    client = check_owner(client_user, device)
    cleaned = clean_entries(entries)
    rows = {row.step: row for row in DeviceStep.objects.select_for_update().filter(device=device)}
    changed = 0
    now = timezone.now()
    for step_id, (state, note) in cleaned.items():
        row = rows.get(step_id)
        if row is None:
            if state == State.NOT_YET and not note:
                continue  # the same as no row
            DeviceStep.objects.create(device=device, step=step_id, state=state, note=note, updated_at=now)
        elif (row.state, row.note) != (state, note):
            row.state, row.note, row.updated_at = state, note, now
            row.save(update_fields=["state", "note", "updated_at"])
        else:
            continue
        changed += 1
    if changed:
        record(Action.WRITE, "devices.step", actor=client_user, client=client, target_ref=device.public_id)
    return changed


def do_set_step(client_user: User, device: Device, step_id: str, state: str, note: str = "") -> int:
    return do_set_steps(client_user, device, {step_id: (state, note)})
