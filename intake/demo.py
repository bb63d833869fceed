"""A sent intake history for each demo client, written through the same actions as the web."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from caseload.models import Client
from demo import people
from intake.actions import do_save_intake_step, do_submit_intake
from intake.models import IntakeHistory

Answers = dict[str, dict[str, Any]]

DEMO_INTAKES: dict[str, Answers] = {
    "alex@demo.waymark.test": {
        "start": {"first_exposure_age": 12, "years_of_use": Decimal("8")},
        "amount": {"frequency": "several_weekly", "hours_per_week": Decimal("6")},
        "kinds": {"kinds": ["pornography"]},
        "where": {"devices": ["phone"], "situations": ["alone_at_night", "stressed"]},
        "health": {"conditions": "Some anxiety, mostly about work.", "medication": ""},
        "tried": {
            "attempts": ["alone", "app"],
            "attempts_note": "Deleted everything a few times and put a blocker on my phone. It lasted about two weeks.",
        },
        "five-cs": {
            "compulsive": 3,
            "control": 3,
            "control_note": "I promise myself it's the last time and then it isn't.",
            "cravings": 2,
            "consequences": 2,
        },
        "distress": {"distress": 6, "impairment": 4, "moral_incongruence": 2},
    },
    "jordan@demo.waymark.test": {
        "start": {"first_exposure_age": 14, "years_of_use": Decimal("15")},
        "amount": {"frequency": "daily", "hours_per_week": Decimal("14")},
        "kinds": {"kinds": ["pornography", "chat_cam", "live_stream"]},
        "where": {"devices": ["phone", "computer"], "situations": ["at_work", "bored", "lonely", "travelling"]},
        "health": {"conditions": "Depression, diagnosed three years ago.", "medication": "Sertraline 100 mg daily"},
        "tried": {
            "attempts": ["alone", "twelve_step"],
            "attempts_note": "Went to a few SAA meetings last year. Stopped going when work got busy.",
        },
        "five-cs": {
            "compulsive": 4,
            "control": 4,
            "cravings": 3,
            "cravings_note": "Worst on Sunday evenings.",
            "consequences": 4,
            "consequences_note": "My partner found my chat history. We are trying to work through it.",
        },
        "distress": {"distress": 9, "impairment": 7, "moral_incongruence": 3},
    },
    "sam@demo.waymark.test": {
        "start": {"first_exposure_withheld": True, "years_of_use": Decimal("20")},
        "amount": {"frequency": "several_daily", "hours_per_week": Decimal("20")},
        "kinds": {"kinds": ["pornography", "partner_online"]},
        "where": {"devices": ["phone", "tablet"], "situations": ["alone_at_night", "after_conflict", "stressed"]},
        "health": {"conditions": "ADHD. Trouble sleeping.", "medication": "Methylphenidate in the mornings"},
        "tried": {"attempts": ["therapy", "app"], "attempts_note": "Saw a counsellor for a few months, years ago."},
        "five-cs": {"compulsive": 4, "control": 3, "cravings": 4, "consequences": 3},
        "distress": {"distress": 7, "impairment": 6, "moral_incongruence": 1},
    },
    "ravi@demo.waymark.test": {
        "start": {"first_exposure_age": 16, "years_of_use": Decimal("5")},
        "amount": {"frequency": "weekly", "hours_per_week": Decimal("2.5")},
        "kinds": {"kinds": ["pornography"]},
        "where": {"devices": ["computer"], "situations": ["alone_at_night", "lonely"]},
        "health": {"conditions": "", "medication": ""},
        "tried": {
            "attempts": ["alone"],
            "attempts_note": "I pray and try to resist. Sometimes I manage a month.",
        },
        "five-cs": {"compulsive": 1, "control": 2, "cravings": 1, "consequences": 1},
        "distress": {
            "distress": 9,
            "impairment": 2,
            "moral_incongruence": 9,
            "moral_note": "My faith teaches that this is wrong. I feel I am letting my family and God down.",
        },
    },
    "lin@demo.waymark.test": {
        "start": {"first_exposure_age": 11, "years_of_use": Decimal("12")},
        "amount": {"frequency": "several_weekly", "hours_per_week": Decimal("8")},
        "kinds": {"kinds": ["avatar", "chat_cam", "other"], "kinds_other": "erotic audio"},
        "where": {
            "devices": ["vr", "computer"],
            "situations": ["bored", "lonely", "other"],
            "situations_other": "after night shifts",
        },
        "health": {"conditions": "Asthma. Low mood in the winter.", "medication": "An inhaler when needed"},
        "tried": {"attempts": ["app", "therapy", "twelve_step"], "attempts_note": "Online SLAA meetings helped most."},
        "five-cs": {"compulsive": 3, "control": 4, "cravings": 3, "consequences": 2},
        "distress": {"distress": 8, "impairment": 6, "moral_incongruence": 4},
    },
}


def add_demo_intakes() -> int:
    """Give each demo client a sent intake, dated a few days after they joined; skip anyone who has one already."""
    added = 0
    for spec in people.CLIENTS:
        client = Client.objects.select_related("user").filter(user__email=spec.email).first()
        if client is None or IntakeHistory.objects.filter(client=client).exists():
            continue
        with transaction.atomic():
            for slug, answers in DEMO_INTAKES[spec.email].items():
                do_save_intake_step(client.user, slug, answers)
            do_submit_intake(client.user)
            sent = client.created_at + timedelta(days=4)
            # A client far along in the programme went back and updated an answer since.
            updated = sent + timedelta(weeks=12) if spec.stage >= 4 else sent - timedelta(minutes=3)
            IntakeHistory.objects.filter(client=client).update(
                started_at=sent - timedelta(minutes=40), updated_at=updated, submitted_at=sent
            )
        added += 1
    return added
