"""People: one user model for every role, and the invitations that create accounts."""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Practice admin"
    THERAPIST = "therapist", "Therapist"
    CLIENT = "client", "Client"
    SUPPORTER = "supporter", "Supporter"


# Roles that see clients' data or manage people must use MFA.
MFA_REQUIRED_ROLES = {Role.ADMIN, Role.THERAPIST}


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save()
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True, max_length=254)
    display_name = models.CharField(max_length=80, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    practice = models.ForeignKey("practice.Practice", null=True, blank=True, on_delete=models.PROTECT)
    time_zone = models.CharField(max_length=64, blank=True)
    is_active = models.BooleanField(default=True)  # type: ignore[assignment,misc]
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Every session that began before this moment is over (signing out everywhere, deactivation).
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        indexes = [models.Index(fields=["practice", "role"])]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def is_practice_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_supporter(self) -> bool:
        return self.role == Role.SUPPORTER

    @property
    def must_use_mfa(self) -> bool:
        return self.role in MFA_REQUIRED_ROLES

    @property
    def site_name(self) -> str:
        """The neutral name this person sees in titles and emails."""
        return self.practice.client_facing_name if self.practice else "Waymark"

    @property
    def practice_pk(self) -> int:
        """The practice of a staff member, client or supporter; only a superuser may have none."""
        if self.practice_id is None:
            raise PermissionError("This account belongs to no practice.")
        return self.practice_id

    def local_zone_name(self) -> str:
        return self.time_zone or (self.practice.time_zone if self.practice else settings.TIME_ZONE)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self, now: datetime) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A single-use, expiring invitation bound to one email address; only its hash is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    email = models.EmailField(max_length=254)
    display_name = models.CharField(max_length=80, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # For a client: the therapist they are assigned to on acceptance.
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation for {self.get_role_display()}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def expiry_from(now: datetime) -> datetime:
        return now + timedelta(days=settings.WAYMARK_INVITATION_DAYS)

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now

    def status(self, now: datetime) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "withdrawn"
        return "open" if self.expires_at > now else "expired"
