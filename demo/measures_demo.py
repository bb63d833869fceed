"""The demo practice's questionnaires: PHQ-9 and GAD-7 every 4 weeks, the intake set, a paper form, a correction,
and the DASS-21 (Lin answered two, Jordan has one waiting).

Everything goes through the same actions as the web (the client answers item by item and sends;
the therapist enters a paper form and corrects). Actions only ever date things today, so each
result is moved back to the day it stands for right after it is sent: no clock tricks.
"""

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from caseload.models import Client
from demo import people
from measures.actions import do_correct, do_enter_paper_form, do_save_answer, do_schedule, do_submit
from measures.catalogue import definition_for
from measures.models import Administration, Schedule
from measures.scoring import shown_items

EVERY = 28
# Totals over time, one per 4 weeks from joining: most improve, Sam's depression and anxiety worsen.
TRENDS: dict[str, tuple[Callable[[int], int], Callable[[int], int]]] = {
    "alex@demo.waymark.test": (lambda n: 14, lambda n: 11),
    "jordan@demo.waymark.test": (lambda n: max(4, 17 - 4 * n), lambda n: max(3, 13 - 3 * n)),
    "sam@demo.waymark.test": (lambda n: min(24, 9 + 2 * n + n % 2), lambda n: min(21, 8 + 2 * n)),
    "ravi@demo.waymark.test": (lambda n: max(5, 19 - 2 * n - n % 2), lambda n: max(4, 15 - 2 * n)),
    "lin@demo.waymark.test": (lambda n: max(2, 16 - 2 * n + (n % 3 == 2)), lambda n: max(2, 12 - n)),
}
PAPER_FORM = ("ravi@demo.waymark.test", "gad7", 2)  # Ravi's third GAD-7 was filled in on paper in session
CORRECTED = ("lin@demo.waymark.test", "phq9", 1, "In session Lin said item 4 should have been “Several days”.")
# DASS-21 raw sums (depression, anxiety, stress), each doubled when scored: first, then latest.
DASS21_ITEMS = {
    "depression": ["q3", "q5", "q10", "q13", "q16", "q17", "q21"],
    "anxiety": ["q2", "q4", "q7", "q9", "q15", "q19", "q20"],
    "stress": ["q1", "q6", "q8", "q11", "q12", "q14", "q18"],
}
DASS21_ANSWERED = ("lin@demo.waymark.test", (9, 6, 12), (3, 2, 6))
DASS21_WAITING = "jordan@demo.waymark.test"
WHY = {
    "importance_why": "I don't want to keep hiding things from the people I love.",
    "confidence_why": "I managed a few good weeks last year, so I know I can.",
    "readiness_next": "Knowing what to do on the bad evenings.",
}


def add_measures_history() -> None:
    """Idempotent: a demo client who has any questionnaire already is left alone."""
    for spec in people.CLIENTS:
        client = Client.objects.select_related("user", "practice").filter(user__email=spec.email).first()
        if client is None or Administration.objects.filter(client=client).exists():
            continue
        with transaction.atomic():
            _client_history(client, spec.email)


def spread(total: int, items: list[str]) -> dict[str, object]:
    """Answers (0 to 3) to `items` that add up to `total`, spread evenly."""
    answers: dict[str, object] = dict.fromkeys(items, 0)
    for step in range(total):
        item = items[step % len(items)]
        answers[item] = int(str(answers[item])) + 1
    return answers


def _client_history(client: Client, email: str) -> None:
    assignment = client.current_assignment()
    assert assignment is not None
    therapist = assignment.therapist
    zone = ZoneInfo(client.user.local_zone_name())
    today = datetime.now(zone).date()
    joined = client.created_at.astimezone(zone).date()
    days = [joined + timedelta(days=EVERY * n) for n in range((today - joined).days // EVERY + 1)]
    # The intake set, answered the day they joined.
    asq = _ask(therapist, client, "asq", None)
    _answer(client, asq, {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}, joined, zone)
    rulers = _ask(therapist, client, "readiness", None)
    _answer(client, rulers, {"importance": 8, "confidence": 4, "readiness": 6, **WHY}, joined, zone)
    if len(days) > 3:
        again = _ask(therapist, client, "readiness", None)
        _answer(client, again, {"importance": 9, "confidence": 6, "readiness": 8}, days[2], zone)
    depression, anxiety = TRENDS[email]
    phq9_items, gad7_items = [f"q{n}" for n in range(1, 9)], [f"q{n}" for n in range(1, 8)]
    for instrument_id, trend, items in (("phq9", depression, phq9_items), ("gad7", anxiety, gad7_items)):
        schedule = do_schedule(therapist, client, instrument_id, every_days=EVERY)
        Schedule.objects.filter(pk=schedule.pk).update(starts_on=joined)
        sent = []
        for n, day in enumerate(days):
            answers = spread(trend(n), items)
            if instrument_id == "phq9":
                answers |= {"q9": 0, "q10": 1 if trend(n) < 15 else 2}
            waiting = Administration.objects.open().get(schedule=schedule)
            if (email, instrument_id, n) == PAPER_FORM:
                Administration.objects.filter(pk=waiting.pk).update(due_on=day)
                sent.append(do_enter_paper_form(therapist, client, instrument_id, answers, day))
            else:
                sent.append(_answer(client, waiting, answers, day, zone))
        if (email, instrument_id) == CORRECTED[:2] and len(sent) > CORRECTED[2]:
            original = sent[CORRECTED[2]]
            fixed = {**original.answers, "q4": 1}
            do_correct(therapist, original, fixed, CORRECTED[3])
    if email == DASS21_ANSWERED[0]:
        for day, sums in ((joined, DASS21_ANSWERED[1]), (days[-1], DASS21_ANSWERED[2])):
            _answer(client, _ask(therapist, client, "dass21", None), _dass21_answers(*sums), day, zone)
    if email == DASS21_WAITING:
        _ask(therapist, client, "dass21", None)


def _dass21_answers(depression: int, anxiety: int, stress: int) -> dict[str, object]:
    sums = {"depression": depression, "anxiety": anxiety, "stress": stress}
    return {item: value for scale, items in DASS21_ITEMS.items() for item, value in spread(sums[scale], items).items()}


def _ask(therapist: User, client: Client, instrument_id: str, every_days: int | None) -> Administration:
    schedule = do_schedule(therapist, client, instrument_id, every_days=every_days)
    return Administration.objects.open().get(schedule=schedule)


def _answer(
    client: Client, administration: Administration, answers: Mapping[str, object], day: date, zone: ZoneInfo
) -> Administration:
    """The client answers one question at a time and sends; then it is dated the day it stands for."""
    Administration.objects.filter(pk=administration.pk).update(due_on=day)
    definition = definition_for(client.practice, administration.instrument_id)
    for item_id in shown_items(definition, answers):
        if item_id in answers:
            do_save_answer(client.user, administration, item_id, answers[item_id])
    do_submit(client.user, administration, uuid.uuid4())
    evening = datetime.combine(day, time(20, 15), tzinfo=zone)
    Administration.objects.filter(pk=administration.pk).update(
        created_at=evening - timedelta(days=1), started_at=evening - timedelta(minutes=6), submitted_at=evening
    )
    administration.refresh_from_db()
    return administration
