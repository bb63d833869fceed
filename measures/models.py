"""Questionnaires given to a client: schedules and administrations (answers + scored result).

The instruments themselves are data files (measures/instruments, registry.py); rows here name
them by id and record the definition version each result was scored with.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField


class Schedule(models.Model):
    """Give an instrument once, or every N days from a start date, until ended."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="measure_schedules")
    instrument_id = models.CharField(max_length=64)
    every_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: once.")
    starts_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} every {self.every_days} days" if self.every_days else f"{self.instrument_id} once"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def next_due_after(self, due_on: date) -> date | None:
        return due_on + timedelta(days=self.every_days) if self.every_days else None


class Status(models.TextChoices):
    DUE = "due", "Due"
    IN_PROGRESS = "in_progress", "Started"
    SUBMITTED = "submitted", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Mode(models.TextChoices):
    CLIENT = "client", "Completed by the client"
    PAPER = "paper", "Paper form entered by the therapist"


class AdministrationQuerySet(models.QuerySet["Administration"]):
    def open(self) -> "AdministrationQuerySet":
        return self.filter(status__in=[Status.DUE, Status.IN_PROGRESS])

    def submitted(self) -> "AdministrationQuerySet":
        return self.filter(status=Status.SUBMITTED)

    def current(self) -> "AdministrationQuerySet":
        """Submitted results not replaced by a correction."""
        return self.submitted().filter(corrected_by__isnull=True)


class Administration(models.Model):
    """One giving of one instrument to one client. Answers are immutable once submitted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="administrations")
    instrument_id = models.CharField(max_length=64)
    instrument_version = models.CharField(max_length=32, blank=True)
    schedule = models.ForeignKey(
        Schedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="administrations"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.CLIENT)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Choice answers (item id -> option value) and free-text answers, which are encrypted.
    answers = models.JSONField(default=dict, blank=True)
    free_text = EncryptedTextField(blank=True, max_chars=10_000)
    result = models.JSONField(null=True, blank=True)
    total = models.FloatField(null=True, blank=True)
    # A correction is a new administration that points at the one it replaces.
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    correction_reason = EncryptedTextField(max_chars=200)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["client", "status", "due_on"]),
            models.Index(fields=["client", "instrument_id", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.DUE, Status.IN_PROGRESS)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on < today

    @property
    def result_data(self) -> dict[str, Any]:
        return self.result or {}


class LicensedInstrumentQuerySet(models.QuerySet["LicensedInstrument"]):
    def active(self) -> "LicensedInstrumentQuerySet":
        return self.filter(active=True)


class LicensedInstrument(models.Model):
    """A definition file a practice uploaded for an instrument it holds a licence for.

    The file is kept as uploaded: its wording is the licence holder's, not clinical data. A new
    version replaces the old (which stays, inactive, so results scored with it can still be read).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE, related_name="licensed_instruments")
    instrument_id = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    definition = models.TextField(help_text="The uploaded file: Waymark YAML/JSON, or a FHIR Questionnaire (JSON).")
    companion = models.TextField(blank=True, help_text="For a FHIR Questionnaire: the companion YAML.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    objects = LicensedInstrumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "instrument_id", "version"], name="one_file_per_version"),
            models.UniqueConstraint(
                fields=["practice", "instrument_id"], condition=models.Q(active=True), name="one_active_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.version}"

    @property
    def is_fhir(self) -> bool:
        return bool(self.companion)
