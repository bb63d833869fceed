"""The therapist's form for setting a task, and the client's for marking one done."""

from typing import Any

from django import forms

from caseload.models import Client
from homework import assignable
from homework.actions import NewTask
from homework.models import INSTRUCTIONS_CHARS, NOTE_CHARS, TITLE_CHARS, Kind
from homework.worksheets import PLANS, WORKSHEETS

# Which field names the thing a task of each kind points at (the action's errors use the same names).
REF_FIELDS = {
    Kind.READING: "module",
    Kind.QUESTIONNAIRE: "instrument",
    Kind.WORKSHEET: "worksheet",
    Kind.PLAN_REVIEW: "plan",
}
BACK_TO = {"record": "client_record", "tasks": "homework_client_tasks"}


def _choices(placeholder: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", placeholder), *pairs]


class AssignForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of task", widget=forms.RadioSelect, initial=Kind.READING)
    module = forms.ChoiceField(label="Module to read", required=False)
    instrument = forms.ChoiceField(
        label="Questionnaire",
        required=False,
        help_text="It is also added to their questionnaires, due on the suggested date (today if there is none).",
    )
    worksheet = forms.ChoiceField(label="Worksheet", required=False)
    plan = forms.ChoiceField(label="Plan to look over", required=False)
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=TITLE_CHARS,
        help_text="Short and discreet: it shows on their home page.",
    )
    instructions = forms.CharField(
        label="A note for the client (optional)",
        required=False,
        max_length=INSTRUCTIONS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(
        label="Suggested date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    back = forms.ChoiceField(
        choices=[(key, key) for key in BACK_TO], initial="tasks", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, client: Client, back: str = "tasks", **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "task_%s")
        super().__init__(*args, **kwargs)
        self.fields["back"].initial = back
        modules = [(module.slug, module.title) for module in assignable.reading_modules()]
        offered = list(assignable.questionnaires(client).items())
        self._set("module", _choices("Choose a module", modules))
        self._set("instrument", _choices("Choose a questionnaire", offered))
        self._set("worksheet", _choices("Choose a worksheet", [(w.id, w.label) for w in WORKSHEETS.values()]))
        self._set("plan", _choices("Choose a plan", [(p.id, p.label) for p in PLANS.values()]))
        # A kind with nothing to choose from (no course yet) is not offered.
        empty = {Kind.READING} if not modules else set()
        empty |= {Kind.QUESTIONNAIRE} if not offered else set()
        kinds = [(kind.value, label) for kind, label in zip(Kind, Kind.labels, strict=True) if kind not in empty]
        kinds = [(value, "Custom task" if value == Kind.CUSTOM else label) for value, label in kinds]
        self._set("kind", kinds)
        if Kind.READING in empty:
            self.fields["kind"].initial = Kind.WORKSHEET

    def _set(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind is None:
            return cleaned
        ref_field = REF_FIELDS.get(Kind(kind))
        if ref_field and not cleaned.get(ref_field) and ref_field not in self.errors:
            self.add_error(ref_field, "Please choose one.")
        if kind == Kind.CUSTOM and not (cleaned.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", "Give the task a short title.")
        return cleaned

    def new_task(self) -> NewTask:
        data = self.cleaned_data
        kind = Kind(data["kind"])
        ref_field = REF_FIELDS.get(kind)
        return NewTask(
            kind=kind,
            ref=data[ref_field] if ref_field else "",
            title=data["title"] if kind == Kind.CUSTOM else "",
            instructions=data["instructions"],
            due_on=data["due_on"],
        )


class DoneForm(forms.Form):
    note = forms.CharField(
        label="A note for your therapist (optional)",
        help_text="How did it go? Anything you noticed, or want to talk about next time.",
        required=False,
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
