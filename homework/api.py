"""/api/v1/tasks: homework. The client reads and completes their own; their therapist reads, sets, takes off.

A therapist names the client with ``?client=<id>`` to list, and in the body to set a task.
Errors are {"error": "..."}.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from api.api import REFUSALS, Error, StrictSchema, api_user, client_named
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from homework.actions import NewTask, do_assign_task, do_cancel_task, do_complete_task
from homework.models import INSTRUCTIONS_CHARS, NOTE_CHARS, TITLE_CHARS, Kind, Task

router = Router(tags=["homework"])

THERAPIST_CANCELS = "Only the client's therapist can take a task off their list."


class Listing(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose tasks; a client may leave it out for their own.")
    state: Literal["open", "closed", "all"] = Field("all", description="Open, done or taken off (closed), or all.")
    limit: int = Field(30, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class TaskOut(StrictSchema):
    id: uuid.UUID
    client: uuid.UUID
    kind: Kind
    ref: str = Field(description="The module slug, instrument id, worksheet id or plan it points at; empty if custom.")
    title: str
    instructions: str
    due_on: date | None
    assigned_at: datetime
    status: Literal["open", "done", "cancelled"]
    completed_at: datetime | None
    completion_note: str
    cancelled_at: datetime | None
    closed_at_discharge: bool = Field(description="Cancelled because the client's programme ended, not by a therapist.")
    look_again: bool = Field(description="Set for work already done: the client is asked to look at it again.")

    @classmethod
    def of(cls, task: Task, client: Client) -> "TaskOut":
        status: Literal["open", "done", "cancelled"] = (
            "done" if task.completed_at else "cancelled" if task.cancelled_at else "open"
        )
        return cls(
            id=task.public_id,
            client=client.public_id,
            kind=Kind(task.kind),
            ref=task.ref,
            title=task.title,
            instructions=task.instructions,
            due_on=task.due_on,
            assigned_at=task.assigned_at,
            status=status,
            completed_at=task.completed_at,
            completion_note=task.completion_note,
            cancelled_at=task.cancelled_at,
            closed_at_discharge=task.closed_at_discharge,
            look_again=task.look_again,
        )


class TaskIn(StrictSchema):
    client: uuid.UUID = Field(description="The client you treat.")
    kind: Kind
    ref: str = Field(
        "",
        max_length=80,
        description="reading: a module slug; questionnaire: an instrument id; worksheet: narrative, "
        "decisional-balance, values, safety-plan, prevention-plan or intake; plan_review: recovery-plan or "
        "prevention-plan; custom: empty.",
    )
    title: str = Field(
        "", max_length=TITLE_CHARS, description="For a custom task; the others are named for what they are."
    )
    instructions: str = Field("", max_length=INSTRUCTIONS_CHARS)
    due_on: date | None = Field(None, description="The client's today or later, within a year; or none.")


class TaskChange(StrictSchema):
    status: Literal["done", "cancelled"] = Field(description="done: by the client; cancelled: by their therapist.")
    note: str = Field("", max_length=NOTE_CHARS, description="With done: a note for the therapist.")


def _task(request: HttpRequest, task_id: uuid.UUID) -> Task:
    """One task of a client this person may see (the client, or their therapist); 404 otherwise."""
    user = api_user(request)
    visible = Client.objects.visible_to(user).select_related("user", "practice")
    found = Task.objects.filter(client__in=visible, public_id=task_id).select_related("client__user").first()
    if found is None:
        raise HttpError(404, "Not found.")
    return found


def _run(run: Callable[[], Task]) -> Task:
    """An action's refusals as JSON errors: 403 not yours to do, 409 not possible as things stand."""
    try:
        return run()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc


@router.get(
    "/tasks",
    response={200: list[TaskOut], 404: Error, 422: Error, **REFUSALS},
    url_name="tasks",
    summary="Tasks, newest first",
)
def tasks(request: HttpRequest, query: Query[Listing]) -> list[TaskOut]:
    client = client_named(request, query.client, "api.tasks")
    rows = Task.objects.filter(client=client)
    if query.state == "open":
        rows = rows.open()
    elif query.state == "closed":
        rows = rows.exclude(completed_at__isnull=True, cancelled_at__isnull=True)
    rows = rows.order_by("-assigned_at", "-pk")[query.offset : query.offset + query.limit]
    return [TaskOut.of(task, client) for task in rows]


@router.post(
    "/tasks",
    url_name="tasks",
    response={201: TaskOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Set a task for a client you treat",
)
def assign(request: HttpRequest, body: TaskIn) -> Status[TaskOut]:
    user = api_user(request)
    if not user.is_therapist:
        raise HttpError(403, "Only a client's therapist sets their tasks.")
    client = client_for(user, body.client)
    new = NewTask(body.kind, body.ref, body.title, body.instructions, body.due_on)
    task = _run(lambda: do_assign_task(user, client, new))
    return Status(201, TaskOut.of(task, client))


@router.get(
    "/tasks/{uuid:id}",
    response={200: TaskOut, 404: Error, **REFUSALS},
    url_name="task",
    summary="One task",
)
def task(request: HttpRequest, id: uuid.UUID) -> TaskOut:
    found = _task(request, id)
    record_read(api_user(request), found.client, "api.tasks", target_ref=found.public_id)
    return TaskOut.of(found, found.client)


@router.patch(
    "/tasks/{uuid:id}",
    response={200: TaskOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    url_name="task",
    summary="Mark a task done (the client) or take it off the list (their therapist)",
)
def change(request: HttpRequest, id: uuid.UUID, body: TaskChange) -> TaskOut:
    user = api_user(request)
    found = _task(request, id)
    if body.status == "done":
        changed = _run(lambda: do_complete_task(user, found, body.note))
    elif not user.is_therapist:
        raise HttpError(403, THERAPIST_CANCELS)
    else:
        changed = _run(lambda: do_cancel_task(user, found))
    return TaskOut.of(changed, found.client)
