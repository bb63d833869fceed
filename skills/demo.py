"""Demo practice logs for the demo clients in stages 2 to 4: a few weeks of short sessions."""

import random
from datetime import timedelta

from caseload.models import Client
from demo import people
from skills.models import Kind, Practice
from tracking.queries import client_today

NOTES = ("Felt calmer afterwards.", "Hard to settle today.", "Noticed my shoulders let go.", "")
STAGES = (2, 3, 4)
DAYS = 28


def add_demo_practices(seed: int = 17) -> None:
    """Idempotent: a client who already has practice logged is left alone."""
    rng = random.Random(seed)
    for spec in people.CLIENTS:
        if spec.stage not in STAGES:
            continue
        client = Client.objects.select_related("user", "practice").filter(user__email=spec.email).first()
        if client is None or Practice.objects.filter(client=client).exists():
            continue
        today = client_today(client)
        for days_ago in range(min(DAYS, spec.weeks_ago * 7), 0, -1):
            if rng.random() < 0.55:
                Practice.objects.create(
                    client=client,
                    done_on=today - timedelta(days=days_ago),
                    minutes=rng.choice((3, 5, 5, 10, 10, 15, 20)),
                    kind=rng.choice(Kind.values),
                    note=rng.choice(NOTES),
                )
