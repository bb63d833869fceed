from typing import Any, cast

from django import forms

from caseload.models import Client, Stage
from stages.actions import NOTE_NEEDED
from stages.criteria import STAGE_OF, Check
from stages.models import NOTE_CHARS, REASON_CHARS


class StageSelect(forms.Select):
    """The four stages, the one the client is in shown but not choosable."""

    def __init__(self, current: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current = current

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) == str(self.current):
            option["attrs"]["disabled"] = True
            option["label"] = f"{option['label']} (now)"
        return option


class MoveForm(forms.Form):
    """Checked again by do_move_stage, which also knows whether a reason is needed."""

    seen_stage = forms.TypedChoiceField(coerce=int, choices=Stage.choices, widget=forms.HiddenInput)
    to_stage = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        choices=[(value, f"Stage {value}: {label}") for value, label in Stage.choices],
        error_messages={"invalid_choice": "Choose a stage from 1 to 4.", "required": "Choose a stage."},
    )
    confirmed = forms.MultipleChoiceField(
        label="Confirmed in session",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Only what is listed here can be confirmed by hand: have another look at the list."
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,  # needed, but the action says so together with a missing reason: every missing word at once
        max_length=NOTE_CHARS,
        help_text="For the record: a few words about this move. The client does not see it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": NOTE_NEEDED},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_CHARS,
        help_text="Needed when moving back a stage, or on with a criterion not met yet: why this move is right now.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, client: Client, checks: list[Check], **kwargs: Any) -> None:
        """``checks``: the current stage's checklist, and any later stage's criteria a move may confirm by hand."""
        following = client.stage + 1 if client.stage < Stage.LASTING else client.stage - 1
        kwargs.setdefault("initial", {"seen_stage": client.stage, "to_stage": following})
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        to_stage = cast(forms.TypedChoiceField, self.fields["to_stage"])
        to_stage.widget = StageSelect(client.stage, choices=to_stage.choices)
        # Only what the record cannot show, and does not show yet, is offered to confirm by hand.
        confirmed = cast(forms.MultipleChoiceField, self.fields["confirmed"])
        confirmed.choices = [(c.id, confirm_label(c, client.stage)) for c in checks if c.confirm and not c.met]


def confirm_label(check: Check, stage: int) -> str:
    """A later stage's criterion says when it counts: only on a move on past that stage."""
    of = STAGE_OF[check.id]
    return check.confirm if of == stage else f"Moving on past stage {of}: {check.confirm}"
