from django import forms

from skills.actions import PracticeEntry
from skills.models import MAX_MINUTES, MIN_MINUTES, NOTE_CHARS, Kind


class PracticeForm(forms.Form):
    minutes = forms.IntegerField(
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-timer-minutes": ""}),
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.BREATHING)
    done_on = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(
        required=False,
        max_length=NOTE_CHARS,
        label="A note (optional)",
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_CHARS}),
    )

    def entry(self) -> PracticeEntry:
        data = self.cleaned_data
        return PracticeEntry(done_on=data["done_on"], minutes=data["minutes"], kind=data["kind"], note=data["note"])
