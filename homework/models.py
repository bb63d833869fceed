"""Tasks a therapist assigns between sessions, and what the client did with them."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from lib.fields import EncryptedTextField

TITLE_CHARS = 200
INSTRUCTIONS_CHARS = 2_000
NOTE_CHARS = 2_000


class Kind(models.TextChoices):
    READING = "reading", "Reading"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    WORKSHEET = "worksheet", "Worksheet"
    PLAN_REVIEW = "plan_review", "Plan review"
    CUSTOM = "custom", "Task"


class Closed(models.TextChoices):
    """Why a task came off the list without being done."""

    BY_THERAPIST = "", "Taken off the list"
    AT_DISCHARGE = "discharged", "Closed when the programme ended"


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> "TaskQuerySet":
        return self.filter(completed_at__isnull=True, cancelled_at__isnull=True)

    def open_counts(self, client_ids: Iterable[int]) -> dict[int, int]:
        """Open tasks per client, in one query (for the caseload)."""
        rows = self.open().filter(client_id__in=list(client_ids)).values("client_id").annotate(n=Count("id"))
        return {row["client_id"]: row["n"] for row in rows}

    def overdue_on(self, day: date) -> "TaskQuerySet":
        return self.open().filter(due_on__lt=day)

    def closed(self) -> "TaskQuerySet":
        """Done or taken off the list, the latest first."""
        closed = self.exclude(completed_at__isnull=True, cancelled_at__isnull=True)
        return closed.order_by(Coalesce("completed_at", "cancelled_at").desc(), "-pk")

    def completed(self) -> "TaskQuerySet":
        return self.filter(completed_at__isnull=False).order_by("-completed_at", "-pk")

    def soonest_first(self) -> "TaskQuerySet":
        """Soonest due first; tasks without a date after those with one, oldest first."""
        return self.order_by(F("due_on").asc(nulls_last=True), "assigned_at", "pk")


class Task(models.Model):
    """One piece of homework. ``ref`` names what it points at: a module slug, an instrument id, a
    worksheet id (e.g. "decisional-balance") or a plan ("recovery-plan"); empty for a custom task."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ref = models.CharField(max_length=80, blank=True)
    title = EncryptedTextField(max_chars=TITLE_CHARS)
    instructions = EncryptedTextField(blank=True, max_chars=INSTRUCTIONS_CHARS)
    due_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = EncryptedTextField(blank=True, max_chars=NOTE_CHARS)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_because = models.CharField(max_length=12, choices=Closed.choices, blank=True, default=Closed.BY_THERAPIST)
    # The work was already done when the task was set: the client looks at it again and marks it done.
    look_again = models.BooleanField(default=False)
    # The questionnaire schedule the task made, withdrawn with the task if not started by then.
    schedule = models.ForeignKey(
        "measures.Schedule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["client", "completed_at", "cancelled_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(cancelled_at__isnull=True), name="task_done_or_cancelled"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.client_id}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None

    @property
    def closed_at_discharge(self) -> bool:
        return self.cancelled_at is not None and self.cancelled_because == Closed.AT_DISCHARGE

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today
