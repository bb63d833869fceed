from typing import Any

from django import forms

from accounts.models import Role, User
from caseload.models import DISCHARGE_NOTE_CHARS, HANDOVER_NOTE_CHARS


class TransferForm(forms.Form):
    therapist = forms.ModelChoiceField(queryset=User.objects.none(), label="Hand this client to")
    note = forms.CharField(
        label="Handover note",
        max_length=HANDOVER_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For your colleague: where things stand, risks to know about, what comes next. "
        "They see it on the record until they mark it as read.",
        error_messages={"required": "Please write a handover note for your colleague."},
    )

    def __init__(self, *args: object, practice_id: int, exclude: User, **kwargs: object) -> None:
        # Other cards on the client record have a "note" field too: ids must not collide.
        kwargs.setdefault("auto_id", "id_transfer_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["therapist"]
        field.queryset = (  # type: ignore[attr-defined]
            User.objects.filter(practice_id=practice_id, role=Role.THERAPIST, is_active=True).exclude(pk=exclude.pk)
        )
        # Read the colleagues once, so the card can say when there is nobody to hand to without a second query.
        colleagues = list(field.queryset)  # type: ignore[attr-defined]
        field.widget.choices = [("", field.empty_label)] + [  # type: ignore[attr-defined]
            (field.prepare_value(user), field.label_from_instance(user))  # type: ignore[attr-defined]
            for user in colleagues
        ]
        self.has_colleagues = bool(colleagues)


class DischargeForm(forms.Form):
    note = forms.CharField(
        label="Discharge note (optional)",
        required=False,
        max_length=DISCHARGE_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the programme ends here and anything agreed for afterwards. Only therapists see it.",
    )
    confirm = forms.BooleanField(
        label="I understand the record becomes read-only",
        error_messages={"required": "Tick the box to confirm the discharge."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
