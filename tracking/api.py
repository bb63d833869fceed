"""/api/v1/checkins, /urges and /lapses: the signed-in client's own, or a client their therapist names.

Reads: a client reads their own; a therapist passes ``?client=<id>`` (audited). Writes: the
client only, through the same actions as the pages. Errors are {"error": "..."}.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError
from pydantic import AwareDatetime

from accounts.models import User
from api.api import REFUSALS, Error, StrictSchema, api_user, client_named
from tracking import models as m
from tracking.actions import (
    CheckInAnswers,
    LapseEntry,
    UrgeEntry,
    do_check_in,
    do_log_urge,
    do_record_lapse,
)
from tracking.models import CheckIn, Device, Lapse, Outcome, Place, SleepQuality, Urge

router = Router(tags=["tracking"])


Row = TypeVar("Row", CheckIn, Urge, Lapse)


class Listing(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose entries; a client may leave it out for their own.")
    limit: int = Field(30, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class CheckInIn(StrictSchema):
    day: date = Field(description="The day on the client's own calendar: today or up to 7 days back.")
    mood: int = Field(ge=1, le=5, description="1 very low … 5 very good")
    urge: int = Field(ge=0, le=10)
    sober: bool
    hungry: bool = False
    angry: bool = False
    lonely: bool = False
    tired: bool = False
    sleep_hours: float | None = Field(None, ge=0, le=24, allow_inf_nan=False, description="Kept to tenths of an hour.")
    sleep_quality: SleepQuality | None = Field(None, description="1 poor, 2 okay, 3 good")
    note: str = Field("", max_length=m.NOTE_CHARS)
    idempotency_key: str = Field(
        "", max_length=m.KEY_CHARS, description="Send the same key again and nothing is stored twice."
    )


class CheckInOut(StrictSchema):
    id: uuid.UUID
    day: date
    mood: int
    urge: int
    sober: bool
    hungry: bool
    angry: bool
    lonely: bool
    tired: bool
    sleep_hours: float | None
    sleep_quality: int | None
    note: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, c: CheckIn) -> "CheckInOut":
        return cls(
            id=c.public_id,
            day=c.day,
            mood=c.mood,
            urge=c.urge,
            sober=c.sober,
            hungry=c.hungry,
            angry=c.angry,
            lonely=c.lonely,
            tired=c.tired,
            sleep_hours=float(c.sleep_hours) if c.sleep_hours is not None else None,
            sleep_quality=c.sleep_quality,
            note=c.note,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )


class UrgeIn(StrictSchema):
    occurred_at: AwareDatetime = Field(description="When, with its time zone; within the last year.")
    intensity: int = Field(ge=0, le=10)
    outcome: Outcome = Field(description="An urge that ended in a lapse records the lapse too.")
    trigger: str = Field("", max_length=40, description="A common trigger's code, or the id of one of your own.")
    new_trigger: str = Field(
        "", max_length=m.TRIGGER_CHARS, description="A new trigger of your own, added to your list."
    )
    place: Place | Literal[""] = ""
    alone: bool | None = None
    device: Device | Literal[""] = ""
    feeling: str = Field("", max_length=m.SHORT_CHARS)
    what_i_did: str = Field("", max_length=m.STEP_CHARS)
    notes: str = Field("", max_length=m.LONG_CHARS)
    idempotency_key: str = Field("", max_length=m.KEY_CHARS)


class UrgeOut(StrictSchema):
    id: uuid.UUID
    occurred_at: datetime
    intensity: int
    trigger: str
    place: str
    alone: bool | None
    device: str
    feeling: str
    what_i_did: str
    outcome: str
    notes: str
    lapse_id: uuid.UUID | None
    created_at: datetime

    @classmethod
    def of(cls, u: Urge) -> "UrgeOut":
        try:
            lapse = u.lapse.public_id if u.outcome == Outcome.LAPSE else None
        except Lapse.DoesNotExist:
            lapse = None
        return cls(
            id=u.public_id,
            occurred_at=u.occurred_at,
            intensity=u.intensity,
            trigger=u.trigger_label(),
            place=u.place,
            alone=u.alone,
            device=u.device,
            feeling=u.feeling,
            what_i_did=u.what_i_did,
            outcome=u.outcome,
            notes=u.notes,
            lapse_id=lapse,
            created_at=u.created_at,
        )


class LapseIn(StrictSchema):
    occurred_at: AwareDatetime = Field(description="When, with its time zone; not before the plan started.")
    what_happened: str = Field("", max_length=m.LONG_CHARS)
    vulnerability: str = Field("", max_length=m.STEP_CHARS)
    prompting_event: str = Field("", max_length=m.STEP_CHARS)
    thoughts_feelings_urges: str = Field("", max_length=m.STEP_CHARS)
    behaviour: str = Field("", max_length=m.STEP_CHARS)
    consequences: str = Field("", max_length=m.STEP_CHARS)
    do_differently: str = Field("", max_length=m.STEP_CHARS)
    review_with_therapist: bool = False
    idempotency_key: str = Field("", max_length=m.KEY_CHARS)


class LapseOut(StrictSchema):
    id: uuid.UUID
    occurred_at: datetime
    what_happened: str
    vulnerability: str
    prompting_event: str
    thoughts_feelings_urges: str
    behaviour: str
    consequences: str
    do_differently: str
    review_with_therapist: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, lapse: Lapse) -> "LapseOut":
        steps = {field: getattr(lapse, field) for field, _, _ in m.CHAIN_STEPS}
        return cls(
            id=lapse.public_id,
            occurred_at=lapse.occurred_at,
            what_happened=lapse.what_happened,
            review_with_therapist=lapse.review_with_therapist,
            created_at=lapse.created_at,
            updated_at=lapse.updated_at,
            **steps,
        )


def _page(rows: "QuerySet[Row]", query: Listing, out: Callable[[Row], Any]) -> list[Any]:
    return [out(row) for row in rows[query.offset : query.offset + query.limit]]


def _write(request: HttpRequest, run: Callable[[User], tuple[Any, bool]]) -> tuple[Any, bool]:
    """Run an action as the signed-in person, its refusals as JSON errors."""
    try:
        return run(api_user(request))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        # Schema-valid but not storable as it stands (a day outside the last week, a time
        # before the plan began): 409, leaving 422 for a body that does not fit the schema.
        raise HttpError(409, " ".join(exc.messages)) from exc


@router.get(
    "/checkins",
    response={200: list[CheckInOut], 404: Error, 422: Error, **REFUSALS},
    url_name="checkins",
    summary="Check-ins, newest first",
)
def checkins(request: HttpRequest, query: Query[Listing]) -> list[CheckInOut]:
    client = client_named(request, query.client, "api.checkins")
    return _page(CheckIn.objects.filter(client=client), query, CheckInOut.of)


@router.post(
    "/checkins",
    url_name="checkins",
    response={200: CheckInOut, 201: CheckInOut, 400: Error, 403: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Check in for a day (a second one that day updates it)",
)
def check_in(request: HttpRequest, body: CheckInIn) -> Status[CheckInOut]:
    values = body.model_dump(exclude={"day", "idempotency_key", "sleep_hours"})
    hours = None if body.sleep_hours is None else Decimal(str(round(body.sleep_hours, 1)))
    answers = CheckInAnswers(**values, sleep_hours=hours)
    saved, created = _write(request, lambda user: do_check_in(user, body.day, answers, body.idempotency_key))
    return Status(201 if created else 200, CheckInOut.of(saved))


@router.get(
    "/urges",
    response={200: list[UrgeOut], 404: Error, 422: Error, **REFUSALS},
    url_name="urges",
    summary="Urges, newest first",
)
def urges(request: HttpRequest, query: Query[Listing]) -> list[UrgeOut]:
    client = client_named(request, query.client, "api.urges")
    return _page(Urge.objects.filter(client=client).select_related("trigger", "lapse"), query, UrgeOut.of)


@router.post(
    "/urges",
    url_name="urges",
    response={200: UrgeOut, 201: UrgeOut, 400: Error, 403: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Log an urge",
)
def log_urge(request: HttpRequest, body: UrgeIn) -> Status[UrgeOut]:
    entry = UrgeEntry(**body.model_dump(exclude={"idempotency_key"}))
    saved, created = _write(request, lambda user: do_log_urge(user, entry, body.idempotency_key))
    return Status(201 if created else 200, UrgeOut.of(saved))


@router.get(
    "/lapses",
    response={200: list[LapseOut], 404: Error, 422: Error, **REFUSALS},
    url_name="lapses",
    summary="Lapse records, newest first",
)
def lapses(request: HttpRequest, query: Query[Listing]) -> list[LapseOut]:
    client = client_named(request, query.client, "api.lapses")
    return _page(Lapse.objects.filter(client=client), query, LapseOut.of)


@router.post(
    "/lapses",
    url_name="lapses",
    response={200: LapseOut, 201: LapseOut, 400: Error, 403: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Record a lapse",
)
def record_lapse(request: HttpRequest, body: LapseIn) -> Status[LapseOut]:
    entry = LapseEntry(**body.model_dump(exclude={"idempotency_key"}))
    saved, created = _write(request, lambda user: do_record_lapse(user, entry, body.idempotency_key))
    return Status(201 if created else 200, LapseOut.of(saved))
