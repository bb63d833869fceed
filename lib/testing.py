"""The cast every test uses, so tests read like sentences.

Dr Tan treats Alex; Sam supports Alex; Dr Lee treats Bo; Ada administers the practice;
Olive is an outsider from another practice.
"""

import time
from functools import cache

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.hashers import make_password
from django.test import TestCase

from accounts.models import Role, User
from caseload.models import Assignment, Client
from connect.models import Scope, SupporterGrant
from practice.models import Practice
from privacy.models import Consent, current_consent_version

PASSWORD = "correct horse battery staple"


@cache
def password_hash() -> str:
    """Argon2 is slow on purpose; hash the cast's password once per process and reuse it."""
    return make_password(PASSWORD)


def make_user(practice: Practice | None, email: str, role: Role, name: str) -> User:
    user = User(email=email, role=role, practice=practice, display_name=name, password=password_hash())
    user.save()
    return user


def make_client(practice: Practice, email: str, name: str, therapist: User | None) -> Client:
    user = make_user(practice, email, Role.CLIENT, name)
    client = Client.objects.create(user=user, practice=practice)
    if therapist is not None:
        Assignment.objects.create(client=client, therapist=therapist)
    Consent.objects.create(user=user, version=current_consent_version())
    return client


def activate_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def fresh_totp_window() -> int:
    """The current 30 s TOTP counter, waiting out a window's last 3 seconds so a code cannot go stale in flight."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    return int(time.time()) // 30


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, fresh_totp_window()))


class WaymarkTestCase(TestCase):
    practice: Practice
    admin: User
    therapist: User
    other_therapist: User
    client_record: Client
    alex: User
    bo_record: Client
    supporter: User
    outsider: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        cls.practice.add_default_crisis_lines()
        cls.admin = make_user(cls.practice, "ada@example.com", Role.ADMIN, "Ada")
        cls.therapist = make_user(cls.practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        cls.other_therapist = make_user(cls.practice, "lee@example.com", Role.THERAPIST, "Dr Lee")
        for staff in (cls.admin, cls.therapist, cls.other_therapist):
            activate_totp(staff)
        cls.client_record = make_client(cls.practice, "alex@example.com", "Alex", cls.therapist)
        cls.alex = cls.client_record.user
        cls.bo_record = make_client(cls.practice, "bo@example.com", "Bo", cls.other_therapist)
        cls.supporter = make_user(cls.practice, "sam@example.com", Role.SUPPORTER, "Sam")
        SupporterGrant.objects.create(
            client=cls.client_record, supporter=cls.supporter, relationship="partner", scopes=[Scope.STREAK]
        )
        elsewhere = Practice.objects.create(name="Elsewhere", time_zone="Europe/London")
        cls.outsider = make_user(elsewhere, "olive@example.com", Role.THERAPIST, "Olive")
        activate_totp(cls.outsider)

    def login(self, user: User) -> None:
        self.client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")


__all__ = ["PASSWORD", "Authenticator", "WaymarkTestCase", "activate_totp", "make_client", "make_user", "totp_code"]
