"""Every change to a client's tracking data. Only the client writes; each write is audited.

A repeated submission with the same idempotency key (a flaky connection sending twice) is
stored once: the action hands back what the first one stored and changes nothing.
"""

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from privacy.access_log import zone_of
from tracking import models as m
from tracking.models import CheckIn, CommonTrigger, Device, Lapse, Outcome, Place, Trigger, Urge
from tracking.queries import CHECK_IN_DAYS_BACK, client_today
from tracking.streaks import local_day

CLIENTS_ONLY = "Only the client can add or change their own entries."
FUTURE_DAY = "You can check in for today or a day that has passed, not a day still to come."
TOO_OLD_DAY = f"Check-ins can be added or changed for the last {CHECK_IN_DAYS_BACK} days only."
FUTURE_TIME = "That time is still to come. Choose a time that has already passed."
BEFORE_PLAN = "This is before your plan started."
# Phones' clocks run a little fast or slow; a time this far ahead still counts as now.
CLOCK_SLACK = timedelta(minutes=5)
MAX_AGE = timedelta(days=366)
TOO_LONG_AGO = "Choose a time within the last year."
MAX_TRIGGERS = 50


@dataclass(frozen=True)
class CheckInAnswers:
    mood: int
    urge: int
    sober: bool
    hungry: bool = False
    angry: bool = False
    lonely: bool = False
    tired: bool = False
    sleep_hours: Decimal | None = None
    sleep_quality: int | None = None
    note: str = ""


@dataclass(frozen=True)
class UrgeEntry:
    occurred_at: datetime
    intensity: int
    outcome: str
    trigger: str = ""  # a CommonTrigger value, or the public id of one of the client's own triggers
    new_trigger: str = ""  # a new trigger of their own: added to their list and used
    place: str = ""
    alone: bool | None = None
    device: str = ""
    feeling: str = ""
    what_i_did: str = ""
    notes: str = ""


@dataclass(frozen=True)
class LapseEntry:
    occurred_at: datetime
    what_happened: str = ""
    vulnerability: str = ""
    prompting_event: str = ""
    thoughts_feelings_urges: str = ""
    behaviour: str = ""
    consequences: str = ""
    do_differently: str = ""
    review_with_therapist: bool = False


def own_client(user: User) -> Client:
    """The client record of the person writing; nobody else writes here."""
    if not (user.is_active and user.is_client):
        raise PermissionDenied(CLIENTS_ONLY)
    try:
        return Client.objects.select_related("user", "practice").get(user=user)
    except Client.DoesNotExist as exc:
        raise PermissionDenied(CLIENTS_ONLY) from exc


def _in_range(field: str, value: int, low: int, high: int, what: str) -> None:
    if not low <= value <= high:
        raise ValidationError({field: f"{what} goes from {low} to {high}."})


def _text(field: str, value: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError({field: f"Please keep this to {limit} characters or fewer (it has {len(value)})."})
    return value


def _check_day(client: Client, day: date) -> None:
    today = client_today(client)
    if day > today:
        raise ValidationError({"day": FUTURE_DAY})
    if day < today - timedelta(days=CHECK_IN_DAYS_BACK):
        raise ValidationError({"day": TOO_OLD_DAY})


def _check_past(at: datetime) -> None:
    if timezone.is_naive(at):
        raise ValidationError({"occurred_at": "Give the time with its time zone."})
    now = timezone.now()
    if at > now + CLOCK_SLACK:
        raise ValidationError({"occurred_at": FUTURE_TIME})
    if at < now - MAX_AGE:
        raise ValidationError({"occurred_at": TOO_LONG_AGO})


def _check_not_before_plan(client: Client, at: datetime) -> None:
    from plan.queries import current_agreed_version

    version = current_agreed_version(client)
    if version is not None and local_day(at, zone_of(client)) < version.abstinence_starts_on:
        raise ValidationError({"occurred_at": BEFORE_PLAN})


def _clean_answers(answers: CheckInAnswers) -> dict[str, object]:
    _in_range("mood", answers.mood, 1, 5, "Mood")
    _in_range("urge", answers.urge, 0, 10, "The urge level")
    if answers.sleep_hours is not None and not Decimal(0) <= answers.sleep_hours <= Decimal(24):
        raise ValidationError({"sleep_hours": "Sleep goes from 0 to 24 hours."})
    if answers.sleep_quality is not None and answers.sleep_quality not in m.SleepQuality.values:
        raise ValidationError({"sleep_quality": "Choose poor, okay or good."})
    values = {f.name: getattr(answers, f.name) for f in fields(answers)}
    values["note"] = _text("note", answers.note, m.NOTE_CHARS)
    if answers.sleep_hours is not None:
        values["sleep_hours"] = answers.sleep_hours.quantize(Decimal("0.1"))
    return values


def do_check_in(user: User, day: date, answers: CheckInAnswers, key: str = "") -> tuple[CheckIn, bool]:
    """Record the check-in for ``day`` (the client's own calendar); a second one that day edits the first.

    Returns the check-in and whether it is new. The same ``key`` again returns the stored one untouched.
    """
    client = own_client(user)
    key = _text("idempotency_key", key, m.KEY_CHARS)
    values = _clean_answers(answers)
    with transaction.atomic():
        if key and (seen := CheckIn.objects.filter(client=client, idempotency_key=key).first()) is not None:
            return seen, False
        _check_day(client, day)
        existing = CheckIn.objects.select_for_update().filter(client=client, day=day).first()
        if existing is None:
            try:
                with transaction.atomic():  # a savepoint: two first check-ins at once, the second edits
                    check_in = CheckIn.objects.create(client=client, day=day, idempotency_key=key, **values)
            except IntegrityError:
                existing = CheckIn.objects.select_for_update().get(client=client, day=day)
            else:
                record(Action.WRITE, "checkin.create", actor=user, client=client, target_ref=check_in.public_id)
                return check_in, True
        for name, value in values.items():
            setattr(existing, name, value)
        existing.idempotency_key = key
        existing.updated_at = timezone.now()
        existing.save()
        record(Action.WRITE, "checkin.update", actor=user, client=client, target_ref=existing.public_id)
    return existing, False


def _add_trigger(user: User, client: Client, name: str) -> Trigger:
    name = _text("new_trigger", name, m.TRIGGER_CHARS)
    if not name:
        raise ValidationError({"new_trigger": "Give your trigger a name."})
    own = list(Trigger.objects.filter(client=client))
    if any(trigger.name.casefold() == name.casefold() for trigger in own):
        raise ValidationError({"new_trigger": "That one is already on your list."})
    if len(own) >= MAX_TRIGGERS:
        raise ValidationError({"new_trigger": f"Your list can hold up to {MAX_TRIGGERS} triggers."})
    trigger = Trigger.objects.create(client=client, name=name)
    record(Action.WRITE, "trigger.create", actor=user, client=client, target_ref=trigger.public_id)
    return trigger


def do_add_trigger(user: User, name: str) -> Trigger:
    """Add a trigger to the client's own list, offered next time they log an urge."""
    client = own_client(user)
    with transaction.atomic():
        return _add_trigger(user, client, name)


def _resolve_trigger(client: Client, value: str) -> tuple[str, Trigger | None]:
    """(common trigger, own trigger) from a form or API value."""
    if not value or value in CommonTrigger.values:
        return value, None
    try:
        return "", Trigger.objects.get(client=client, public_id=uuid.UUID(value))
    except (ValueError, Trigger.DoesNotExist) as exc:
        raise ValidationError({"trigger": "Choose a trigger from the list."}) from exc


def _choice(field: str, value: str, allowed: list[str], blank_ok: bool = True) -> str:
    if (value or not blank_ok) and value not in allowed:
        raise ValidationError({field: "Choose one of the options."})
    return value


def do_log_urge(user: User, entry: UrgeEntry, key: str = "") -> tuple[Urge, bool]:
    """Log an urge; one that ended in a lapse records the lapse too (the streak counts lapses only).

    Returns the urge and whether it is new.
    """
    client = own_client(user)
    key = _text("idempotency_key", key, m.KEY_CHARS)
    _in_range("intensity", entry.intensity, 0, 10, "Intensity")
    _check_past(entry.occurred_at)
    outcome = _choice("outcome", entry.outcome, Outcome.values, blank_ok=False)
    texts = {
        "feeling": _text("feeling", entry.feeling, m.SHORT_CHARS),
        "what_i_did": _text("what_i_did", entry.what_i_did, m.STEP_CHARS),
        "notes": _text("notes", entry.notes, m.LONG_CHARS),
    }
    with transaction.atomic():
        if key and (seen := Urge.objects.filter(client=client, idempotency_key=key).first()) is not None:
            return seen, False
        if outcome == Outcome.LAPSE:
            _check_not_before_plan(client, entry.occurred_at)
        common, own = _resolve_trigger(client, entry.trigger)
        if entry.new_trigger.strip():
            common, own = "", _add_trigger(user, client, entry.new_trigger)
        urge = Urge.objects.create(
            client=client,
            occurred_at=entry.occurred_at,
            intensity=entry.intensity,
            common_trigger=common,
            trigger=own,
            place=_choice("place", entry.place, Place.values),
            alone=entry.alone,
            device=_choice("device", entry.device, Device.values),
            outcome=outcome,
            idempotency_key=key,
            **texts,
        )
        record(Action.WRITE, "urge.create", actor=user, client=client, target_ref=urge.public_id)
        if outcome == Outcome.LAPSE:
            lapse = Lapse.objects.create(client=client, occurred_at=entry.occurred_at, urge=urge)
            record(Action.WRITE, "lapse.create", actor=user, client=client, target_ref=lapse.public_id)
    return urge, True


def _lapse_texts(entry: LapseEntry) -> dict[str, str]:
    limits = {"what_happened": m.LONG_CHARS} | {field: m.STEP_CHARS for field, _, _ in m.CHAIN_STEPS}
    return {field: _text(field, getattr(entry, field), limit) for field, limit in limits.items()}


def do_record_lapse(user: User, entry: LapseEntry, key: str = "") -> tuple[Lapse, bool]:
    """Record a lapse and, if the client wishes, the chain that led to it. Returns it and whether it is new."""
    client = own_client(user)
    key = _text("idempotency_key", key, m.KEY_CHARS)
    _check_past(entry.occurred_at)
    texts = _lapse_texts(entry)
    with transaction.atomic():
        if key and (seen := Lapse.objects.filter(client=client, idempotency_key=key).first()) is not None:
            return seen, False
        _check_not_before_plan(client, entry.occurred_at)
        lapse = Lapse.objects.create(
            client=client,
            occurred_at=entry.occurred_at,
            review_with_therapist=entry.review_with_therapist,
            idempotency_key=key,
            **texts,
        )
        record(Action.WRITE, "lapse.create", actor=user, client=client, target_ref=lapse.public_id)
    return lapse, True


def do_update_lapse(user: User, lapse: Lapse, entry: LapseEntry) -> Lapse:
    """Change a lapse record: add the chain later, or correct the time."""
    client = own_client(user)
    if lapse.client_id != client.pk:
        raise PermissionDenied(CLIENTS_ONLY)
    _check_past(entry.occurred_at)
    texts = _lapse_texts(entry)
    with transaction.atomic():
        _check_not_before_plan(client, entry.occurred_at)
        for name, value in texts.items():
            setattr(lapse, name, value)
        lapse.occurred_at = entry.occurred_at
        lapse.review_with_therapist = entry.review_with_therapist
        lapse.updated_at = timezone.now()
        lapse.save()
        record(Action.WRITE, "lapse.update", actor=user, client=client, target_ref=lapse.public_id)
    return lapse
