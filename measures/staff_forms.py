"""Forms on the therapist's and the practice admin's questionnaire pages."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from measures.actions import MAX_EVERY_DAYS, MAX_REASON
from measures.catalogue import MAX_FILE_CHARS
from measures.definitions import Condition, Definition, Item, fmt
from measures.progress import is_blank
from measures.scoring import unshown_answers

UNVERIFIED = "wording not yet verified"


def instrument_label(definition: Definition) -> str:
    label = (
        f"{definition.short_name}: {definition.title}"
        if definition.short_name != definition.title
        else definition.title
    )
    return label if definition.wording_verified else f"{label} ({UNVERIFIED})"


class InstrumentSelect(forms.Select):
    """A select whose options for unverified instruments are shown but cannot be chosen."""

    def __init__(self, *args: Any, unavailable: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unavailable = unavailable

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.unavailable:
            option["attrs"]["disabled"] = True
        return option


class AssignForm(forms.Form):
    instrument = forms.ChoiceField(label="Questionnaire")
    repeat = forms.ChoiceField(
        label="How often",
        choices=[("once", "Once"), ("weeks", "Every few weeks")],
        initial="once",
        widget=forms.RadioSelect,
    )
    every_weeks = forms.IntegerField(
        label="Every how many weeks",
        help_text="Only when it repeats.",
        min_value=1,
        max_value=MAX_EVERY_DAYS // 7,
        required=False,
        initial=4,
    )
    starts_on = forms.DateField(label="First due on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, definitions: Mapping[str, Definition], today: date, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.definitions = definitions
        ordered = sorted(definitions.values(), key=lambda d: (not d.wording_verified, d.short_name.casefold()))
        field = self.fields["instrument"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a questionnaire")] + [(d.id, instrument_label(d)) for d in ordered]
        field.widget = InstrumentSelect(
            choices=field.choices, unavailable=frozenset(d.id for d in ordered if not d.wording_verified)
        )
        field.help_text = "Questionnaires marked “wording not yet verified” cannot be given to clients yet."
        self.fields["starts_on"].initial = today

    def clean_instrument(self) -> str:
        instrument_id = str(self.cleaned_data["instrument"])
        if not self.definitions[instrument_id].wording_verified:
            raise ValidationError("Its item wording is not yet verified, so it cannot be given to clients.")
        return instrument_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("repeat") == "weeks" and not cleaned.get("every_weeks"):
            self.add_error("every_weeks", "Say how many weeks apart, or choose “Once”.")
        return cleaned

    @property
    def every_days(self) -> int | None:
        if self.cleaned_data.get("repeat") != "weeks":
            return None
        return int(self.cleaned_data["every_weeks"]) * 7


def item_numbers(definition: Definition) -> dict[str, str]:
    """As a paper form numbers them: choice items 1, 2, 3 …; free-text items after one 4a, 4b …"""
    numbers: dict[str, str] = {}
    number, letter = 0, 0
    for item in definition.items:
        if item.type == "free_text" and number:
            letter += 1
            numbers[item.id] = f"{number}{chr(ord('a') + letter - 1)}"
        else:
            number, letter = number + 1, 0
            numbers[item.id] = str(number)
    return numbers


COMPARED = {"!=": "is not {}", ">": "is above {}", ">=": "is {} or more", "<": "is below {}", "<=": "is {} or less"}


def in_words(numbers: list[str]) -> str:
    """1 → "question 1"; 1, 2, 3, 4 → "question 1, 2, 3 or 4"."""
    return "question " + (numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " or " + numbers[-1])


def asked_when(definition: Definition, condition: Condition, numbers: dict[str, str]) -> str:
    """A show_when condition as the therapist reads it: "the answer to question 1, 2, 3 or 4 is “Yes”"."""
    parts = condition.any or condition.all
    if parts:
        simple = all(part.item and (part.op, part.value) == (parts[0].op, parts[0].value) for part in parts)
        if condition.any and simple:
            words = in_words([numbers[part.item or ""] for part in parts])
            return f"the answer to {words} {compared(definition, parts[0])}"
        joiner = " or " if condition.any else " and "
        return joiner.join(asked_when(definition, part, numbers) for part in parts)
    if condition.score is not None:
        return f"the “{definition.scale_map[condition.score].title}” score {compared(definition, condition)}"
    return f"the answer to {in_words([numbers[condition.item or '']])} {compared(definition, condition)}"


def compared(definition: Definition, condition: Condition) -> str:
    op = condition.op or "=="
    option_set = definition.options_for(definition.item_map[condition.item]) if condition.item else None
    option = option_set.match(condition.value) if option_set else None
    if op in ("==", "!=") and option is not None:
        return ("is “{}”" if op == "==" else "is not “{}”").format(option.label)
    return (COMPARED.get(op) or "is {}").format(fmt(condition.value))


def item_label(definition: Definition, item: Item, number: str) -> str:
    if item.text_pending_verification:
        return f"Item {number} (wording not in Waymark yet: read it from the paper form)"
    text = item.text.replace("{n_plus_1}", "N + 1").replace("{n}", "N")
    return f"{number}. {text}"


class AnswersForm(forms.Form):
    """Every item of an instrument at once (a paper form, or a correction), as radio groups and text boxes."""

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # the items are the instrument's words: add nothing to them
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.numbers = numbers = item_numbers(definition)
        for item in definition.items:
            label = item_label(definition, item, numbers[item.id])
            help_text = self._help_text(item)
            must = item.required and item.show_when is None and item.if_unanswered is None
            if item.type == "free_text":
                self.fields[item.id] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=item.max_length,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=help_text,
                )
            else:
                option_set = definition.options_for(item)
                assert option_set is not None
                self.fields[item.id] = forms.ChoiceField(
                    label=label,
                    required=must,
                    choices=[
                        (str(option.value), f"{option.label}" + self._value_note(option.label, option.value))
                        for option in option_set.options
                    ],
                    widget=forms.RadioSelect,
                    help_text=help_text,
                    error_messages={"required": "Choose the answer ticked on the form."},
                )

    def _help_text(self, item: Item) -> str:
        """When a conditional question is asked, and what an empty answer counts as (Waymark's words)."""
        hints = []
        if item.show_when is not None:
            hints.append(f"Asked only when {self._asked_when(item)}; leave it empty otherwise.")
        if item.if_unanswered is not None:
            when = "When it is asked and left empty" if item.show_when is not None else "Left empty"
            hints.append(f"{when}, it counts as “{self._label_of(item, item.if_unanswered)}”.")
        return " ".join(hints)

    def _asked_when(self, item: Item) -> str:
        assert item.show_when is not None
        return asked_when(self.definition, item.show_when, self.numbers)

    def _label_of(self, item: Item, value: object) -> str:
        option_set = self.definition.options_for(item)
        option = option_set.match(value) if option_set else None
        return option.label if option else fmt(value)

    @staticmethod
    def _value_note(label: str, value: object) -> str:
        # Paper forms often show the number beside the words; say it where the label does not.
        return "" if label == fmt(value) or isinstance(value, str) else f" ({fmt(value)})"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item_id in unshown_answers(self.definition, self.answers()):
            when = self._asked_when(self.definition.item_map[item_id])  # only a conditional question goes unasked
            self.add_error(
                item_id,
                f"Question {self.numbers[item_id]} is not asked with these answers: it is asked only when {when}. "
                "Leave it empty, or check the answers before it.",
            )
        return cleaned

    def answers(self) -> dict[str, object]:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key in self.definition.item_map and not is_blank(value)
        }


class PaperForm(AnswersForm):
    completed_on = forms.DateField(
        label="Completed on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, definition: Definition, today: date, **kwargs: Any) -> None:
        super().__init__(*args, definition=definition, **kwargs)
        self.today = today
        self.fields["completed_on"].initial = today
        self.order_fields(["completed_on"])

    def clean_completed_on(self) -> date:
        completed_on: date = self.cleaned_data["completed_on"]
        if completed_on > self.today:
            raise ValidationError("The form cannot have been completed in the future.")
        return completed_on


class CorrectionForm(AnswersForm):
    reason = forms.CharField(
        label="Why is this being corrected?",
        max_length=MAX_REASON,
        help_text="For example: “Item 4 was entered as 3; the paper form says 1.” Kept with the record.",
    )

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, definition=definition, **kwargs)
        self.order_fields([*definition.item_map, "reason"])


class UploadForm(forms.Form):
    definition = forms.FileField(
        label="Definition file",
        help_text="Waymark's format (YAML or JSON), or a FHIR R4 Questionnaire (JSON).",
    )
    companion = forms.FileField(
        label="Companion file (FHIR only)",
        required=False,
        help_text="For a FHIR Questionnaire: the YAML file that says how to score it.",
    )

    def file_name(self, field: str) -> str:
        upload = self.files.get(field)
        return str(getattr(upload, "name", "") or "the file")[:80]

    def clean_definition(self) -> str:
        return self._text("definition")

    def clean_companion(self) -> str:
        return self._text("companion")

    def _text(self, field: str) -> str:
        upload = self.cleaned_data.get(field)
        if upload is None:
            return ""
        if upload.size > MAX_FILE_CHARS * 4:
            raise ValidationError("This file is too large to be a questionnaire definition.")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValidationError("This file is not text (UTF-8); save it as YAML or JSON and try again.") from None
