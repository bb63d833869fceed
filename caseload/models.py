"""Clients and the assignments that give a therapist access to them."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

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
            return self.filter(
                practice_id=user.practice_id, assignments__therapist=user, assignments__ended_at__isnull=True
            )
        return self.none()

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
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientQuerySet.as_manager()

    def __str__(self) -> str:
        return self.user.name

    @property
    def name(self) -> str:
        return self.user.name

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
