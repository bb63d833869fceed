from typing import Any, cast

from django import forms
from django.utils.html import format_html

from goals.models import (
    DESCRIPTION_CHARS,
    DOMAIN_HINTS,
    REVIEW_NOTE_CHARS,
    STEP_CHARS,
    TITLE_CHARS,
    Domain,
    Goal,
    GoalStatus,
)


class PlainForm(forms.Form):
    """Labels as written, without Django's trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


PROGRESS_CHOICES = [(n, str(n)) for n in range(11)]
PROGRESS_CHOICES[0] = (0, "0: not started")
PROGRESS_CHOICES[5] = (5, "5: about halfway")
PROGRESS_CHOICES[10] = (10, "10: fully there")


def domain_choices() -> list[tuple[str, Any]]:
    """Each area with a line about what it covers, so the choice is easy to make on a phone."""
    return [
        (value, format_html('{}<span class="helptext">{}</span>', label, DOMAIN_HINTS[value]))
        for value, label in Domain.choices
    ]


class GoalForm(PlainForm):
    """Checked again by the actions."""

    domain = forms.ChoiceField(
        label="Which area of your life is this about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the area this goal belongs to.",
            "invalid_choice": "Choose one of the six areas.",
        },
    )
    title = forms.CharField(
        label="The goal, in a few words",
        max_length=TITLE_CHARS,
        error_messages={"required": "Give the goal a name: a few words are enough."},
        widget=forms.TextInput(attrs={"autocapitalize": "sentences", "placeholder": "Rebuild trust with my partner"}),
    )
    description = forms.CharField(
        label="What it would look like (optional)",
        required=False,
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "autocapitalize": "sentences"}),
    )
    target_date = forms.DateField(
        label="Aim to get there by (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["domain"]).choices = domain_choices()


class NewGoalForm(GoalForm):
    first_step = forms.CharField(
        label="A first small step (optional)",
        required=False,
        max_length=STEP_CHARS,
        help_text="Something you could do this week.",
        widget=forms.TextInput(attrs={"autocapitalize": "sentences"}),
    )


class EditGoalForm(GoalForm):
    status = forms.ChoiceField(label="Where it stands", choices=GoalStatus.choices, widget=forms.RadioSelect)

    @classmethod
    def initial_for(cls, goal: Goal) -> dict[str, Any]:
        return {
            "domain": goal.domain,
            "title": goal.title,
            "description": goal.description,
            "target_date": goal.target_date,
            "status": goal.status,
        }


class StepForm(PlainForm):
    text = forms.CharField(
        label="Add a step",
        max_length=STEP_CHARS,
        error_messages={"required": "Write the step: one small thing you can do."},
        widget=forms.TextInput(attrs={"autocapitalize": "sentences"}),
    )


class TickForm(forms.Form):
    done = forms.TypedChoiceField(coerce=lambda value: value == "1", choices=[("1", "Done"), ("0", "Not done")])


class ReviewForm(PlainForm):
    progress = forms.TypedChoiceField(
        label="How far along is it?",
        coerce=int,
        choices=PROGRESS_CHOICES,
        error_messages={"invalid_choice": "Choose a number from 0 to 10.", "required": "Choose a number from 0 to 10."},
    )
    note = forms.CharField(
        label="A note (optional)",
        required=False,
        max_length=REVIEW_NOTE_CHARS,
        help_text="What has helped, what got in the way, what comes next.",
        widget=forms.Textarea(attrs={"rows": 3, "autocapitalize": "sentences"}),
    )
