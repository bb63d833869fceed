from typing import Any

from django import forms

from tracking import models as tm
from tracking.forms import Range

OUTCOMES = [
    (tm.Outcome.RODE_IT_OUT, "I rode it out"),
    (tm.Outcome.MIDDLE_CIRCLE, "A middle-circle behaviour"),
    (tm.Outcome.LAPSE, "A lapse"),
]


def rating(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10, widget=Range(attrs={"step": 1}))


class SosForm(forms.Form):
    before = rating("How strong is the urge right now? (0 to 10)")
    after = rating("How strong is the urge now? (0 to 10)")
    outcome = forms.ChoiceField(label="How did it go?", choices=OUTCOMES, widget=forms.RadioSelect)
    key = forms.CharField(max_length=tm.KEY_CHARS, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The first rating sits at the top of the page, outside the form element, and joins it by name.
        self.fields["before"].widget.attrs["form"] = "sos-log"


class ReasonForm(forms.Form):
    text = forms.CharField(
        label="A reason to stay sober",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In your own words: who or what it is for.",
    )
