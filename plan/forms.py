from datetime import date
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet

from plan.actions import (
    MAX_BREACH_CHARS,
    MAX_ENTRIES,
    MAX_ITEM_CHARS,
    MAX_ITEMS,
    MAX_NOTE_CHARS,
    MAX_PEOPLE_CHARS,
    MAX_SUBSTITUTE_CHARS,
    MAX_WHAT_CHARS,
    MAX_WHEN_CHARS,
    NEEDS_SUBSTITUTE,
    NEEDS_WHAT,
    Entry,
    circles_of,
)
from plan.models import Circle, PlanVersion, PreventionKind, PreventionPlan

DEFAULT_DAYS = 90
# Room for a full circle of long items, one per line, and nothing silly beyond it.
CIRCLE_TEXT_LIMIT = MAX_ITEMS * (MAX_ITEM_CHARS + 2)


class CircleField(forms.CharField):
    """One item per line: blank lines and repeats are dropped, so a phone keyboard cannot trip anyone up."""

    widget = forms.Textarea(attrs={"rows": 5, "autocapitalize": "sentences"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=CIRCLE_TEXT_LIMIT, strip=False, **kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        lines = (line.strip() for line in str(value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def run_validators(self, value: Any) -> None:
        # The action checks the items; the length check here is on the text as typed.
        super().run_validators("\n".join(value))


class PlanForm(forms.Form):
    """The whole plan on one page; every rule about it is checked again by the action."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    abstinence_starts_on = forms.DateField(
        label="First day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    abstinence_days = forms.IntegerField(
        label="Length in days",
        help_text="40 to 90 days is common.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 365}),
    )
    breach_definition = forms.CharField(
        label="What counts as a breach",
        required=False,
        max_length=MAX_BREACH_CHARS,
        help_text="For example: any inner-circle behaviour, on purpose.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    inner = CircleField(label="Inner circle", help_text="Behaviours to step away from. One per line.")
    middle = CircleField(label="Middle circle", help_text="Slippery behaviours and warning signs. One per line.")
    outer = CircleField(label="Outer circle", help_text="Healthy, life-giving activities. One per line.")
    change_note = forms.CharField(
        label="What changed, in a few words",
        required=False,
        max_length=MAX_NOTE_CHARS,
        help_text="Optional. It shows in the plan's history.",
    )

    @classmethod
    def initial_for(cls, version: PlanVersion | None, today: date) -> dict[str, Any]:
        """The newest version to change, or a fresh start today."""
        if version is None:
            return {"abstinence_starts_on": today, "abstinence_days": DEFAULT_DAYS}
        return {
            "based_on": version.number,
            "abstinence_starts_on": version.abstinence_starts_on,
            "abstinence_days": version.abstinence_days,
            "breach_definition": version.breach_definition,
            **circles_of(version),
        }

    def circles(self) -> dict[str, list[str]]:
        return {circle: self.cleaned_data[circle] for circle in Circle.values}

    def plan_fields(self) -> dict[str, Any]:
        """The cleaned form as the actions take it."""
        data = self.cleaned_data
        period = {name: data[name] for name in ("abstinence_starts_on", "abstinence_days", "breach_definition")}
        return period | {"circles": self.circles(), "change_note": data["change_note"]}


WHAT_LABELS: dict[str, str] = {
    PreventionKind.TRIGGER: "The trigger",
    PreventionKind.WARNING_SIGN: "The warning sign",
    PreventionKind.HIGH_RISK: "The situation or time",
}


class PreventionEntryForm(forms.Form):
    """One row of a section; a row left wholly blank is skipped, so spare rows cost nothing."""

    what = forms.CharField(
        label="What",
        required=False,
        max_length=MAX_WHAT_CHARS,
        widget=forms.TextInput(attrs={"autocapitalize": "sentences"}),
    )
    when = forms.CharField(
        label="When it tends to happen (optional)",
        required=False,
        max_length=MAX_WHEN_CHARS,
        widget=forms.TextInput(attrs={"placeholder": "Friday nights, after work…"}),
    )
    substitute = forms.CharField(
        label="What I will do instead",
        required=False,
        max_length=MAX_SUBSTITUTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2, "autocapitalize": "sentences"}),
    )

    def __init__(self, *args: Any, kind: str = PreventionKind.TRIGGER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].label = WHAT_LABELS[kind]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        what, substitute = data.get("what", ""), data.get("substitute", "")
        if what and not substitute and "substitute" not in self.errors:
            self.add_error("substitute", NEEDS_SUBSTITUTE)
        if substitute and not what and "what" not in self.errors:
            self.add_error("what", NEEDS_WHAT)
        if data.get("when") and not what and not substitute:
            self.add_error("what", NEEDS_WHAT)
        return data

    def entry(self, kind: str) -> Entry | None:
        data = self.cleaned_data
        if not data.get("what"):
            return None
        return Entry(kind, data["what"], data["substitute"], data.get("when", ""))


PreventionFormSet = forms.formset_factory(PreventionEntryForm, extra=2, max_num=MAX_ENTRIES, absolute_max=MAX_ENTRIES)


class PeopleForm(forms.Form):
    people_to_call = forms.CharField(
        label="People to call",
        required=False,
        max_length=MAX_PEOPLE_CHARS,
        help_text="One person per line, with their number if you like: Tom (brother) 9123 4567.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def prevention_forms(
    data: Any, plan: PreventionPlan | None
) -> tuple[dict[str, BaseFormSet[PreventionEntryForm]], PeopleForm]:
    """A formset per section (its rows, then blank ones) and the people to call, bound when posted."""
    entries = list(plan.entries.all()) if plan else []
    formsets = {
        kind: PreventionFormSet(
            data,
            prefix=kind,
            form_kwargs={"kind": kind},
            initial=[{"what": e.what, "when": e.when, "substitute": e.substitute} for e in entries if e.kind == kind],
        )
        for kind in PreventionKind.values
    }
    return formsets, PeopleForm(data, initial={"people_to_call": plan.people_to_call if plan else ""})


def prevention_entries(formsets: dict[str, BaseFormSet[PreventionEntryForm]]) -> list[Entry]:
    """The filled-in rows of valid formsets, section by section, in the order written."""
    return [
        entry for kind, formset in formsets.items() for form in formset.forms if (entry := form.entry(kind)) is not None
    ]
