"""Clients and the assignments that give a therapist access to them."""

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lib.fields import EncryptedTextField

if TYPE_CHECKING:
    from accounts.models import User


class Stage(models.IntegerChoices):
    EDUCATION = 1, "Education and assessment"
    ABSTINENCE = 2, "Abstinence"
    CONNECTING = 3, "Connecting with others"
    LASTING = 4, "Lasting recovery"


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: "User") -> "ClientQuerySet":
        """Clients whose clinical record this user may read: themselves, or their own therapist's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_client:
            return self.filter(user=user)
        if user.is_therapist:
            # A discharged client stays readable (read-only) until access_ends_at, then drops out.
            return self.filter(
                practice_id=user.practice_id, assignments__therapist=user, assignments__ended_at__isnull=True
            ).filter(Q(discharged_at__isnull=True) | Q(access_ends_at__gt=timezone.now()))
        return self.none()

    def in_care(self) -> "ClientQuerySet":
        """Not discharged: the caseload."""
        return self.filter(discharged_at__isnull=True)

    def discharged(self) -> "ClientQuerySet":
        return self.filter(discharged_at__isnull=False)

    def managed_by(self, admin: "User") -> "ClientQuerySet":
        """Clients a practice admin manages as people (names and status, never clinical data)."""
        if not (admin.is_authenticated and admin.is_active and admin.is_practice_admin):
            return self.none()
        return self.filter(practice_id=admin.practice_id)


class Client(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client")
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT, related_name="clients")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.EDUCATION)
    # When the client entered their current stage (moved by stages.actions.do_move_stage).
    stage_since = models.DateTimeField(default=timezone.now)
    # Set by caseload.actions.do_discharge: the record becomes read-only for the therapist, who can
    # still read it until access_ends_at (the practice's retention setting at the time of discharge).
    discharged_at = models.DateTimeField(null=True, blank=True)
    access_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientQuerySet.as_manager()

    def __str__(self) -> str:
        return self.user.name

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def is_discharged(self) -> bool:
        return self.discharged_at is not None

    def can_reopen(self, now: datetime) -> bool:
        """A discharge can be undone while the therapist can still read the record."""
        return self.access_ends_at is not None and now < self.access_ends_at

    @staticmethod
    def access_end_for(discharged_at: datetime, retention_days: int) -> datetime:
        return discharged_at + timedelta(days=retention_days)

    def current_assignment(self) -> "Assignment | None":
        return self.assignments.filter(ended_at__isnull=True).select_related("therapist").first()


class Assignment(models.Model):
    """A therapist treats a client from started_at until ended_at."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(ended_at__isnull=True), name="one_active_assignment_per_client"
            )
        ]
        indexes = [models.Index(fields=["therapist", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.therapist} treats {self.client}"


#: The longest handover or discharge note (each is encrypted at rest).
HANDOVER_NOTE_CHARS = 4000
DISCHARGE_NOTE_CHARS = 2000


class Discharge(models.Model):
    """A client's programme with the practice ended; reopened_at is set if the therapist undid it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="discharges")
    discharged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discharged_at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(max_chars=DISCHARGE_NOTE_CHARS)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-discharged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.client} discharged {self.discharged_at:%Y-%m-%d}"


class Handover(models.Model):
    """What one therapist tells the next when a client moves to them; seen until the new one acknowledges it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="handovers")
    # Who handed over: the previous therapist, or the practice admin reassigning the client.
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(max_chars=HANDOVER_NOTE_CHARS)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "to_therapist", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.client} handed to {self.to_therapist}"
