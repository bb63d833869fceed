"""Each question with the client's answer in words, topic by topic: for their review page and their export."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms

from intake.forms import FORMS
from intake.models import IntakeHistory
from intake.steps import FIVE_CS, STEPS, Step
from intake.summary import plain_number

WITHHELD = "I'd rather not say"
# Optional follow-ups ("Something else? Say what") that are left out when empty rather than shown as skipped.
FOLLOW_UPS = frozenset({"kinds_other", "devices_other", "situations_other", *(f"{c}_note" for c in FIVE_CS)})


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # "" when not answered


@dataclass(frozen=True)
class Topic:
    step: Step
    done: bool
    answers: list[Answer]


def in_words(field: forms.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(field, forms.ChoiceField):
        labels = {key: str(label) for key, label in cast(list[tuple[Any, Any]], field.choices)}
        if isinstance(value, list):
            return ", ".join(label for key, label in labels.items() if key in value)
        if field.widget.attrs.get("class") == "scale":
            return f"{value} out of 10"
        return labels.get(value, str(value))
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def topics(intake: IntakeHistory) -> list[Topic]:
    result = []
    for step in STEPS:
        form_fields = FORMS[step.slug].base_fields
        answers = []
        for name in step.fields:
            if name == "first_exposure_withheld":
                continue  # shown as the answer to the age question
            text = in_words(form_fields[name], getattr(intake, name))
            if name == "first_exposure_age" and intake.first_exposure_withheld:
                text = WITHHELD
            if name in FOLLOW_UPS and not text:
                continue
            answers.append(Answer(str(form_fields[name].label), text))
        result.append(Topic(step, intake.is_done(step.slug), answers))
    return result


def progress(intake: IntakeHistory) -> list[Topic]:
    """Which topics are saved, without reading (or decrypting) a single answer."""
    return [Topic(step, intake.is_done(step.slug), []) for step in STEPS]
