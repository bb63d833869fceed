from datetime import date
from typing import Any

from django import forms

from notes.actions import NoteEntry
from notes.models import (
    ADDENDUM_CHARS,
    DISCARD_REASON_CHARS,
    MAX_MINUTES,
    MIN_MINUTES,
    SECTION_CHARS,
    SECTIONS,
    SessionNote,
)


class NoteForm(forms.Form):
    """The session's date and length, then one box per section of the note's format (DAP or SOAP)."""

    session_on = forms.DateField(
        label="Session date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=50
    )

    def __init__(self, *args: Any, note_format: str, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["session_on"].widget.attrs["max"] = today.isoformat()
        for section in SECTIONS[note_format]:
            self.fields[section.field] = forms.CharField(
                label=section.title,
                help_text=section.prompt,
                required=False,
                max_length=SECTION_CHARS,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    @classmethod
    def initial_for(cls, note: SessionNote) -> dict[str, Any]:
        initial: dict[str, Any] = {"session_on": note.session_on, "duration_minutes": note.duration_minutes}
        return initial | {section.field: text for section, text in note.section_texts()}

    def entry(self) -> NoteEntry:
        data = self.cleaned_data
        sections = {name: data[name] for name in data if name not in ("session_on", "duration_minutes")}
        return NoteEntry(data["session_on"], data["duration_minutes"], sections)


class Unsuffixed(forms.Form):
    """Labels as written, without Django's trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignForm(Unsuffixed):
    confirm = forms.BooleanField(
        label="I have read this note through. Sign it and lock it: later changes can only be added as addenda.",
        error_messages={"required": "Tick the box to confirm you want to sign and lock this note."},
    )


class AddendumForm(Unsuffixed):
    text = forms.CharField(
        label="Addendum",
        max_length=ADDENDUM_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A correction or a later word. It is signed with your name and the time as soon as you save it.",
        error_messages={"required": "Write the addendum first."},
    )


class DiscardForm(Unsuffixed):
    reason = forms.CharField(
        label="Why it can be discarded",
        max_length=DISCARD_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words for the record, kept with the notes. The draft's words are removed.",
        error_messages={"required": "Please say in a few words why this draft can be discarded."},
    )
