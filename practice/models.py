"""The practice (the tenant) and the crisis lines its clients see."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

DEFAULT_CRISIS_LINES = [
    ("Emergency services", "995", "Police, ambulance and fire — for immediate danger."),
    ("Samaritans of Singapore", "1767", "24-hour support for anyone in crisis or thinking about suicide."),
    ("National mindline", "1771", "24-hour mental health support line."),
]


#: The longest a former therapist may keep read-only access to a discharged client's record.
MAX_RETENTION_DAYS = 365


class NoteFormat(models.TextChoices):
    """The structured template of session notes; a note keeps the format it was written in."""

    DAP = "dap", "DAP: Data, Assessment, Plan"
    SOAP = "soap", "SOAP: Subjective, Objective, Assessment, Plan"


class Practice(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, help_text="The practice's own name, seen by staff.")
    client_facing_name = models.CharField(
        max_length=60,
        default="Waymark",
        help_text="The neutral name clients see in page titles and emails.",
    )
    time_zone = models.CharField(max_length=64, default="Asia/Singapore")
    clinical_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_format = models.CharField(
        max_length=4,
        choices=NoteFormat.choices,
        default=NoteFormat.DAP,
        help_text="The template new session notes follow. Notes already written keep their own.",
    )
    notes_in_client_export = models.BooleanField(
        default=False,
        verbose_name="Session notes are included in a client's data export",
        help_text="Off: notes stay private to the treating therapist. On: signed notes and their addenda "
        "are part of the export a client downloads.",
    )
    retention_days_after_discharge = models.PositiveSmallIntegerField(
        default=30,
        validators=[MaxValueValidator(MAX_RETENTION_DAYS)],
        verbose_name="Days a therapist keeps read-only access after discharge",
        help_text=f"0 ends access at once; at most {MAX_RETENTION_DAYS}. Applies to clients discharged from now on.",
    )

    def __str__(self) -> str:
        return self.name

    def add_default_crisis_lines(self) -> None:
        for order, (name, number, description) in enumerate(DEFAULT_CRISIS_LINES):
            CrisisLine.objects.create(practice=self, order=order, name=name, number=number, description=description)


class CrisisLine(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="crisis_lines")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=80)
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"

    @property
    def tel_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")
