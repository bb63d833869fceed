"""Months of plausible access history for the demo: sign-ins and therapists opening records."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Client


def add_access_history(seed: int = 7) -> None:
    """Each demo client: weekly sessions where their therapist opened the record, and their own sign-ins."""
    rng = random.Random(seed)
    now = timezone.now()
    events: list[tuple[datetime, Action, str, User, Client | None]] = []
    for client in Client.objects.select_related("user").prefetch_related("assignments__therapist"):
        for assignment in client.assignments.all():
            start = assignment.started_at
            end = assignment.ended_at or now
            day = start + timedelta(days=rng.randint(1, 5))
            while day < end:
                session = day.replace(hour=rng.choice([9, 11, 14, 16]), minute=rng.choice([0, 15, 30]))
                events.append((session, Action.READ, "client.record", assignment.therapist, client))
                events.append(
                    (session - timedelta(hours=rng.randint(20, 60)), Action.LOGIN, "session", client.user, None)
                )
                day += timedelta(days=7 + rng.randint(-1, 2))
    for at, action, what, actor, whose in sorted(events, key=lambda event: event[0]):
        if at < now:
            record(action, what, actor=actor, client=whose, at=at)
