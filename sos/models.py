"""The client's own reasons to stay sober, shown on the SOS page when an urge hits."""

import uuid

from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField

REASON_CHARS = 300
MAX_REASONS = 30


class Reason(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="sos_reasons")
    text = EncryptedTextField(max_chars=REASON_CHARS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return "Reason to stay sober"
