"""One form per intake topic. Every question may be skipped; what is given must make sense."""

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ImproperlyConfigured

from intake.models import (
    LONG_CHARS,
    NOTE_CHARS,
    SHORT_CHARS,
    Attempt,
    Device,
    Frequency,
    IntakeHistory,
    Kind,
    Rating,
    Situation,
)
from intake.steps import FIVE_CS, STEPS
from intake.summary import plain_number

CHOOSE = "Please choose from the options shown."


def text(label: str, chars: int, help_text: str = "", rows: int = 5) -> forms.CharField:
    widget: forms.Widget = forms.TextInput() if chars <= SHORT_CHARS else forms.Textarea(attrs={"rows": rows})
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=chars,
        widget=widget,
        error_messages={
            "max_length": f"Please keep this to {chars:,} characters or fewer (it has %(show_value)s now)."
        },
    )


def several(label: str, choices: Any, help_text: str = "Tick all that apply.") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE, "invalid_list": CHOOSE},
    )


def one_of(label: str, choices: Any, help_text: str = "", coerce: Any = str, css: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        choices=choices,
        coerce=coerce,
        empty_value=None if coerce is int else "",
        widget=forms.RadioSelect(attrs={"class": css} if css else {}),
        error_messages={"invalid_choice": CHOOSE},
    )


def zero_to_ten(label: str, help_text: str) -> forms.TypedChoiceField:
    return one_of(label, [(n, str(n)) for n in range(11)], help_text, coerce=int, css="scale")


class StepForm(forms.Form):
    """A topic's questions. ``sections`` groups fields under headings where a topic has several parts."""

    slug: ClassVar[str]
    intro: ClassVar[str] = ""
    sections: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, intake: IntakeHistory) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name in cls.base_fields:
            value = getattr(intake, name)
            initial[name] = plain_number(value) if isinstance(value, Decimal) else value
        return initial

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        if not self.sections:
            return [("", list(self))]
        return [(heading, [self[name] for name in names]) for heading, names in self.sections]

    @staticmethod
    def tick_other(data: dict[str, Any], choices: str, other: str) -> None:
        """Words in an "other" box count as ticking "Something else"."""
        if data.get(other, "").strip() and "other" not in data.get(choices, []):
            data[choices] = [*data.get(choices, []), "other"]


class StartForm(StepForm):
    slug = "start"
    intro = "Everyone's story starts somewhere. A rough guess is fine."

    first_exposure_age = forms.IntegerField(
        label="How old were you when you first saw pornography?",
        help_text="Or other sexual material, online or offline. Your best guess is fine.",
        required=False,
        min_value=5,
        max_value=90,
        error_messages={
            "invalid": "Please enter an age as a whole number, like 14.",
            "min_value": "Please enter an age between 5 and 90, or tick “I'd rather not say”.",
            "max_value": "Please enter an age between 5 and 90, or tick “I'd rather not say”.",
        },
    )
    first_exposure_withheld = forms.BooleanField(label="I'd rather not say", required=False)
    years_of_use = forms.DecimalField(
        label="For about how many years have you been using it?",
        help_text="In years: 0.5 is about six months.",
        required=False,
        min_value=0,
        max_value=85,
        decimal_places=1,
        error_messages={
            "invalid": "Please enter a number of years, like 8 or 0.5.",
            "min_value": "Please enter a number of years between 0 and 85.",
            "max_value": "Please enter a number of years between 0 and 85.",
            "max_decimal_places": "Please use at most one decimal place, like 2.5.",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first_exposure_withheld") and data.get("first_exposure_age") is not None:
            self.add_error("first_exposure_age", "Please either enter an age or tick “I'd rather not say”, not both.")
        return data


class AmountForm(StepForm):
    slug = "amount"
    intro = "Think about the last few months. Your best estimate is enough."

    frequency = one_of("At the moment, how often do you use it?", Frequency.choices)
    hours_per_week = forms.DecimalField(
        label="About how many hours a week does it take up?",
        help_text="Including searching and scrolling. Decimals are fine, like 2.5.",
        required=False,
        min_value=0,
        max_value=168,
        decimal_places=2,
        error_messages={
            "invalid": "Please enter a number of hours, like 6 or 2.5.",
            "min_value": "Please enter a number of hours between 0 and 168 (the hours in a week).",
            "max_value": "Please enter a number of hours between 0 and 168 (the hours in a week).",
            "max_decimal_places": "Please use at most two decimal places, like 2.5.",
        },
    )


class KindsForm(StepForm):
    slug = "kinds"
    intro = "Sex online takes many forms. Tick the ones that are part of what you would like to understand better."

    kinds = several("Which of these are part of it?", Kind.choices)
    kinds_other = text("Something else? Say what, if you like.", SHORT_CHARS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.tick_other(data, "kinds", "kinds_other")
        return data


class WhereForm(StepForm):
    slug = "where"
    intro = "Knowing where and when it tends to happen helps you plan for those moments."

    devices = several("Which devices do you use for it?", Device.choices)
    devices_other = text("Another device? Say which, if you like.", SHORT_CHARS)
    situations = several("When does it tend to happen?", Situation.choices)
    situations_other = text("Another situation? Say which, if you like.", SHORT_CHARS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.tick_other(data, "devices", "devices_other")
        self.tick_other(data, "situations", "situations_other")
        return data


class HealthForm(StepForm):
    slug = "health"
    intro = "Other things in your life and health can be connected. Share only what you are comfortable with."

    conditions = text(
        "Do you live with any other mental or physical health conditions?",
        LONG_CHARS,
        "For example anxiety, depression, ADHD or a long-term illness. Leave it blank if there are none.",
    )
    medication = text("Do you take any medication?", LONG_CHARS, "The name and dose, if you know them.", rows=3)


class TriedForm(StepForm):
    slug = "tried"
    intro = "Many people have tried to change this before. Whatever you tried, it tells you something useful."

    attempts = several("Have you tried to cut down or stop before? What did you try?", Attempt.choices)
    attempts_note = text(
        "Tell your therapist more, if you like.",
        LONG_CHARS,
        "What helped, even for a while? What got in the way?",
    )


FIVE_CS_STATEMENTS = {
    "compulsive": (
        "Compulsive or impulsive behaviour",
        "It can feel compulsive or impulsive: I act before I have really decided to.",
    ),
    "control": ("Loss of control", "When I have tried to cut down or stop, I have found it hard to stay in control."),
    "cravings": (
        "Cravings, urges and preoccupation",
        "I have strong urges or cravings, or find myself thinking about it a lot.",
    ),
    "consequences": (
        "Continued use despite consequences",
        "I keep going even when it causes problems for me or for people I care about.",
    ),
}


def five_c(c: str) -> forms.TypedChoiceField:
    return one_of(FIVE_CS_STATEMENTS[c][1], Rating.choices, coerce=int, css="rating")


def five_c_note() -> forms.CharField:
    return text("Anything you would like to add?", NOTE_CHARS, rows=3)


class FiveCsForm(StepForm):
    slug = "five-cs"
    intro = (
        "Therapists sometimes talk about “the five Cs”. "
        "How much does each of these sound like your experience at the moment?"
    )
    sections = tuple((heading, (c, f"{c}_note")) for c, (heading, _) in FIVE_CS_STATEMENTS.items())

    compulsive = five_c("compulsive")
    compulsive_note = five_c_note()
    control = five_c("control")
    control_note = five_c_note()
    cravings = five_c("cravings")
    cravings_note = five_c_note()
    consequences = five_c("consequences")
    consequences_note = five_c_note()


class DistressForm(StepForm):
    slug = "distress"
    intro = "How much this weighs on you, and where that weight comes from. There are no right answers."

    distress = zero_to_ten(
        "Overall, how much distress does it cause you?", "0 is none at all, 10 is the most you can imagine."
    )
    impairment = zero_to_ten(
        "How much does it get in the way of your work, relationships or daily life?",
        "0 is not at all, 10 is completely.",
    )
    moral_incongruence = zero_to_ten(
        "How much of your distress comes from this conflicting with your own moral or religious values?",
        "0 is none of it, 10 is all of it. Many people feel some of both.",
    )
    moral_note = text("Anything you would like to say about your values or beliefs?", NOTE_CHARS, rows=3)


FORMS: dict[str, type[StepForm]] = {
    form.slug: form
    for form in (StartForm, AmountForm, KindsForm, WhereForm, HealthForm, TriedForm, FiveCsForm, DistressForm)
}

for _step in STEPS:
    if _step.slug not in FORMS or tuple(FORMS[_step.slug].base_fields) != _step.fields:
        raise ImproperlyConfigured(f"intake step {_step.slug!r}: its form must ask exactly {_step.fields}")
if tuple(FIVE_CS_STATEMENTS) != FIVE_CS:
    raise ImproperlyConfigured("intake: the five Cs statements must follow intake.steps.FIVE_CS")
