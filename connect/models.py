"""Supporters: people a client invites, who see only the scopes the client grants."""

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from accounts.models import User


class Scope(models.TextChoices):
    STREAK = "streak", "My sober-day count"
    CHECKINS = "checkins", "Whether I checked in (not what I wrote)"
    STAGE = "stage", "Which stage of the programme I am in"
    MEETINGS = "meetings", "Meetings and groups I attend"


class GrantQuerySet(models.QuerySet["SupporterGrant"]):
    def active(self, now: datetime) -> "GrantQuerySet":
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def visible_to(self, user: "User", now: datetime) -> "GrantQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_supporter:
            return self.active(now).filter(supporter=user)
        if user.is_client:
            return self.filter(client__user=user)
        return self.none()


class SupporterGrant(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="grants")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    relationship = models.CharField(max_length=40, blank=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "supporter"],
                condition=Q(revoked_at__isnull=True),
                name="one_open_grant_per_supporter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supporter} supports {self.client}"

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def allows(self, scope: str, now: datetime) -> bool:
        return self.is_active(now) and scope in self.scopes
