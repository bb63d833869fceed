"""Forms for answering a questionnaire one item at a time, and for sending it."""

from typing import Any

from django import forms

from measures.actions import MAX_FREE_TEXT
from measures.definitions import Definition, Item


def option_key(value: object) -> str:
    """How an option's value travels in a form (and is compared with a saved answer)."""
    return str(value)


class AnswerForm(forms.Form):
    """One item: large radio buttons for a choice, a text box for free text."""

    def __init__(self, *args: Any, definition: Definition, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.compact = False
        if item.type == "free_text":
            limit = min(item.max_length, MAX_FREE_TEXT)
            self.fields["value"] = forms.CharField(
                required=False,
                max_length=limit,
                widget=forms.Textarea(attrs={"rows": 6, "maxlength": limit}),
                error_messages={"max_length": f"Please keep this to {limit:,} characters or fewer."},
            )
        else:
            option_set = definition.options_for(item)
            choices = [(option_key(option.value), option.label) for option in option_set.options] if option_set else []
            # Short labels (a 0-10 ruler) sit side by side; sentences go one under another.
            self.compact = all(len(label) <= 3 for _, label in choices)
            self.fields["value"] = forms.ChoiceField(
                required=False,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Please choose one of the answers shown."},
            )


class SubmitForm(forms.Form):
    """Carries the key made when the review page was shown, so a second tap sends nothing new."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
