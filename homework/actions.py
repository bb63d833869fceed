"""Every change to a client's tasks: the therapist sets one or takes it off the list, the client marks it done.

Completion that flows back from other areas (a questionnaire sent, a module read) is in
homework/completion.py.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client
from homework import assignable
from homework.models import INSTRUCTIONS_CHARS, NOTE_CHARS, TITLE_CHARS, Closed, Kind, Task
from homework.worksheets import PLANS, WORKSHEETS
from privacy.access_log import zone_of

if TYPE_CHECKING:
    from measures.models import Schedule

MAX_DAYS_AHEAD = 365
NOT_TREATING = "You can only set tasks for clients you are treating."
CLIENTS_ONLY = "Only the client can mark their own tasks done."
PAST_DATE = "Choose today or a later date, or leave the date empty."
TOO_FAR = f"Choose a date within the next {MAX_DAYS_AHEAD} days."
WAS_CANCELLED = "Your therapist took this task off your list, so there is nothing to mark."
ENDED = "This task closed when your programme ended, so there is nothing to mark."
ALREADY_DONE = "This task is already done, so it stays on the record."


@dataclass(frozen=True)
class NewTask:
    """What the therapist asks for. ``ref`` is the module slug, instrument id, worksheet id or plan id;
    ``title`` is for a custom task (the others take their name from what they point at)."""

    kind: str
    ref: str = ""
    title: str = ""
    instructions: str = ""
    due_on: date | None = None


def client_today(client: Client, at: datetime | None = None) -> date:
    return timezone.localdate(at or timezone.now(), timezone=zone_of(client))


def _require_treating(therapist: User, client: Client) -> None:
    if not (
        therapist.is_active
        and therapist.is_therapist
        and Client.objects.visible_to(therapist).filter(pk=client.pk).exists()
    ):
        raise PermissionDenied(NOT_TREATING)


def _text(field: str, value: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError({field: f"Please keep this to {limit:,} characters or fewer (it has {len(value):,})."})
    return value


def _due(due_on: date | None, today: date) -> date | None:
    if due_on is None:
        return None
    if due_on < today:
        raise ValidationError({"due_on": PAST_DATE})
    if due_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"due_on": TOO_FAR})
    return due_on


def _title_for(client: Client, new: NewTask) -> tuple[str, str]:
    """The ref as stored and the title the client sees, or ValidationError naming the field at fault."""
    ref = new.ref.strip()
    if new.kind == Kind.CUSTOM:
        title = _text("title", new.title, TITLE_CHARS)
        if not title:
            raise ValidationError({"title": "Give the task a short title."})
        return "", title
    if new.kind == Kind.READING:
        modules = {module.slug: module.title for module in assignable.reading_modules()}
        if ref not in modules:
            raise ValidationError({"module": "Choose one of the course's modules."})
        return ref, modules[ref]
    if new.kind == Kind.QUESTIONNAIRE:
        offered = assignable.questionnaires(client)
        if ref not in offered:
            raise ValidationError({"instrument": "Choose one of the questionnaires offered."})
        return ref, offered[ref]
    if new.kind == Kind.WORKSHEET:
        if ref not in WORKSHEETS:
            raise ValidationError({"worksheet": "Choose one of the worksheets offered."})
        return ref, WORKSHEETS[ref].label
    if new.kind == Kind.PLAN_REVIEW:
        if ref not in PLANS:
            raise ValidationError({"plan": "Choose the plan to look over."})
        return ref, PLANS[ref].label
    raise ValidationError({"kind": "Choose what kind of task this is."})


def _done_already(client: Client, kind: str, ref: str) -> bool:
    """Whether the worksheet or plan a task points at is done already (so the task asks for another look)."""
    places = {Kind.WORKSHEET: WORKSHEETS, Kind.PLAN_REVIEW: PLANS}.get(Kind(kind), {})
    return ref in places and places[ref].done_already(client)


def _ask_questionnaire(therapist: User, client: Client, instrument_id: str, due_on: date | None) -> "Schedule | None":
    """Make the questionnaire due on the task's date (today if none), unless one is already waiting.

    Returns the schedule made, so taking the task off the list can withdraw it.
    """
    from measures.actions import do_schedule
    from measures.models import Administration

    if Administration.objects.open().filter(client=client, instrument_id=instrument_id).exists():
        return None
    today = client_today(client)
    return do_schedule(therapist, client, instrument_id, None, max(due_on or today, today))


def _withdraw_questionnaire(therapist: User, task: Task) -> None:
    """Withdraw the questionnaire the task asked for, unless the client has started it (then it can still be sent)."""
    from measures.actions import do_end_schedule

    if task.schedule is not None:
        task.schedule.client = task.client
        do_end_schedule(therapist, task.schedule)


def do_assign_task(therapist: User, client: Client, new: NewTask, *, at: datetime | None = None) -> Task:
    """Put a task on the client's list; a questionnaire is also made due, on the task's date, through the measures app.

    `at` is for loading history (the demo).
    """
    at = at or timezone.now()
    _require_treating(therapist, client)
    require_open_record(client)
    today = client_today(client, at)
    ref, title = _title_for(client, new)
    instructions = _text("instructions", new.instructions, INSTRUCTIONS_CHARS)
    due_on = _due(new.due_on, today)
    with transaction.atomic():
        # One assignment at a time per client, and never onto a record discharged meanwhile (its tasks just closed).
        locked = Client.objects.select_for_update().get(pk=client.pk)
        require_open_record(locked)
        if new.kind != Kind.CUSTOM and Task.objects.open().filter(client=client, kind=new.kind, ref=ref).exists():
            raise ValidationError(f"“{title}” is already on {client.name}'s list.")
        asked = _ask_questionnaire(therapist, client, ref, due_on) if new.kind == Kind.QUESTIONNAIRE else None
        task = Task.objects.create(
            client=client,
            kind=new.kind,
            ref=ref,
            title=title,
            instructions=instructions,
            due_on=due_on,
            assigned_by=therapist,
            assigned_at=at,
            look_again=_done_already(client, new.kind, ref),
            schedule=asked,
        )
        record(Action.WRITE, "homework.assign", actor=therapist, client=client, target_ref=task.public_id, at=at)
    return task


def _locked(task: Task) -> Task:
    rows = Task.objects.select_for_update(of=("self",)).select_related("client__user", "client__practice", "schedule")
    return rows.get(pk=task.pk)


def do_cancel_task(therapist: User, task: Task) -> Task:
    """Take an open task off the client's list, and the questionnaire it asked for if not started yet.

    It stays in the history; taking it off twice changes nothing.
    """
    client = task.client
    _require_treating(therapist, client)
    require_open_record(client)
    with transaction.atomic():
        row = _locked(task)
        if row.cancelled_at is not None:
            return row
        if row.completed_at is not None:
            raise ValidationError(ALREADY_DONE)
        row.cancelled_at, row.cancelled_because = timezone.now(), Closed.BY_THERAPIST
        row.save(update_fields=["cancelled_at", "cancelled_because"])
        _withdraw_questionnaire(therapist, row)
        record(Action.WRITE, "homework.cancel", actor=therapist, client=client, target_ref=row.public_id)
    return row


def close_tasks_at_discharge(therapist: User, client: Client, discharge_ref: uuid.UUID) -> int:
    """Close the client's open tasks because their programme ended; one audit row for them all.

    Called inside caseload.actions.do_discharge's atomic block. Re-opening the record leaves them
    closed: the therapist sets afresh whatever still fits. Returns how many it closed.
    """
    closed = (
        Task.objects.open()
        .filter(client=client)
        .update(cancelled_at=timezone.now(), cancelled_because=Closed.AT_DISCHARGE)
    )
    if closed:
        record(Action.WRITE, "homework.close_at_discharge", actor=therapist, client=client, target_ref=discharge_ref)
    return closed


def do_complete_task(client_user: User, task: Task, note: str = "", *, at: datetime | None = None) -> Task:
    """The client marks a task done, with a note for their therapist if they like. Twice changes nothing."""
    if not (client_user.is_active and client_user.is_client and task.client.user_id == client_user.pk):
        raise PermissionDenied(CLIENTS_ONLY)
    note = _text("note", note, NOTE_CHARS)
    with transaction.atomic():
        row = _locked(task)
        if row.completed_at is not None:
            return row
        if row.cancelled_at is not None:
            raise ValidationError(ENDED if row.closed_at_discharge else WAS_CANCELLED)
        row.completed_at = at or timezone.now()
        row.completion_note = note
        row.save(update_fields=["completed_at", "completion_note"])
        record(Action.WRITE, "homework.complete", actor=client_user, client=row.client, target_ref=row.public_id, at=at)
    return row
