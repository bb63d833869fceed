"""Motivation for the demo practice, written through the same actions as the web.

Alex (stage 1) has two decisional balances a few weeks apart that show his thinking moving,
values chosen, and a second set of rulers; Jordan has a balance from his first weeks and his
values; Sam has his values.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from caseload.models import Client
from demo import people
from demo.measures_demo import _answer
from measures.actions import do_self_start
from measures.models import Administration
from motivation.actions import ValueChoice, do_save_balance, do_save_values
from motivation.models import BalanceVersion, ValuesVersion
from motivation.queries import RULERS
from privacy.access_log import zone_of

ALEX, JORDAN, SAM = (spec.email for spec in people.CLIENTS[:3])

# (days ago, the four boxes).
BALANCES: dict[str, list[tuple[int, dict[str, list[str]]]]] = {
    ALEX: [
        (
            18,
            {
                "stay_benefits": [
                    "It helps me switch off after work",
                    "It's always there when I can't sleep",
                    "I don't have to talk to anyone about it",
                ],
                "stay_costs": ["I'm tired most mornings", "I feel on edge when Mia picks up my phone"],
                "change_benefits": ["More sleep"],
                "change_costs": [
                    "I don't know how else I'd cope with stress",
                    "Admitting it's a problem",
                    "Evenings would feel empty",
                ],
            },
        ),
        (
            4,
            {
                "stay_benefits": ["It helps me switch off after work", "It's always there when I can't sleep"],
                "stay_costs": [
                    "I'm tired most mornings",
                    "I feel on edge when Mia picks up my phone",
                    "The hiding is wearing me down",
                    "I'm not the partner I want to be",
                ],
                "change_benefits": ["More sleep", "Being honest with Mia", "Getting my evenings back for running"],
                "change_costs": ["I don't know how else I'd cope with stress", "Evenings would feel empty"],
            },
        ),
    ],
    JORDAN: [
        (
            34,
            {
                "stay_benefits": ["Escape from a stressful job"],
                "stay_costs": ["Hours lost every night", "Lying to my partner", "Money on subscriptions"],
                "change_benefits": ["Trust at home", "Time for climbing again"],
                "change_costs": ["Facing the stress head on"],
            },
        )
    ],
}

# (days ago, the values chosen).
VALUES: dict[str, tuple[int, list[ValueChoice]]] = {
    ALEX: (
        9,
        [
            ValueChoice(
                "Partner and intimacy",
                top=True,
                why="Mia and I used to be close. I want that back.",
                fit="It pulls me away from her: I'm in another room, in my head, hiding.",
            ),
            ValueChoice(
                "Honesty",
                top=True,
                why="I hate being someone who has something to hide.",
                fit="It clashes: every time, there is something new to keep secret.",
            ),
            ValueChoice(
                "Health",
                top=True,
                why="Running used to keep me steady.",
                fit="Late nights leave me too tired to run.",
            ),
            ValueChoice("Family"),
            ValueChoice("Work and craft"),
        ],
    ),
    JORDAN: (
        30,
        [
            ValueChoice(
                "Family", top=True, why="My kids are growing up fast.", fit="It takes the evenings I could give them."
            ),
            ValueChoice("Adventure", top=True, why="Climbing makes me feel alive.", fit="It is the opposite of that."),
            ValueChoice("Honesty"),
        ],
    ),
    SAM: (
        50,
        [
            ValueChoice("Faith or spirituality", top=True, why="My faith matters deeply to me."),
            ValueChoice("Self-respect", top=True, why="I want to like who I see in the mirror."),
            ValueChoice("Community"),
        ],
    ),
}

# Alex's rulers a few days ago, after his first ones at intake (from the measures demo).
ALEX_RULERS = {
    "importance": 9,
    "importance_why": "Mia noticed something was wrong. I don't want to lose her.",
    "confidence": 5,
    "confidence_why": "A few evenings this week I went for a run instead.",
    "confidence_next": "A plan for the nights I can't sleep.",
    "readiness": 7,
    "readiness_why": "I've started telling my therapist the truth.",
}


def add_demo_motivation() -> None:
    """Idempotent: safe to run on every `make run`."""
    now = timezone.now()
    for spec in people.CLIENTS:
        client = Client.objects.select_related("user", "practice").filter(user__email=spec.email).first()
        if client is None:
            continue
        with transaction.atomic():
            if spec.email in BALANCES and not BalanceVersion.objects.filter(client=client).exists():
                for days_ago, boxes in BALANCES[spec.email]:
                    do_save_balance(client.user, client, boxes, at=now - timedelta(days=days_ago, hours=2))
            if spec.email in VALUES and not ValuesVersion.objects.filter(client=client).exists():
                days_ago, chosen = VALUES[spec.email]
                do_save_values(client.user, client, chosen, at=now - timedelta(days=days_ago, hours=3))
            if spec.email == ALEX:
                _second_rulers(client, now - timedelta(days=3))


def _second_rulers(client: Client, when: datetime) -> None:
    """Alex takes the rulers again of his own accord (only once, however often the demo loads)."""
    taken = Administration.objects.current().filter(client=client, instrument_id=RULERS).count()
    if taken != 1:
        return
    administration = do_self_start(client.user, client, RULERS)
    _answer(client, administration, ALEX_RULERS, when.astimezone(zone_of(client)).date(), zone_of(client))
