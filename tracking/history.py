"""Plausible tracking history for a client, for the demo and for benchmarks with years of data.

Written in bulk, not through the actions (which take only the last week's check-ins): the
encrypted fields are sealed by their pre_save on bulk_create like on save (a test checks).
Check-ins on about six days in seven; urges mostly in the evening and late at night, more at
weekends, fewer as the months go by; lapses with widening gaps, each with a chain analysis.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from audit.log import record
from audit.models import Action
from caseload.models import Client
from privacy.access_log import zone_of
from tracking.models import CheckIn, CommonTrigger, Device, Lapse, Outcome, Place, Trigger, Urge
from tracking.queries import counting_plan

BATCH = 500

OWN_TRIGGERS = ("Sunday evenings on my own", "After drinks with colleagues", "Hotel rooms on work trips")
NOTES = (
    "Good run this morning.",
    "Long day at work, tired.",
    "Dinner with my sister.",
    "Felt flat most of the day.",
    "Group meeting helped.",
    "Slept badly, restless.",
    "Quiet day. Read in the evening.",
    "Argued with my partner, made up later.",
)
FEELINGS = ("restless", "lonely", "bored and flat", "wound up after work", "anxious", "low", "tired and irritable")
WHAT_I_DID = (
    "Went for a walk round the block.",
    "Called my sponsor.",
    "Had a shower and went to bed.",
    "Put the phone in the kitchen and read.",
    "Made tea and waited ten minutes.",
    "Texted a friend from group.",
    "Did the breathing exercise.",
)
CHAINS = (
    {
        "what_happened": "Watched porn on my phone in bed after midnight.",
        "vulnerability": "Hardly slept the night before; skipped dinner.",
        "prompting_event": "A suggestive video came up while scrolling.",
        "thoughts_feelings_urges": "“Just a few minutes won't matter.” Lonely, urge around 8.",
        "behaviour": "Kept scrolling instead of putting the phone down; searched.",
        "consequences": "Relief, then shame; overslept and was late for work.",
        "do_differently": "Phone charges in the kitchen from 10 pm.",
    },
    {
        "what_happened": "Went on a dating app while away for work.",
        "vulnerability": "Alone in a hotel, two drinks with dinner.",
        "prompting_event": "Saw an advert for the app on the TV.",
        "thoughts_feelings_urges": "“Nobody would know.” Bored, a bit reckless.",
        "behaviour": "Reinstalled the app and chatted for an hour.",
        "consequences": "Felt I had let myself and my partner down.",
        "do_differently": "Book hotels without a bar; call home after dinner.",
    },
    {
        "what_happened": "Acted out after a row at home.",
        "vulnerability": "Stressful week, no exercise, not at group.",
        "prompting_event": "Argument about money.",
        "thoughts_feelings_urges": "Angry and hurt; “I deserve something for me.”",
        "behaviour": "Locked myself in the study with the laptop.",
        "consequences": "Lost the evening; the argument was still there.",
        "do_differently": "Take a walk when a row starts; text my sponsor.",
    },
)
# Hours urges come at, weighted: late evening and night most, a lunchtime bump.
HOURS = [0, 1, 2, 7, 8, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23]
HOUR_WEIGHTS = [6, 3, 1, 1, 1, 2, 3, 2, 2, 2, 3, 5, 8, 10, 9]
TRIGGER_WEIGHTS = {
    CommonTrigger.LONELINESS: 6,
    CommonTrigger.BOREDOM: 6,
    CommonTrigger.STRESS: 7,
    CommonTrigger.TIREDNESS: 5,
    CommonTrigger.LATE_NIGHT: 6,
    CommonTrigger.SCROLLING: 6,
    CommonTrigger.ALONE_AT_HOME: 5,
    CommonTrigger.CONFLICT: 3,
    CommonTrigger.REJECTION: 2,
    CommonTrigger.SOMETHING_SEEN: 3,
    CommonTrigger.ALCOHOL: 2,
    CommonTrigger.TRAVEL: 1,
}


@dataclass(frozen=True)
class Generated:
    check_ins: int
    urges: int
    lapses: int


def _lapse_days(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    """``count`` days between first and last, the gaps between them widening."""
    span = (last - first).days
    if count <= 0 or span < 2:
        return []
    weights = [1.6**n for n in range(count + 1)]
    total = sum(weights)
    days, offset = [], 0.0
    for weight in weights[:-1]:
        offset += span * weight / total
        jitter = rng.uniform(-0.15, 0.15) * span * weight / total
        days.append(first + timedelta(days=int(min(max(offset + jitter, 1), span - 1))))
    return sorted(set(days))


def _at(day: date, hour: int, rng: random.Random, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=zone)


def generate_history(client: Client, days: int, *, lapses: int | None = None, seed: int = 1) -> Generated:
    """``days`` days of history ending yesterday (today is left for the client to check in)."""
    rng = random.Random(f"{seed}:{client.public_id}")  # noqa: S311 (made-up demo data, not a secret)
    zone = zone_of(client)
    today = datetime.now(zone).date()
    first = today - timedelta(days=days)
    with transaction.atomic():
        if client.created_at.astimezone(zone).date() > first:
            # The history falls inside the client's time with us, so counting covers it.
            Client.objects.filter(pk=client.pk).update(created_at=datetime.combine(first, time(9), tzinfo=zone))
            client.refresh_from_db(fields=["created_at"])
        start, _ = counting_plan(client)
        count = days // 120 + 1 if lapses is None else lapses
        lapse_days = set(_lapse_days(rng, max(first, start), today - timedelta(days=3), count))
        own = list(Trigger.objects.filter(client=client)) or Trigger.objects.bulk_create(
            Trigger(client=client, name=name, created_at=datetime.combine(first, time(9), tzinfo=zone))
            for name in OWN_TRIGGERS[: rng.randint(1, 3)]
        )
        check_ins: list[CheckIn] = []
        urges: list[Urge] = []
        lapse_rows: list[Lapse] = []
        for n in range(days):
            day = first + timedelta(days=n)
            lapsed = day in lapse_days
            weekend = day.weekday() >= 5
            rate = (1.1 * math.exp(-n / 300) + 0.35) * (1.5 if weekend else 1.0)
            count = sum(1 for _ in range(4) if rng.random() < rate / 4)
            day_urges = [_urge(client, day, rng, zone, own) for _ in range(count)]
            if lapsed:
                lapse_urge = _urge(client, day, rng, zone, own, outcome=Outcome.LAPSE)
                day_urges.append(lapse_urge)
                chain = CHAINS[rng.randrange(len(CHAINS))]
                lapse_rows.append(
                    Lapse(
                        client=client,
                        occurred_at=lapse_urge.occurred_at,
                        urge=lapse_urge,
                        review_with_therapist=rng.random() < 0.7,
                        created_at=lapse_urge.occurred_at + timedelta(hours=10),
                        updated_at=lapse_urge.occurred_at + timedelta(hours=10),
                        **chain,
                    )
                )
            urges.extend(day_urges)
            if lapsed or rng.random() < 0.86:
                check_ins.append(
                    _check_in(client, day, rng, zone, lapsed, max((u.intensity for u in day_urges), default=0))
                )
        CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
        Urge.objects.bulk_create(urges, batch_size=BATCH)
        Lapse.objects.bulk_create(lapse_rows, batch_size=BATCH)
        record(Action.WRITE, "tracking.generated", client=client)
    return Generated(check_ins=len(check_ins), urges=len(urges), lapses=len(lapse_rows))


def _urge(client: Client, day: date, rng: random.Random, zone: ZoneInfo, own: list[Trigger], outcome: str = "") -> Urge:
    at = _at(day, rng.choices(HOURS, HOUR_WEIGHTS)[0], rng, zone)
    mine = own and rng.random() < 0.25
    return Urge(
        client=client,
        occurred_at=at,
        intensity=rng.choice([8, 9, 9, 10]) if outcome else min(10, max(1, round(rng.gauss(5.5, 2)))),
        common_trigger="" if mine else rng.choices(list(TRIGGER_WEIGHTS), list(TRIGGER_WEIGHTS.values()))[0],
        trigger=rng.choice(own) if mine else None,
        place=rng.choices([Place.HOME, Place.WORK, Place.TRAVELLING, Place.OUT], [8, 2, 1, 1])[0],
        alone=rng.random() < 0.75,
        device=rng.choices([Device.PHONE, Device.LAPTOP, Device.TV, Device.NONE], [7, 3, 1, 1])[0],
        feeling=rng.choice(FEELINGS) if rng.random() < 0.6 else "",
        what_i_did=rng.choice(WHAT_I_DID) if not outcome else "",
        outcome=outcome or rng.choices([Outcome.RODE_IT_OUT, Outcome.MIDDLE_CIRCLE], [4, 1])[0],
        created_at=at,
    )


def _check_in(client: Client, day: date, rng: random.Random, zone: ZoneInfo, lapsed: bool, peak_urge: int) -> CheckIn:
    at = _at(day, rng.choice([20, 21, 22]), rng, zone)
    hours = Decimal(str(min(10.0, max(3.5, round(rng.gauss(7, 1) * 2) / 2))))
    return CheckIn(
        client=client,
        day=day,
        mood=max(1, min(5, round(rng.gauss(2.2 if lapsed else 3.4, 0.9)))),
        urge=max(peak_urge, min(10, max(0, round(rng.gauss(3, 2))))),
        sober=not lapsed,
        hungry=rng.random() < 0.15,
        angry=rng.random() < 0.15,
        lonely=rng.random() < 0.3,
        tired=rng.random() < 0.35,
        sleep_hours=hours,
        sleep_quality=1 if hours < 6 else 3 if hours >= 7.5 else 2,
        note=rng.choice(NOTES) if rng.random() < 0.4 else "",
        created_at=at,
        updated_at=at,
    )
