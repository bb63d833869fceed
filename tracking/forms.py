"""The client's forms: quick on a phone, plain HTML controls styled as buttons, no JavaScript needed.

Times are entered on the client's own clock: views validate these forms inside
``timezone.override(<the client's zone>)``, so a "21:30" means 21:30 where the client is.
"""

import uuid
from typing import Any, cast

from django import forms

from tracking import models as m
from tracking.actions import CheckInAnswers, LapseEntry, UrgeEntry
from tracking.models import CHAIN_STEPS, CommonTrigger, Device, Mood, Outcome, Place, SleepQuality, Trigger

YES_NO = [("yes", "Yes"), ("no", "No")]
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def yes_no(value: str) -> bool:
    return value == "yes"


def new_key() -> str:
    return uuid.uuid4().hex


class Range(forms.NumberInput):
    input_type = "range"


class LocalDateTime(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_MINUTE)


class CheckInForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    mood = forms.TypedChoiceField(label="How is your mood?", choices=Mood.choices, coerce=int, widget=forms.RadioSelect)
    urge = forms.IntegerField(
        label="Urges today", min_value=0, max_value=10, initial=0, widget=Range(attrs={"step": 1})
    )
    sober = forms.TypedChoiceField(label="Sober today?", choices=YES_NO, coerce=yes_no, widget=forms.RadioSelect)
    hungry = forms.BooleanField(label="Hungry", required=False)
    angry = forms.BooleanField(label="Angry", required=False)
    lonely = forms.BooleanField(label="Lonely", required=False)
    tired = forms.BooleanField(label="Tired", required=False)
    sleep_quality = forms.TypedChoiceField(
        label="Sleep",
        choices=SleepQuality.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    sleep_hours = forms.DecimalField(
        label="Hours slept",
        min_value=0,
        max_value=24,
        max_digits=3,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label="One line, if you like",
        max_length=m.NOTE_CHARS,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    key = forms.CharField(max_length=m.KEY_CHARS, required=False, widget=forms.HiddenInput)

    HALT = ("hungry", "angry", "lonely", "tired")

    def halt_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.HALT]

    def answers(self) -> CheckInAnswers:
        data = self.cleaned_data
        return CheckInAnswers(
            mood=data["mood"],
            urge=data["urge"],
            sober=data["sober"],
            hungry=data["hungry"],
            angry=data["angry"],
            lonely=data["lonely"],
            tired=data["tired"],
            sleep_hours=data["sleep_hours"],
            sleep_quality=data["sleep_quality"],
            note=data["note"],
        )

    @classmethod
    def initial_from(cls, check_in: m.CheckIn | None, day: Any) -> dict[str, Any]:
        """What the form shows: the day's check-in to update, or a fresh one."""
        initial: dict[str, Any] = {"day": day, "key": new_key()}
        if check_in is not None:
            initial |= {
                "mood": check_in.mood,
                "urge": check_in.urge,
                "sober": "yes" if check_in.sober else "no",
                "sleep_quality": check_in.sleep_quality,
                "sleep_hours": check_in.sleep_hours,
                "note": check_in.note,
            } | {name: getattr(check_in, name) for name in cls.HALT}
        return initial


def trigger_choices(own: list[Trigger]) -> list[Any]:
    common = ("Common triggers", list(CommonTrigger.choices))
    if not own:
        return [("", "Not sure / none"), common]
    return [("", "Not sure / none"), ("My triggers", [(str(t.public_id), t.name) for t in own]), common]


class UrgeForm(forms.Form):
    occurred_at = forms.DateTimeField(label="When", widget=LocalDateTime())
    intensity = forms.IntegerField(
        label="How strong (0 to 10)", min_value=0, max_value=10, initial=5, widget=Range(attrs={"step": 1})
    )
    trigger = forms.ChoiceField(label="What set it off?", required=False)
    new_trigger = forms.CharField(
        label="Or name your own trigger",
        help_text="It is added to your list for next time.",
        max_length=m.TRIGGER_CHARS,
        required=False,
    )
    place = forms.ChoiceField(label="Where were you?", choices=[("", "—"), *Place.choices], required=False)
    alone = forms.TypedChoiceField(
        label="Were you alone?",
        choices=YES_NO,
        coerce=yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    device = forms.ChoiceField(label="Which device was near?", choices=[("", "—"), *Device.choices], required=False)
    feeling = forms.CharField(
        label="What were you feeling?",
        max_length=m.SHORT_CHARS,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. restless, low, wound up", "autocomplete": "off"}),
    )
    what_i_did = forms.CharField(
        label="What did you do?",
        max_length=m.STEP_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "e.g. went for a walk, called a friend, had a shower"}),
    )
    outcome = forms.ChoiceField(label="How did it end?", choices=Outcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label="Anything else", max_length=m.LONG_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    key = forms.CharField(max_length=m.KEY_CHARS, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, triggers: list[Trigger], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["trigger"]).choices = trigger_choices(triggers)

    def entry(self) -> UrgeEntry:
        data = self.cleaned_data
        return UrgeEntry(**{name: data[name] for name in UrgeEntry.__dataclass_fields__})


class LapseForm(forms.Form):
    occurred_at = forms.DateTimeField(label="When did it happen?", widget=LocalDateTime())
    what_happened = forms.CharField(
        label="What happened?",
        help_text="In your own words.",
        max_length=m.LONG_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_with_therapist = forms.BooleanField(
        label="I\u2019d like to go through this with my therapist", required=False
    )
    key = forms.CharField(max_length=m.KEY_CHARS, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, question, example in CHAIN_STEPS:
            self.fields[field] = forms.CharField(
                label=question,
                help_text=f"For example: {example}",
                max_length=m.STEP_CHARS,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The checkbox and the key come after the chain.
        self.order_fields(["occurred_at", "what_happened", *(f for f, _, _ in CHAIN_STEPS), "review_with_therapist"])

    def chain_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _, _ in CHAIN_STEPS]

    def entry(self) -> LapseEntry:
        data = self.cleaned_data
        return LapseEntry(**{name: data[name] for name in LapseEntry.__dataclass_fields__})

    @staticmethod
    def initial_from(lapse: m.Lapse) -> dict[str, Any]:
        return {name: getattr(lapse, name) for name in LapseEntry.__dataclass_fields__}
