"""/api/v1/goals: a client's goals with their steps and reviews; the client and their therapist both write.

Reads: a client reads their own; a therapist passes ``?client=<id>`` (audited). Writes go through
the same actions as the pages. Errors are {"error": "..."}.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from accounts.models import User
from api.api import NAME_THE_CLIENT, REFUSALS, Error, StrictSchema, api_user
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from goals.actions import do_add_goal, do_add_step, do_review_goal, do_tick_step
from goals.models import (
    DESCRIPTION_CHARS,
    REVIEW_NOTE_CHARS,
    STEP_CHARS,
    TITLE_CHARS,
    Domain,
    Goal,
    GoalStatus,
    Review,
    Step,
)

router = Router(tags=["goals"])

T = TypeVar("T")


class GoalsWhose(StrictSchema):
    client: uuid.UUID | None = Field(None, description="GoalsWhose goals; a client may leave it out for their own.")


class GoalStepOut(StrictSchema):
    id: uuid.UUID
    text: str
    done_at: datetime | None

    @classmethod
    def of(cls, step: Step) -> "GoalStepOut":
        return cls(id=step.public_id, text=step.text, done_at=step.done_at)


class GoalReviewOut(StrictSchema):
    id: uuid.UUID
    progress: int
    note: str
    reviewed_at: datetime
    reviewed_by: str | None

    @classmethod
    def of(cls, review: Review) -> "GoalReviewOut":
        by = review.reviewed_by.name if review.reviewed_by else None
        return cls(
            id=review.public_id,
            progress=review.progress,
            note=review.note,
            reviewed_at=review.reviewed_at,
            reviewed_by=by,
        )


class GoalOut(StrictSchema):
    id: uuid.UUID
    domain: Domain
    title: str
    description: str
    status: GoalStatus
    target_date: date | None
    created_at: datetime
    steps: list[GoalStepOut]
    reviews: list[GoalReviewOut] = Field(description="Newest first.")

    @classmethod
    def of(cls, goal: Goal) -> "GoalOut":
        return cls(
            id=goal.public_id,
            domain=Domain(goal.domain),
            title=goal.title,
            description=goal.description,
            status=GoalStatus(goal.status),
            target_date=goal.target_date,
            created_at=goal.created_at,
            steps=[GoalStepOut.of(step) for step in goal.steps.all()],
            reviews=[GoalReviewOut.of(review) for review in goal.reviews.all()],
        )


class GoalIn(StrictSchema):
    client: uuid.UUID | None = Field(None, description="For whom; a client may leave it out for their own.")
    domain: Domain
    title: str = Field(min_length=1, max_length=TITLE_CHARS)
    description: str = Field("", max_length=DESCRIPTION_CHARS)
    target_date: date | None = None
    first_step: str = Field("", max_length=STEP_CHARS)


class GoalStepIn(StrictSchema):
    text: str = Field(min_length=1, max_length=STEP_CHARS)


class GoalTickIn(StrictSchema):
    done: bool


class GoalReviewIn(StrictSchema):
    progress: int = Field(ge=0, le=10, description="0 not started … 10 fully there")
    note: str = Field("", max_length=REVIEW_NOTE_CHARS)


def _whose(user: User, client_id: uuid.UUID | None) -> Client:
    if client_id is not None:
        return client_for(user, client_id)
    if user.is_client:
        return client_for(user, user.client.public_id)
    raise HttpError(404, NAME_THE_CLIENT)


def _goals(client: Client) -> QuerySet[Goal]:
    reviews = Prefetch("reviews", queryset=Review.objects.select_related("reviewed_by"))
    return Goal.objects.filter(client=client).prefetch_related("steps", reviews).order_by("created_at", "pk")


def _goal(user: User, goal_id: uuid.UUID) -> Goal:
    """One goal of a client this person may see; the same 404 for missing and not theirs."""
    try:
        return Goal.objects.select_related("client__user", "client__practice").get(
            client__in=Client.objects.visible_to(user), public_id=goal_id
        )
    except Goal.DoesNotExist as exc:
        raise Http404 from exc


def _write(run: Callable[[], T]) -> T:
    try:
        return run()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc


WRITES = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS}


@router.get(
    "/goals",
    response={200: list[GoalOut], 404: Error, 422: Error, **REFUSALS},
    url_name="goals",
    summary="Goals with their steps and reviews, oldest first",
)
def goals(request: HttpRequest, query: Query[GoalsWhose]) -> list[GoalOut]:
    user = api_user(request)
    client = _whose(user, query.client)
    record_read(user, client, "api.goals")
    return [GoalOut.of(goal) for goal in _goals(client)]


@router.post("/goals", url_name="goals", response={201: GoalOut, **WRITES}, summary="Add a goal")
def add_goal(request: HttpRequest, body: GoalIn) -> Status[GoalOut]:
    user = api_user(request)
    client = _whose(user, body.client)
    fields = body.model_dump(exclude={"client"})
    goal = _write(lambda: do_add_goal(user, client, **fields))
    return Status(201, GoalOut.of(_goals(client).get(pk=goal.pk)))


@router.get("/goals/{id}", url_name="goal", response={200: GoalOut, 404: Error, **REFUSALS}, summary="One goal")
def goal(request: HttpRequest, id: uuid.UUID) -> GoalOut:
    user = api_user(request)
    found = _goal(user, id)
    record_read(user, found.client, "api.goals", target_ref=found.public_id)
    return GoalOut.of(_goals(found.client).get(pk=found.pk))


@router.post("/goals/{id}/steps", url_name="goal_steps", response={201: GoalStepOut, **WRITES}, summary="Add a step")
def add_step(request: HttpRequest, id: uuid.UUID, body: GoalStepIn) -> Status[GoalStepOut]:
    user = api_user(request)
    goal = _goal(user, id)
    return Status(201, GoalStepOut.of(_write(lambda: do_add_step(user, goal, body.text))))


@router.patch(
    "/goals/{id}/steps/{step_id}",
    url_name="goal_step",
    response={200: GoalStepOut, **WRITES},
    summary="Mark a step done, or not done",
)
def tick_step(request: HttpRequest, id: uuid.UUID, step_id: uuid.UUID, body: GoalTickIn) -> GoalStepOut:
    user = api_user(request)
    goal = _goal(user, id)
    step = Step.objects.filter(goal=goal, public_id=step_id).select_related("goal__client").first()
    if step is None:
        raise Http404
    return GoalStepOut.of(_write(lambda: do_tick_step(user, step, body.done)))


@router.post(
    "/goals/{id}/reviews", url_name="goal_reviews", response={201: GoalReviewOut, **WRITES}, summary="Review a goal"
)
def review_goal(request: HttpRequest, id: uuid.UUID, body: GoalReviewIn) -> Status[GoalReviewOut]:
    user = api_user(request)
    goal = _goal(user, id)
    return Status(201, GoalReviewOut.of(_write(lambda: do_review_goal(user, goal, body.progress, body.note))))
