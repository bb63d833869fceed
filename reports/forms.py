"""The report's period: from and to, within the client's time with the practice, never in the future."""

from datetime import date, timedelta
from typing import Any

from django import forms

from caseload.models import Client
from privacy.access_log import zone_of
from tracking.queries import client_today
from tracking.streaks import local_day

DEFAULT_WEEKS = 12


def default_period(joined: date, today: date) -> tuple[date, date]:
    """The last twelve weeks, or since joining if that is later."""
    return max(joined, today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)), today


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, joined: date, today: date, **kwargs: Any) -> None:
        self.joined, self.today = joined, today
        start, end = default_period(joined, today)
        kwargs.setdefault("initial", {"start": start, "end": end})
        kwargs.setdefault("auto_id", "report_%s")  # unique on the client record, among the other cards' forms
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update(min=joined.isoformat(), max=today.isoformat())

    def clean_start(self) -> date:
        start: date = self.cleaned_data["start"]
        if start < self.joined:
            raise forms.ValidationError(f"Choose a day from {self.joined.day} {self.joined:%B %Y}, when they joined.")
        if start > self.today:
            raise forms.ValidationError("The period cannot start in the future.")
        return start

    def clean_end(self) -> date:
        end: date = self.cleaned_data["end"]
        if end > self.today:
            raise forms.ValidationError("The period cannot end in the future.")
        if end < self.joined:
            raise forms.ValidationError(f"Choose a day from {self.joined.day} {self.joined:%B %Y}, when they joined.")
        return end

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period must be on or after its start.")
        return cleaned


def period_form_for(client: Client, data: object = None) -> PeriodForm:
    """The form for this client: their first day with the practice and their today, on their calendar."""
    joined = local_day(client.created_at, zone_of(client))
    return PeriodForm(data, joined=joined, today=client_today(client))
