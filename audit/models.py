"""An append-only access log; each row's hash covers the previous one (a hash chain).

Rows name people by their public UUIDs only and never hold content. When an account is erased
its UUID stays here as a pseudonym: nothing left links it to a person.
"""

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any, NoReturn

from django.db import models
from django.utils import timezone

GENESIS = "0" * 64


class Action(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOGOUT = "logout", "Signed out"
    DENIED = "denied", "Access refused"
    READ = "read", "Viewed"
    WRITE = "write", "Changed"
    EXPORT = "export", "Exported"


class AppendOnly(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """``AuditEvent.objects`` cannot change or remove rows in bulk either (database triggers back this up)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events are never changed")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit events are never deleted")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    what = models.CharField(max_length=60)
    actor_ref = models.UUIDField(null=True, blank=True, db_index=True)
    actor_role = models.CharField(max_length=10, blank=True)
    client_ref = models.UUIDField(null=True, blank=True, db_index=True)
    target_ref = models.CharField(max_length=40, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["client_ref", "at"]),
            # One kind of event in a client's history, newest first (the record's timeline reads
            # its pages this way): a seek to the newest, never a scan of every read of the client.
            models.Index(fields=["client_ref", "what", "at", "hash"], name="audit_client_what_at_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.what}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnly("audit events are never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events are never deleted")

    def compute_hash(self) -> str:
        return chain_hash(
            self.prev_hash,
            self.at,
            self.action,
            self.what,
            self.actor_ref,
            self.actor_role,
            self.client_ref,
            self.target_ref,
        )


class AuditHead(models.Model):
    """One row holding the newest hash; locking it orders concurrent writers."""

    last_hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return self.last_hash


def chain_hash(
    prev_hash: str,
    at: datetime,
    action: str,
    what: str,
    actor_ref: uuid.UUID | None,
    actor_role: str,
    client_ref: uuid.UUID | None,
    target_ref: str,
) -> str:
    fields = [
        prev_hash,
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        action,
        what,
        str(actor_ref or ""),
        actor_role,
        str(client_ref or ""),
        target_ref,
    ]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
