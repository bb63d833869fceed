"""Demo device checklists, written through the actions: Jordan part of the way, Sam, Ravi and Lin done."""

from caseload.models import Client
from devices.actions import do_add_device, do_set_steps
from devices.models import Device, State
from devices.steps import STEP_IDS, STEPS

ALL_DONE = {step.id: (State.DONE.value, "") for step in STEPS}

# email -> [(kind, name, {step: (state, note)})]
DEMO_DEVICES: dict[str, list[tuple[str, str, dict[str, tuple[str, str]]]]] = {
    "jordan@demo.waymark.test": [
        (
            "phone",
            "My phone",
            {
                "blocker": ("done", "Casey holds the Screen Time passcode."),
                "apps_sites": ("done", ""),
                "contacts": ("done", ""),
                "subscriptions": ("done", ""),
                "night_plan": ("not_yet", "Want to try charging it in the kitchen."),
            },
        ),
        ("computer", "Work laptop", {"blocker": ("done", ""), "saved_material": ("not_yet", "")}),
    ],
    "sam@demo.waymark.test": [("phone", "Phone", ALL_DONE)],
    "ravi@demo.waymark.test": [
        ("phone", "Phone", ALL_DONE),
        ("tv", "Living room TV", {**ALL_DONE, "contacts": ("na", ""), "subscriptions": ("done", "")}),
    ],
    "lin@demo.waymark.test": [
        ("phone", "Basic phone", {**ALL_DONE, "blocker": ("na", "No browser on it.")}),
        ("computer", "Laptop", ALL_DONE),
    ],
}
assert all(step in STEP_IDS for devices in DEMO_DEVICES.values() for _, _, steps in devices for step in steps)


def add_demo_devices() -> None:
    """Once per client: a client who already has devices is left as they are."""
    for email, devices in DEMO_DEVICES.items():
        client = Client.objects.filter(user__email=email).select_related("user").first()
        if client is None or Device.objects.filter(client=client).exists():
            continue
        for kind, name, steps in devices:
            device = do_add_device(client.user, kind, name)
            do_set_steps(client.user, device, steps)
