"""The add-a-device form and the one checklist form (a state and a note per step)."""

from typing import Any

from django import forms

from devices.models import MAX_NAME_CHARS, MAX_NOTE_CHARS, Kind, State
from devices.queries import DeviceProgress
from devices.steps import STEPS


class AddDeviceForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of device?", choices=Kind.choices)
    name = forms.CharField(
        label="A name you will recognise (optional)",
        required=False,
        max_length=MAX_NAME_CHARS,
        help_text="For example “Work laptop”. Only you and your therapist see it.",
    )


class ChecklistForm(forms.Form):
    """``state-<step>`` and ``note-<step>`` for every step, in checklist order."""

    def __init__(self, data: Any = None, *, progress: DeviceProgress) -> None:
        initial = {}
        for status in progress.statuses:
            initial[f"state-{status.step.id}"] = status.state
            initial[f"note-{status.step.id}"] = status.note
        super().__init__(data, initial=initial)
        for step in STEPS:
            self.fields[f"state-{step.id}"] = forms.ChoiceField(
                label=step.title, choices=State.choices, widget=forms.RadioSelect
            )
            self.fields[f"note-{step.id}"] = forms.CharField(
                label="Note (optional)",
                required=False,
                max_length=MAX_NOTE_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def entries(self) -> dict[str, tuple[str, str]]:
        return {
            step.id: (self.cleaned_data[f"state-{step.id}"], self.cleaned_data[f"note-{step.id}"]) for step in STEPS
        }
