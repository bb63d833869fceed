"""Helpers the tracking tests share: an agreed plan for Alex, check-in answers, the raw stored text."""

import uuid
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from caseload.models import Client
from plan.models import PlanVersion, RecoveryPlan
from tracking.actions import CheckInAnswers


def answers(**changes: Any) -> CheckInAnswers:
    values: dict[str, Any] = {"mood": 4, "urge": 2, "sober": True} | changes
    return CheckInAnswers(**values)


def agree_plan(client: Client, starts_on: date, days: int = 90) -> PlanVersion:
    """A plan both client and therapist signed, its abstinence period starting on ``starts_on``."""
    now = timezone.now()
    plan = RecoveryPlan.objects.create(client=client)
    return PlanVersion.objects.create(
        plan=plan,
        number=1,
        abstinence_starts_on=starts_on,
        abstinence_days=days,
        client_signed_at=now,
        therapist_signed_at=now,
    )


def stored(table: str, column: str, public_id: uuid.UUID) -> str:
    """The value as it sits in the database file, past every Django converter."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE public_id = %s", [public_id.hex])
        return str(cursor.fetchone()[0])
