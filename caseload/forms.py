from django import forms

from accounts.models import Role, User


class TransferForm(forms.Form):
    therapist = forms.ModelChoiceField(queryset=User.objects.none(), label="Hand this client to")

    def __init__(self, *args: object, practice_id: int, exclude: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["therapist"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(practice_id=practice_id, role=Role.THERAPIST, is_active=True).exclude(pk=exclude.pk)
        )
