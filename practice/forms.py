import zoneinfo

from django import forms

from accounts.models import Role, User
from practice.models import CrisisLine, Practice

ZONES = sorted(zoneinfo.available_timezones())


class PracticeSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=[(z, z) for z in ZONES])

    #: Shown under their own heading on the page: how clinical records are kept.
    RECORD_FIELDS = ("note_format", "notes_in_client_export", "retention_days_after_discharge")

    class Meta:
        model = Practice
        fields = [
            "name",
            "client_facing_name",
            "time_zone",
            "clinical_lead",
            "note_format",
            "notes_in_client_export",
            "retention_days_after_discharge",
        ]
        labels = {
            "client_facing_name": "Name clients see",
            "clinical_lead": "Clinical lead",
            "note_format": "Session note template",
        }
        help_texts = {
            "client_facing_name": "Shown in page titles and emails. Keep it neutral: it may be seen by others.",
            "clinical_lead": "Receives risk alerts a therapist has not acknowledged in time.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["clinical_lead"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            practice=self.instance, role=Role.THERAPIST, is_active=True
        )

    def about_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.RECORD_FIELDS]

    def record_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.RECORD_FIELDS]


CrisisLineFormSet = forms.inlineformset_factory(
    Practice,
    CrisisLine,
    fields=["order", "name", "number", "description"],
    extra=1,
    max_num=12,
    validate_max=True,
    can_delete=True,
)
