"""The history of a client's stage: one row per move, made only by stages.actions.do_move_stage."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from caseload.models import Stage
from lib.fields import EncryptedTextField

NOTE_CHARS = 2_000
REASON_CHARS = 2_000


class StageChangeQuerySet(models.QuerySet["StageChange"]):
    def of(self, client_id: int) -> "StageChangeQuerySet":
        """One client's moves, newest first, with who made them (one query)."""
        return self.filter(client_id=client_id).select_related("moved_by").order_by("-moved_at", "-pk")


class StageChange(models.Model):
    """The therapist moved the client from one stage to another, with a note and (when needed) a reason.

    ``criteria`` is a snapshot of the checklist at the time of the move: a list of
    ``{"id", "label", "met", "confirmed"}`` for every exit criterion of the stages left behind
    (empty when moving back), so the history shows what was known then, not what is true now.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    to_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved_at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(max_chars=NOTE_CHARS)
    reason = EncryptedTextField(max_chars=REASON_CHARS)
    criteria = models.JSONField(default=list, blank=True)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["client", "moved_at"])]

    def __str__(self) -> str:
        return f"Stage {self.from_stage} to {self.to_stage}"

    @property
    def is_forward(self) -> bool:
        return self.to_stage > self.from_stage

    @property
    def to_stage_name(self) -> str:
        return Stage(self.to_stage).label

    @property
    def from_stage_name(self) -> str:
        return Stage(self.from_stage).label

    @property
    def unmet(self) -> list[str]:
        """Labels of the criteria neither met on the record nor confirmed by the therapist at the move."""
        return [c["label"] for c in self.criteria if not c.get("met") and not c.get("confirmed")]

    @property
    def confirmed(self) -> list[str]:
        return [c["label"] for c in self.criteria if not c.get("met") and c.get("confirmed")]
