"""The story's forms: one step's words (and tick boxes), and the therapist's comment.

Lengths are checked by the actions, not here, and the text box has no ``maxlength``: a browser
would silently cut pasted words at the limit, and the client must never lose words.
"""

from typing import Any

from django import forms
from django.utils.html import format_html

from narrative.models import COMMENT_CHARS, StepVersion
from narrative.steps import Step


class StepForm(forms.Form):
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, step: Step, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["text"].label = "In your own words" if step.choices else "Your answer"
        self.fields["text"].widget.attrs.update(
            {"aria-describedby": "story-limit story-count", "data-story-text": "", "data-max-chars": step.max_chars}
        )
        if step.choices:
            self.fields["choices"] = forms.MultipleChoiceField(
                required=False,
                label="Tick any that fit",
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (choice.id, format_html("<strong>{}</strong>: {}", choice.label, choice.explanation))
                    for choice in step.choices
                ],
            )

    @classmethod
    def initial_from(cls, version: StepVersion | None) -> dict[str, Any]:
        if version is None:
            return {}
        return {"text": version.text, "choices": version.chosen}

    def chosen(self) -> list[str]:
        return list(self.cleaned_data.get("choices") or [])


class CommentForm(forms.Form):
    """Shown once per step on the therapist's page, so each gets the step's id as its prefix."""

    text = forms.CharField(
        label="Comment on this step",
        required=False,  # the action says so, in words, when it is empty
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {COMMENT_CHARS:,} characters. Your client sees it under this step.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # a class attribute would be overwritten by Form.__init__
        super().__init__(*args, **kwargs)
