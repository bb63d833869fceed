"""The two worksheets as forms. Every rule is checked again by the actions; these give each box or value its error."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import validators

from motivation.actions import MAX_ITEMS, MAX_TOP, ValueChoice, boxes_of
from motivation.models import (
    BOX_GUIDE,
    ITEM_CHARS,
    VALUE_LINE_CHARS,
    VALUE_NAME_CHARS,
    VALUE_NAMES,
    VALUES,
    BalanceVersion,
    Box,
    ChosenValue,
)

SPARE_ROWS = 2  # blank rows under each box, so adding works without JavaScript
OWN_SLOTS, MAX_OWN_SLOTS = 3, 10


class ItemsWidget(forms.Widget):
    """A box's items arrive as repeated inputs of the same name; the template draws them."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(value) for value in data.getlist(name)] if hasattr(data, "getlist") else []


class ItemsField(forms.Field):
    widget = ItemsWidget

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        items = value if isinstance(value, list) else []
        return list(dict.fromkeys(text for text in (str(item).strip() for item in items) if text))

    def validate(self, value: list[str]) -> None:
        if len(value) > MAX_ITEMS:
            raise forms.ValidationError(f"A box can hold up to {MAX_ITEMS} items; this one has {len(value)}.")
        for text in value:
            if len(text) > ITEM_CHARS:
                raise forms.ValidationError(
                    f"Please keep each item to {ITEM_CHARS} characters or fewer (one has {len(text)})."
                )


class BalanceForm(forms.Form):
    stay_benefits = ItemsField(label=Box.STAY_BENEFITS.label)
    stay_costs = ItemsField(label=Box.STAY_COSTS.label)
    change_benefits = ItemsField(label=Box.CHANGE_BENEFITS.label)
    change_costs = ItemsField(label=Box.CHANGE_COSTS.label)

    @staticmethod
    def initial_for(version: BalanceVersion | None) -> dict[str, list[str]]:
        return boxes_of(version) if version is not None else {}

    def boxes(self) -> dict[str, list[str]]:
        return {box: self.cleaned_data[box] for box in Box.values}

    def rows(self) -> list[dict[str, Any]]:
        """Each box with its items as typed (or saved), for the template to draw with spare rows."""
        rows = []
        for box in Box.values:
            if self.is_bound:
                typed = ItemsWidget().value_from_datadict(self.data, self.files, box)
                items = [text for text in typed if text.strip()]
            else:
                items = list(self.initial.get(box, []))
            question, example = BOX_GUIDE[box]
            slots = [*items, *[""] * SPARE_ROWS]
            rows.append(
                {
                    "name": box,
                    "title": Box(box).label,
                    "question": question,
                    "example": example,
                    "slots": list(enumerate(slots, start=1)),
                    "errors": self.errors.get(box),
                }
            )
        return rows


@dataclass(frozen=True)
class ValueRow:
    """One value on the form: its checkbox (or name box, for the client's own), and its two lines."""

    prefix: str
    label: str  # "" for a row of the client's own
    hint: str
    form: "ValuesForm"
    own_number: int = 0  # 1, 2, … for the rows of the client's own: each needs a name of its own for screen readers

    @property
    def own(self) -> bool:
        return not self.label

    @property
    def group_label(self) -> str:
        """What the row's lines are about: the value's name, or which of their own rows this is."""
        return self.label or f"Your own value ({self.own_number})"

    @property
    def chosen(self) -> forms.BoundField:
        return self.form[f"{self.prefix}-chosen" if self.label else f"{self.prefix}-name"]

    @property
    def top(self) -> forms.BoundField:
        return self.form[f"{self.prefix}-top"]

    @property
    def why(self) -> forms.BoundField:
        return self.form[f"{self.prefix}-why"]

    @property
    def fit(self) -> forms.BoundField:
        return self.form[f"{self.prefix}-fit"]


def _at_most(limit: int) -> validators.MaxLengthValidator:
    """The limit, said kindly and checked here rather than by ``maxlength``: a browser cuts a long paste
    short without saying so, while this keeps every word in the box with a note on what to change."""
    return validators.MaxLengthValidator(
        limit,
        f"Please keep this to {limit} characters or fewer (it has %(show_value)d). Your words are still here.",
    )


class _TextField(forms.CharField):
    """Text whose line breaks count once, as the page's counter counts them (a browser sends each as \r\n)."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n").replace("\r", "\n")


def _line_field(label: str) -> forms.CharField:
    return _TextField(
        label=label,
        required=False,
        validators=[_at_most(VALUE_LINE_CHARS)],
        widget=forms.Textarea(attrs={"rows": 2, "autocapitalize": "sentences"}),
    )


class ValuesForm(forms.Form):
    """Every listed value and a few rows for the client's own; up to five marked as mattering most."""

    def __init__(self, *args: Any, own_slots: int = OWN_SLOTS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # as many rows of their own as were posted, within reason
            posted = sum(1 for n in range(1, MAX_OWN_SLOTS + 1) if f"own{n}-name" in self.data)
            own_slots = max(posted, 1)
        self.own_slots = min(own_slots, MAX_OWN_SLOTS)
        for key, name, _ in VALUES:
            self.fields[f"{key}-chosen"] = forms.BooleanField(label=name, required=False)
            self._more_fields(key)
        for n in range(1, self.own_slots + 1):
            self.fields[f"own{n}-name"] = forms.CharField(
                label="Something else that matters to me",
                required=False,
                validators=[_at_most(VALUE_NAME_CHARS)],
                widget=forms.TextInput(attrs={"placeholder": "In your own words"}),
            )
            self._more_fields(f"own{n}")

    def _more_fields(self, prefix: str) -> None:
        self.fields[f"{prefix}-top"] = forms.BooleanField(label="One of the most important to me", required=False)
        self.fields[f"{prefix}-why"] = _line_field("Why it matters to me")
        self.fields[f"{prefix}-fit"] = _line_field(
            "How does the behaviour you want to change sit with it: does it fit, or clash?"
        )

    @staticmethod
    def initial_for(chosen: list[ChosenValue]) -> tuple[dict[str, Any], int]:
        """The newest snapshot as the form's starting point, and how many rows of their own it needs."""
        keys = {name: key for key, name in VALUE_NAMES.items()}
        initial: dict[str, Any] = {}
        own = 0
        for value in chosen:
            if value.name in keys:
                prefix = keys[value.name]
                initial[f"{prefix}-chosen"] = True
            else:
                own += 1
                prefix = f"own{own}"
                initial[f"{prefix}-name"] = value.name
            initial |= {f"{prefix}-top": value.top, f"{prefix}-why": value.why, f"{prefix}-fit": value.fit}
        return initial, min(max(OWN_SLOTS, own + 1), MAX_OWN_SLOTS)

    def rows(self) -> list[ValueRow]:
        listed = [ValueRow(key, name, hint, self) for key, name, hint in VALUES]
        return listed + [ValueRow(f"own{n}", "", "", self, own_number=n) for n in range(1, self.own_slots + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if sum(bool(data.get(f"{row.prefix}-top")) for row in self.rows() if self._is_chosen(row, data)) > MAX_TOP:
            raise forms.ValidationError(f"Mark up to {MAX_TOP} values as the most important to you.")
        return data

    def _is_chosen(self, row: ValueRow, data: Mapping[str, Any]) -> bool:
        # What is written under a value that was unticked again is hidden on the page, and left out.
        return bool(data.get(f"{row.prefix}-name" if row.own else f"{row.prefix}-chosen"))

    def choices(self) -> list[ValueChoice]:
        data = self.cleaned_data
        return [
            ValueChoice(
                name=data[f"{row.prefix}-name"] if row.own else row.label,
                top=bool(data.get(f"{row.prefix}-top")),
                why=data.get(f"{row.prefix}-why", ""),
                fit=data.get(f"{row.prefix}-fit", ""),
            )
            for row in self.rows()
            if self._is_chosen(row, data)
        ]
