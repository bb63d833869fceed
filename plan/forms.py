from datetime import date
from typing import Any

from django import forms

from plan.actions import MAX_BREACH_CHARS, MAX_ITEM_CHARS, MAX_ITEMS, MAX_NOTE_CHARS, circles_of
from plan.models import Circle, PlanVersion

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
