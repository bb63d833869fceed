"""The client's journal forms. The length limit is checked on the server with a clear message and no
``maxlength`` on the box, because a browser cuts a long paste short without saying so."""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from learning.actions import clean_text
from learning.models import ENTRY_CHARS

LIMIT_HELP = f"Up to {ENTRY_CHARS:,} characters."


def new_key() -> str:
    return uuid.uuid4().hex


class _TextForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "autocapitalize": "sentences", "data-limit": ENTRY_CHARS}),
        required=False,  # clean_text says what is missing, kindly
        help_text=LIMIT_HELP,
    )

    def clean_text(self) -> str:
        try:
            return clean_text(self.cleaned_data.get("text") or "")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["text"]) from exc


class ReflectionForm(_TextForm):
    share = forms.BooleanField(
        label="Share with my therapist",
        required=False,
        help_text="Only if you want to. You can change this later in your journal.",
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, prompt: str, number: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"key": new_key()})
        kwargs["prefix"] = f"r{number}"
        super().__init__(*args, **kwargs)
        self.number = number
        self.prompt = prompt
        self.fields["text"].label = prompt


class EntryForm(_TextForm):
    def __init__(self, *args: Any, prompt: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = prompt or "Your entry"
