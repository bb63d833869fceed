from typing import Any

from django import forms

from safety.models import SAFETY_PLAN_FIELDS, SAFETY_PLAN_STEPS, SafetyPlan


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What did you do?",
        help_text="Required. For example: called the client, reviewed the safety plan together.",
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say briefly what you did, for example who you called."},
    )


class SafetyPlanForm(forms.Form):
    """One box per step of the safety plan, one item per line; the length is checked by the action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step in SAFETY_PLAN_STEPS:
            self.fields[step.field] = forms.CharField(
                label=step.title,
                help_text=step.guidance,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "placeholder": "For example:\n" + step.example}),
            )

    @classmethod
    def initial_for(cls, plan: SafetyPlan | None) -> dict[str, str]:
        return {name: getattr(plan, name) for name in SAFETY_PLAN_FIELDS} if plan else {}
