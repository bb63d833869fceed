"""/api/v1/stage: a client's stage, since when, and its history; therapists move clients with a POST.

A client reads their own; a therapist names the client with ``?client=<id>`` (audited) and also
reads the checklist and her notes and reasons, which a client's answer leaves out (null).
"""

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from accounts.models import User
from api.api import NAME_THE_CLIENT, REFUSALS, Error, StrictSchema, api_user
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client, Stage
from stages.actions import do_move_stage
from stages.criteria import Check, Record, exit_checklist
from stages.models import NOTE_CHARS, REASON_CHARS, StageChange
from stages.queries import history_of

router = Router(tags=["stages"])


class StageWhose(StrictSchema):
    client: uuid.UUID | None = Field(None, description="StageWhose stage; a client may leave it out for their own.")


class StageCheckOut(StrictSchema):
    id: str
    label: str
    met: bool


class StageChangeOut(StrictSchema):
    id: uuid.UUID
    from_stage: Stage
    to_stage: Stage
    moved_at: datetime
    moved_by: str | None
    note: str | None = Field(description="The therapist's note: for therapists only, null for the client.")
    reason: str | None = Field(description="Why moved back or on with criteria unmet: for therapists only.")

    @classmethod
    def of(cls, change: StageChange, for_therapist: bool) -> "StageChangeOut":
        return cls(
            id=change.public_id,
            from_stage=Stage(change.from_stage),
            to_stage=Stage(change.to_stage),
            moved_at=change.moved_at,
            moved_by=change.moved_by.name if change.moved_by else None,
            note=change.note if for_therapist else None,
            reason=change.reason if for_therapist else None,
        )


class StageOut(StrictSchema):
    client: uuid.UUID
    stage: Stage
    stage_name: str
    since: datetime
    checklist: list[StageCheckOut] | None = Field(
        description="The current stage's exit criteria as the record shows them: for therapists only."
    )
    history: list[StageChangeOut]

    @classmethod
    def of(cls, client: Client, user: User) -> "StageOut":
        for_therapist = user.is_therapist
        checks: list[Check] = exit_checklist(client, Record(client)) if for_therapist else []
        return cls(
            client=client.public_id,
            stage=Stage(client.stage),
            stage_name=client.get_stage_display(),
            since=client.stage_since,
            checklist=[StageCheckOut(id=c.id, label=c.label, met=c.met) for c in checks] if for_therapist else None,
            history=[StageChangeOut.of(change, for_therapist) for change in history_of(client)],
        )


class StageMoveIn(StrictSchema):
    client: uuid.UUID
    to_stage: int = Field(ge=1, le=4)
    seen_stage: int | None = Field(
        None, ge=1, le=4, description="The stage you saw when deciding: if it has changed since, nothing moves (409)."
    )
    note: str = Field(max_length=NOTE_CHARS, description="A few words about this move (required).")
    reason: str = Field(
        "", max_length=REASON_CHARS, description="Needed to move back, or on with exit criteria not met."
    )
    confirmed: list[str] = Field(
        default_factory=list, max_length=10, description="Criteria you confirm by hand (e.g. 'connected')."
    )


@router.get(
    "/stage",
    response={200: StageOut, 404: Error, 422: Error, **REFUSALS},
    url_name="stage",
    summary="A client's stage and its history",
)
def stage(request: HttpRequest, query: Query[StageWhose]) -> StageOut:
    user = api_user(request)
    if query.client is not None:
        client = client_for(user, query.client)
    elif user.is_client:
        client = client_for(user, user.client.public_id)
    else:
        raise HttpError(404, NAME_THE_CLIENT)
    record_read(user, client, "api.stage")
    return StageOut.of(client, user)


@router.post(
    "/stage",
    url_name="stage",
    response={201: StageOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Move a client to another stage (their therapist only)",
)
def move(request: HttpRequest, body: StageMoveIn) -> Status[StageOut]:
    user = api_user(request)
    client = client_for(user, body.client)
    try:
        do_move_stage(
            user,
            client,
            body.to_stage,
            body.note,
            body.reason,
            seen_stage=body.seen_stage,
            confirmed=body.confirmed,
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        # Schema-valid but not a move that can be made as it stands: no reason, the same stage, a
        # discharged client, or someone moved the client since ``seen_stage``.
        raise HttpError(409, " ".join(exc.messages)) from exc
    return Status(201, StageOut.of(client, user))
