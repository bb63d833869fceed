"""/api/v1/motivation/…: the decisional balance, what matters to me, and the rulers over time.

Reads: a client reads their own; a therapist passes ``?client=<id>`` (audited). Writes: the
client only, each a new dated version, through the same actions as the pages. Errors are
{"error": "..."}.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError
from pydantic import StringConstraints

from accounts.models import User
from api.api import REFUSALS, Error, StrictSchema, api_user, client_named
from caseload.access import client_for
from caseload.models import Client
from motivation.actions import MAX_ITEMS, MAX_VALUES, ValueChoice, boxes_of, do_save_balance, do_save_values
from motivation.models import ITEM_CHARS, VALUE_LINE_CHARS, VALUE_NAME_CHARS, BalanceVersion, ValuesVersion
from motivation.queries import RulerResult, ruler_results

router = Router(tags=["motivation"])

ONLY_THE_CLIENT = "Only the client can change their own worksheets."

T = TypeVar("T")
Item = Annotated[str, StringConstraints(max_length=ITEM_CHARS)]
ItemList = Annotated[list[Item], Field(max_length=MAX_ITEMS)]


class Listing(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose; a client may leave it out for their own.")
    limit: int = Field(30, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class Boxes(StrictSchema):
    """The four boxes, each a list of short items (blank ones are left out)."""

    stay_benefits: ItemList = Field(default_factory=list, description="Good things about how things are now")
    stay_costs: ItemList = Field(default_factory=list, description="Not so good things about how things are now")
    change_benefits: ItemList = Field(default_factory=list, description="Good things about changing")
    change_costs: ItemList = Field(default_factory=list, description="Not so good things about changing")


class BalanceOut(StrictSchema):
    id: uuid.UUID
    saved_at: datetime
    boxes: Boxes

    @classmethod
    def of(cls, version: BalanceVersion) -> "BalanceOut":
        return cls(id=version.public_id, saved_at=version.created_at, boxes=Boxes(**boxes_of(version)))


class ValueIn(StrictSchema):
    name: str = Field(min_length=1, max_length=VALUE_NAME_CHARS)
    most_important: bool = False
    why: str = Field("", max_length=VALUE_LINE_CHARS, description="Why it matters")
    fit: str = Field(
        "",
        max_length=VALUE_LINE_CHARS,
        description="How the behaviour the client wants to change fits with it, or clashes",
    )


class ValuesIn(StrictSchema):
    values: list[ValueIn] = Field(max_length=MAX_VALUES, description="Up to 5 may be marked most important.")


class ValuesOut(StrictSchema):
    id: uuid.UUID
    saved_at: datetime
    values: list[ValueIn]

    @classmethod
    def of(cls, version: ValuesVersion) -> "ValuesOut":
        values = [
            ValueIn(name=value.name, most_important=value.top, why=value.why, fit=value.fit)
            for value in version.chosen.all()
        ]
        return cls(id=version.public_id, saved_at=version.created_at, values=values)


class FollowUp(StrictSchema):
    question: str
    answer: str


class RulersOut(StrictSchema):
    id: uuid.UUID = Field(description="The questionnaire (readiness) it was answered in.")
    completed_on: date
    importance: int | None
    confidence: int | None
    readiness: int | None
    follow_up: list[FollowUp]

    @classmethod
    def of(cls, result: RulerResult) -> "RulersOut":
        scores = {score.key: score.score for score in result.scores}
        return cls(
            id=result.administration.public_id,
            completed_on=result.on,
            importance=scores.get("importance"),
            confidence=scores.get("confidence"),
            readiness=scores.get("readiness"),
            follow_up=[FollowUp(question=question, answer=answer) for question, answer in result.notes],
        )


def _write(request: HttpRequest, run: Callable[[User, Client], T]) -> T:
    """Run an action as the signed-in client on their own record, its refusals as JSON errors."""
    user = api_user(request)
    if not user.is_client:
        raise HttpError(403, ONLY_THE_CLIENT)
    try:
        return run(user, client_for(user, user.client.public_id))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        # Schema-valid but not storable (nothing in any box, nothing changed): 409, as elsewhere.
        raise HttpError(409, " ".join(exc.messages)) from exc


@router.get(
    "/motivation/balance",
    response={200: list[BalanceOut], 404: Error, 422: Error, **REFUSALS},
    url_name="motivation_balance",
    summary="Decisional balance versions, newest first",
)
def balance(request: HttpRequest, query: Query[Listing]) -> list[BalanceOut]:
    client = client_named(request, query.client, "api.motivation.balance")
    rows = BalanceVersion.objects.filter(client=client).prefetch_related("items")
    return [BalanceOut.of(version) for version in rows[query.offset : query.offset + query.limit]]


@router.post(
    "/motivation/balance",
    url_name="motivation_balance",
    response={201: BalanceOut, 400: Error, 403: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Save a new dated version of the decisional balance",
)
def save_balance(request: HttpRequest, body: Boxes) -> Status[BalanceOut]:
    version = _write(request, lambda user, client: do_save_balance(user, client, body.model_dump()))
    version = BalanceVersion.objects.prefetch_related("items").get(pk=version.pk)
    return Status(201, BalanceOut.of(version))


@router.get(
    "/motivation/values",
    response={200: list[ValuesOut], 404: Error, 422: Error, **REFUSALS},
    url_name="motivation_values",
    summary="What matters to me: versions, newest first",
)
def values(request: HttpRequest, query: Query[Listing]) -> list[ValuesOut]:
    client = client_named(request, query.client, "api.motivation.values")
    rows = ValuesVersion.objects.filter(client=client).prefetch_related("chosen")
    return [ValuesOut.of(version) for version in rows[query.offset : query.offset + query.limit]]


@router.post(
    "/motivation/values",
    url_name="motivation_values",
    response={201: ValuesOut, 400: Error, 403: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Save a new dated version of what matters to me",
)
def save_values(request: HttpRequest, body: ValuesIn) -> Status[ValuesOut]:
    chosen = [ValueChoice(value.name, value.most_important, value.why, value.fit) for value in body.values]
    version = _write(request, lambda user, client: do_save_values(user, client, chosen))
    version = ValuesVersion.objects.prefetch_related("chosen").get(pk=version.pk)
    return Status(201, ValuesOut.of(version))


@router.get(
    "/motivation/rulers",
    response={200: list[RulersOut], 404: Error, 422: Error, **REFUSALS},
    url_name="motivation_rulers",
    summary="Importance, confidence and readiness rulers over time, newest first",
)
def rulers(request: HttpRequest, query: Query[Listing]) -> list[RulersOut]:
    client = client_named(request, query.client, "api.motivation.rulers")
    results = ruler_results(client, limit=query.offset + query.limit)
    return [RulersOut.of(result) for result in results[query.offset :]]
