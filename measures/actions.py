"""Every change to a client's questionnaires: assigning, answering, submitting, paper forms, corrections.

Each action is atomic, checks who may do it, and writes an audit row (never the answers).
Scoring is the engine's (measures.scoring); risk alerts are safety.risk's, raised in the same
transaction as the result they come from.
"""

import copy
import json
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client
from homework.completion import complete_tasks_for
from homework.models import Kind
from measures import catalogue, registry
from measures.definitions import Definition, Item
from measures.due import client_today
from measures.models import Administration, Mode, Schedule, Status
from measures.progress import answers_of, is_blank, settle
from measures.scoring import CriticalFlag, Result, ScoringError, score, unshown_answers
from safety.risk import alert_reasons, raise_alerts_for

#: Given together at the start of treatment (INSTRUMENTS.md: the ASQ at intake, not only after PHQ-9 item 9).
INTAKE_SET = ("phq9", "gad7", "asq", "readiness")
#: The longest free-text answer a client can give to one question.
MAX_FREE_TEXT = 2000
MAX_EVERY_DAYS = 366
MAX_REASON = 200


# Who may act.


def _require_treating(therapist: User, client: Client) -> None:
    """Only the client's own therapist, through an active assignment, changes what they are asked."""
    if not (therapist.is_therapist and Client.objects.visible_to(therapist).filter(pk=client.pk).exists()):
        raise ValidationError("You can only do this for clients you are treating.", code="not_treating")
    require_open_record(client)  # a discharged client's record is read-only


def _require_own(client_user: User, administration: Administration) -> None:
    if not (client_user.is_client and client_user.is_active and administration.client.user_id == client_user.pk):
        raise PermissionDenied("Only the client answers their own questionnaires.")


def _require_open(administration: Administration) -> None:
    if administration.status == Status.SUBMITTED:
        raise ValidationError("These answers have been sent, so they can no longer be changed.", code="closed")
    if administration.status == Status.WITHDRAWN:
        raise ValidationError("This questionnaire was withdrawn, so it cannot be answered now.", code="closed")


# Which instrument.


def _definition(client: Client, instrument_id: str) -> Definition:
    try:
        return catalogue.definition_for(client.practice, instrument_id)
    except registry.UnknownInstrument:
        raise ValidationError(f"There is no questionnaire called “{instrument_id}” here.", code="unknown") from None


def _assignable(client: Client, instrument_id: str) -> Definition:
    """A definition clients may be given: known, and its wording checked against the published original."""
    definition = _definition(client, instrument_id)
    if not definition.wording_verified:
        raise ValidationError(
            f"{definition.short_name} cannot be given to clients yet: its item wording has not been checked "
            "against the published original.",
            code="unverified",
        )
    return definition


def _answerable(administration: Administration) -> Definition:
    try:
        return _assignable(administration.client, administration.instrument_id)
    except ValidationError:
        raise ValidationError("This questionnaire is not available any more.", code="unavailable") from None


# Assigning.


def _new_schedule(
    therapist: User, client: Client, instrument_id: str, every_days: int | None, starts_on: date | None
) -> tuple[Schedule, Administration]:
    _require_treating(therapist, client)
    _assignable(client, instrument_id)
    today = client_today(client)
    starts_on = starts_on or today
    if starts_on < today:
        raise ValidationError("Choose today or a later date to start.", code="past")
    if every_days is not None and not 1 <= every_days <= MAX_EVERY_DAYS:
        raise ValidationError(f"Repeat every 1 to {MAX_EVERY_DAYS} days, or leave it empty to ask once.", code="every")
    schedule = Schedule.objects.create(
        client=client, instrument_id=instrument_id, every_days=every_days, starts_on=starts_on, created_by=therapist
    )
    first = Administration.objects.create(
        client=client, instrument_id=instrument_id, schedule=schedule, due_on=starts_on
    )
    record(Action.WRITE, "measures.schedule", actor=therapist, client=client, target_ref=schedule.public_id)
    return schedule, first


@transaction.atomic
def do_schedule(
    therapist: User, client: Client, instrument_id: str, every_days: int | None = None, starts_on: date | None = None
) -> Schedule:
    """Ask the client an instrument once, or every N days, the first time on `starts_on` (their today)."""
    schedule, _ = _new_schedule(therapist, client, instrument_id, every_days, starts_on)
    return schedule


def _due_today(client: Client, instrument_id: str, today: date) -> tuple[Administration | None, bool]:
    """The instrument's open questionnaire, brought forward to today if it was due later, and whether it moved.

    (None, False) when none is open; one already due today or earlier is left as it is.
    """
    rows = Administration.objects.open().select_for_update(of=("self",))
    waiting = rows.filter(client=client, instrument_id=instrument_id).order_by("due_on", "pk").first()
    if waiting is None or waiting.due_on <= today:
        return waiting, False
    waiting.due_on = today
    waiting.save(update_fields=["due_on"])
    return waiting, True


@transaction.atomic
def do_assign_intake_set(therapist: User, client: Client) -> list[Administration]:
    """The intake questionnaires, due today: one already waiting is not asked twice, but is brought forward to today."""
    _require_treating(therapist, client)
    today = client_today(client)
    asked = []
    for instrument_id in INTAKE_SET:
        waiting, moved = _due_today(client, instrument_id, today)
        if waiting is None:
            asked.append(_new_schedule(therapist, client, instrument_id, None, None)[1])
        elif moved:
            record(Action.WRITE, "measures.bring_forward", actor=therapist, client=client, target_ref=waiting.public_id)
            asked.append(waiting)
    return asked


@transaction.atomic
def do_end_schedule(therapist: User, schedule: Schedule) -> Schedule:
    """No more repeats; what is due and not started yet is withdrawn, what is started can still be sent."""
    _require_treating(therapist, schedule.client)
    row = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if row.ended_at is not None:
        return row
    row.ended_at = timezone.now()
    row.save(update_fields=["ended_at"])
    row.administrations.filter(status=Status.DUE).update(status=Status.WITHDRAWN)
    record(Action.WRITE, "measures.schedule.end", actor=therapist, client=schedule.client, target_ref=row.public_id)
    return row


# Answering.


def _lock(administration: Administration) -> Administration:
    rows = Administration.objects.select_for_update(of=("self",)).select_related(
        "client__user", "client__practice", "schedule"
    )
    return rows.get(pk=administration.pk)


def _checked_value(definition: Definition, item: Item, value: object) -> object:
    """The stored form of one answer, or ValidationError saying what to fix."""
    if is_blank(value):
        if item.required:
            message = "Please write an answer." if item.type == "free_text" else "Please choose an answer."
            raise ValidationError(message, code="required")
        return "" if item.type == "free_text" else None  # seen and skipped
    if item.type == "free_text":
        limit = min(item.max_length, MAX_FREE_TEXT)
        if not isinstance(value, str):
            raise ValidationError("Please write your answer as text.", code="invalid")
        if len(value.strip()) > limit:
            raise ValidationError(f"Please keep this to {limit:,} characters or fewer.", code="too_long")
        return value.strip()
    option_set = definition.options_for(item)
    option = None if option_set is None or isinstance(value, bool) else option_set.match(value)
    if option is None:
        raise ValidationError("Please choose one of the answers shown.", code="invalid")
    return option.value


def _write_answers(administration: Administration, definition: Definition, answers: Mapping[str, object]) -> None:
    """Choice answers in `answers`; free text only in the encrypted `free_text`, as JSON."""
    free = {k: str(v) for k, v in answers.items() if definition.item_map[k].type == "free_text"}
    administration.answers = {k: v for k, v in answers.items() if k not in free}
    administration.free_text = json.dumps(free, ensure_ascii=False, sort_keys=True) if free else ""


@transaction.atomic
def do_save_answer(client_user: User, administration: Administration, item_id: str, value: object) -> Administration:
    """Save one answer (a change of an earlier one too); answers to items no longer asked are dropped."""
    row = _lock(administration)
    _require_own(client_user, row)
    _require_open(row)
    definition = _answerable(row)
    answers, shown = settle(definition, answers_of(row))
    if item_id not in shown:
        raise ValidationError("That question is not part of this questionnaire now.", code="not_shown")
    answers[item_id] = _checked_value(definition, definition.item_map[item_id], value)
    answers, _ = settle(definition, answers)
    _write_answers(row, definition, answers)
    if row.status == Status.DUE:
        row.status = Status.IN_PROGRESS
        row.started_at = timezone.now()
    row.save(update_fields=["answers", "free_text", "status", "started_at"])
    record(Action.WRITE, "measures.answer", actor=client_user, client=row.client, target_ref=row.public_id)
    return row


# Scoring and what follows a result.


def _scored(definition: Definition, answers: Mapping[str, object]) -> Result:
    try:
        return score(definition, answers)
    except ScoringError as exc:
        raise ValidationError(
            [
                ValidationError(f"These answers cannot be scored: {problem}.", code="unscorable")
                for problem in exc.problems
            ]
        ) from None


def _refuse_unshown(definition: Definition, answers: Mapping[str, object]) -> None:
    """An answer to a question the other answers do not ask would make the result disagree with the answers kept."""
    unshown = unshown_answers(definition, answers)
    if unshown:
        raise ValidationError(
            {
                item_id: ValidationError(
                    f"{item_id}: not asked with these answers to the questions before it, so leave it empty.",
                    code="not_shown",
                )
                for item_id in unshown
            }
        )


def _store_result(
    administration: Administration, definition: Definition, answers: Mapping[str, object], submitted_at: datetime
) -> Result:
    """Score, then store answers and result together; nothing is written if the answers cannot be scored."""
    _refuse_unshown(definition, answers)
    result = _scored(definition, answers)
    kept = {item_id: value for item_id, value in answers.items() if item_id in result.shown and not is_blank(value)}
    canonical = {
        item_id: _checked_value(definition, definition.item_map[item_id], value) for item_id, value in kept.items()
    }
    _write_answers(administration, definition, canonical)
    administration.result = result.as_dict()
    administration.total = None if result.total is None else float(result.total.score)
    administration.instrument_version = result.instrument_version
    administration.status = Status.SUBMITTED
    administration.submitted_at = submitted_at
    administration.save()
    return result


def next_due_on(due_on: date, every_days: int, today: date) -> date:
    """The next date in the schedule's rhythm, rolled forward so it is never before today."""
    due = due_on + timedelta(days=every_days)
    if due < today:
        steps = -(-(today - due).days // every_days)
        due += timedelta(days=steps * every_days)
    return due


def _schedule_next(administration: Administration, counted_from: date, today: date) -> Administration | None:
    schedule = administration.schedule
    if schedule is None or not schedule.is_active or not schedule.every_days:
        return None
    if schedule.administrations.open().exists():
        return None
    return Administration.objects.create(
        client=administration.client,
        instrument_id=schedule.instrument_id,
        schedule=schedule,
        due_on=next_due_on(counted_from, schedule.every_days, today),
    )


def _ask_follow_ups(
    administration: Administration, flags: list[CriticalFlag], today: date, actor: User
) -> list[Administration]:
    """A critical item that says "then ask" (PHQ-9 item 9 → ASQ) makes that questionnaire due today.

    One already waiting but due later is brought forward to today; one due today or earlier is asked already.
    """
    asked = []
    client = administration.client
    for instrument_id in dict.fromkeys(flag.then_ask for flag in flags if flag.then_ask):
        try:
            _assignable(client, instrument_id)
        except ValidationError:
            continue  # checked when definitions load: a then_ask names a loaded instrument
        waiting, moved = _due_today(client, instrument_id, today)
        if waiting is not None and not moved:
            continue
        follow_up = waiting or Administration.objects.create(client=client, instrument_id=instrument_id, due_on=today)
        record(Action.WRITE, "measures.follow_up", actor=actor, client=client, target_ref=follow_up.public_id)
        asked.append(follow_up)
    return asked


def _new_signals(result: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """`result` keeping only the risk signals whose reason (as safety.risk names them) is not in `known`."""

    def is_new(part: dict[str, Any]) -> bool:
        reasons = alert_reasons({"instrument": result.get("instrument"), **part})
        return not any(reason in known for _, reason in reasons)

    return {
        **result,
        "critical": [flag for flag in result.get("critical") or [] if is_new({"critical": [flag]})],
        "screen": result.get("screen") if is_new({"screen": result.get("screen")}) else None,
    }


def _raise_alerts(administration: Administration, replaces: Administration | None) -> None:
    """Alert on the result's risk signals; a correction only on those the result it replaces did not have.

    Those the original had were alerted on already and stay with the original's alerts, so a typo
    fixed in a result with a critical answer sends no second alert, email or escalation.
    """
    if replaces is None:
        raise_alerts_for(administration)
        return
    known = {reason for _, reason in alert_reasons(replaces.result_data)}
    only_new = copy.copy(administration)  # the stored result stays whole; only the alerting sees the new signals
    only_new.result = _new_signals(administration.result_data, known)
    raise_alerts_for(only_new)


def _after_result(
    administration: Administration,
    result: Result,
    actor: User,
    *,
    next_counted_from: date | None = None,
    replaces: Administration | None = None,
) -> None:
    """Alerts, the schedule's next questionnaire (counted from `next_counted_from`, if given), and follow-ups."""
    today = client_today(administration.client)
    _raise_alerts(administration, replaces)
    if next_counted_from is not None:
        _schedule_next(administration, next_counted_from, today)
    replaced = {flag["code"] for flag in (replaces.result_data.get("critical") or [])} if replaces else set()
    _ask_follow_ups(administration, [flag for flag in result.critical if flag.code not in replaced], today, actor)


def _submission_key(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise ValidationError("This page is out of date; please open the questionnaire again.", code="key") from None


@transaction.atomic
def do_submit(client_user: User, administration: Administration, submission_key: uuid.UUID | str) -> Administration:
    """Score and send the client's answers. Sending again (a double tap, a replayed form) changes nothing."""
    _submission_key(submission_key)
    row = _lock(administration)
    _require_own(client_user, row)
    if row.status == Status.SUBMITTED:
        return row
    _require_open(row)
    definition = _answerable(row)
    answers, _ = settle(definition, answers_of(row))
    result = _store_result(row, definition, answers, timezone.now())
    record(Action.WRITE, "measures.submit", actor=client_user, client=row.client, target_ref=row.public_id)
    complete_tasks_for(row.client, Kind.QUESTIONNAIRE, row.instrument_id, actor=client_user)
    _after_result(row, result, client_user, next_counted_from=row.due_on)
    return row


def _moment_of(client: Client, day: date) -> datetime:
    """When a paper form dated `day` counts as completed: now if today, else midday where the client lives."""
    zone = ZoneInfo(client.user.local_zone_name())
    if day == timezone.localdate(timezone=zone):
        return timezone.now()
    return datetime.combine(day, time(12), tzinfo=zone)


@transaction.atomic
def do_enter_paper_form(
    therapist: User, client: Client, instrument_id: str, answers: Mapping[str, object], completed_on: date
) -> Administration:
    """A form the client filled in on paper, entered by their therapist and scored like any other.

    It completes the questionnaire of that kind waiting for the client now, if one is due (so the
    schedule carries on, counted from the day the form was filled in; a session's forms entered a
    day or two later still complete what was asked meanwhile); otherwise, and for one not due yet,
    it is recorded on its own. Instruments whose wording is not in Waymark (a licensed upload waiting for its wording)
    may be entered: the client answered the published paper form.
    """
    _require_treating(therapist, client)
    definition = _definition(client, instrument_id)
    today = client_today(client)
    if completed_on > today:
        raise ValidationError("The form cannot have been completed in the future.", code="future")
    waiting = (
        Administration.objects.select_for_update(of=("self",))
        .select_related("schedule")
        .filter(client=client, instrument_id=instrument_id, status=Status.DUE, due_on__lte=today)
        .order_by("due_on", "pk")
        .first()
    )
    row = waiting or Administration(client=client, instrument_id=instrument_id, due_on=completed_on)
    row.client = client
    row.mode = Mode.PAPER
    row.entered_by = therapist
    result = _store_result(row, definition, dict(answers), _moment_of(client, completed_on))
    record(Action.WRITE, "measures.paper_form", actor=therapist, client=client, target_ref=row.public_id)
    complete_tasks_for(client, Kind.QUESTIONNAIRE, instrument_id, actor=therapist)
    _after_result(row, result, therapist, next_counted_from=completed_on)
    return row


def _scored_with(administration: Administration) -> Definition:
    """The definition version a stored result was scored with, so a correction is scored (and shown) the same way."""
    try:
        return catalogue.definition_for(
            administration.client.practice, administration.instrument_id, administration.instrument_version or None
        )
    except registry.UnknownInstrument:
        raise ValidationError("This questionnaire is not available any more.", code="unknown") from None


@transaction.atomic
def do_correct(therapist: User, original: Administration, answers: Mapping[str, object], reason: str) -> Administration:
    """A corrected result: a new record pointing at the original, which is kept as it was."""
    client = original.client
    _require_treating(therapist, client)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Please say why these answers are being corrected.", code="reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(f"Please keep the reason to {MAX_REASON} characters or fewer.", code="reason")
    locked = _lock(original)
    if locked.status != Status.SUBMITTED:
        raise ValidationError("Only a completed questionnaire can be corrected.", code="not_submitted")
    if Administration.objects.filter(corrects=locked).exists():
        raise ValidationError("This result was already corrected; correct the newest version.", code="corrected")
    definition = _scored_with(locked)
    row = Administration(
        client=client,
        instrument_id=locked.instrument_id,
        mode=locked.mode,
        due_on=locked.due_on,
        entered_by=therapist,
        corrects=locked,
        correction_reason=reason,
    )
    assert locked.submitted_at is not None
    result = _store_result(row, definition, dict(answers), locked.submitted_at)
    record(Action.WRITE, "measures.correct", actor=therapist, client=client, target_ref=row.public_id)
    _after_result(row, result, therapist, replaces=locked)
    return row


# Starting without being asked.

#: Instruments a client may start of their own accord: process data for reflection (the rulers), not scales.
SELF_START = frozenset({"readiness"})


@transaction.atomic
def do_self_start(client_user: User, client: Client, instrument_id: str) -> Administration:
    """The client takes an instrument without waiting to be asked; one already waiting for them is used instead."""
    if not (client_user.is_client and client_user.is_active and client.user_id == client_user.pk):
        raise PermissionDenied("Only the client starts their own questionnaire.")
    if instrument_id not in SELF_START:
        raise ValidationError("Your therapist gives you this questionnaire when it is due.", code="not_self_start")
    _assignable(client, instrument_id)
    Client.objects.select_for_update().filter(pk=client.pk).first()  # a double tap starts one, not two
    waiting = Administration.objects.open().filter(client=client, instrument_id=instrument_id)
    if (found := waiting.order_by("due_on", "pk").first()) is not None:
        return found
    row = Administration.objects.create(client=client, instrument_id=instrument_id, due_on=client_today(client))
    record(Action.WRITE, "measures.self_start", actor=client_user, client=client, target_ref=row.public_id)
    return row
