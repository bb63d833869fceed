"""/api/v1/notes: a therapist's session notes for a client they treat.

Only the client's current therapist reads or writes them (everyone else gets 404, the client
too). Reads are audited. Writes go through the same actions as the pages: a draft, signing it
(which locks it), addenda on a signed note. Errors are {"error": "..."}.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from accounts.models import User
from api.api import NAME_THE_CLIENT, REFUSALS, Error, StrictSchema, api_user
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from notes.actions import NoteEntry, do_add_addendum, do_sign, do_write_draft
from notes.models import ADDENDUM_CHARS, MAX_MINUTES, MIN_MINUTES, SECTION_CHARS, Addendum, SessionNote
from notes.queries import addenda_of, notes_of

router = Router(tags=["notes"])

T = TypeVar("T")


class Listing(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose notes (required).")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class SectionOut(StrictSchema):
    key: str
    title: str
    text: str


class NoteSummaryOut(StrictSchema):
    id: uuid.UUID
    client: uuid.UUID
    format: str
    session_on: date
    duration_minutes: int
    status: Literal["draft", "signed"]
    author: str
    signed_at: datetime | None
    addenda: int

    @classmethod
    def of(cls, note: SessionNote) -> "NoteSummaryOut":
        return cls(
            id=note.public_id,
            client=note.client.public_id,
            format=note.format,
            session_on=note.session_on,
            duration_minutes=note.duration_minutes,
            status="signed" if note.is_signed else "draft",
            author=note.author.name,
            signed_at=note.signed_at,
            addenda=getattr(note, "addenda_count", 0),
        )


class AddendumOut(StrictSchema):
    id: uuid.UUID
    author: str
    created_at: datetime
    text: str

    @classmethod
    def of(cls, addendum: Addendum) -> "AddendumOut":
        return cls(
            id=addendum.public_id, author=addendum.author.name, created_at=addendum.created_at, text=addendum.text
        )


class NoteOut(StrictSchema):
    id: uuid.UUID
    client: uuid.UUID
    format: str
    session_on: date
    duration_minutes: int
    status: Literal["draft", "signed"]
    author: str
    sections: list[SectionOut]
    signed_at: datetime | None
    signed_by: str | None
    content_hash: str = Field(description="SHA-256 of what was signed; empty for a draft.")
    addenda: list[AddendumOut]

    @classmethod
    def of(cls, note: SessionNote) -> "NoteOut":
        return cls(
            id=note.public_id,
            client=note.client.public_id,
            format=note.format,
            session_on=note.session_on,
            duration_minutes=note.duration_minutes,
            status="signed" if note.is_signed else "draft",
            author=note.author.name,
            sections=[SectionOut(key=s.field, title=s.title, text=text) for s, text in note.section_texts()],
            signed_at=note.signed_at,
            signed_by=note.signed_by.name if note.signed_by else None,
            content_hash=note.content_hash,
            addenda=[AddendumOut.of(addendum) for addendum in addenda_of(note)] if note.is_signed else [],
        )


SectionText = Annotated[str, Field(max_length=SECTION_CHARS)]


class NoteIn(StrictSchema):
    client: uuid.UUID
    session_on: date = Field(description="Not in the future; within the last three years.")
    duration_minutes: int = Field(ge=MIN_MINUTES, le=MAX_MINUTES)
    sections: dict[str, SectionText] = Field(
        default_factory=dict,
        description="The practice's format: DAP has data, assessment, plan; SOAP has subjective, objective, "
        "assessment, plan. Missing sections are left empty in the draft.",
    )


class AddendumIn(StrictSchema):
    text: str = Field(min_length=1, max_length=ADDENDUM_CHARS)


def _client(user: User, client_id: uuid.UUID | None) -> Client:
    """A client the signed-in therapist treats; 404 for anyone else (notes are never the client's to read here)."""
    if client_id is None or not user.is_therapist:
        raise HttpError(404, NAME_THE_CLIENT)
    return client_for(user, client_id)


def _note(user: User, note_id: uuid.UUID) -> SessionNote:
    if not user.is_therapist:
        raise HttpError(404, "Not found.")
    visible = SessionNote.objects.filter(client__in=Client.objects.visible_to(user))
    note = visible.select_related("client__user", "client__practice", "author", "signed_by").filter(public_id=note_id)
    found = note.first()
    if found is None:
        raise HttpError(404, "Not found.")
    return found


def _write(run: Callable[[], T]) -> T:
    """Run an action, its refusals as JSON errors."""
    try:
        return run()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        # Schema-valid but not storable as it stands (a signed note, a discharged client, a future date): 409.
        raise HttpError(409, " ".join(exc.messages)) from exc


@router.get(
    "/notes",
    response={200: list[NoteSummaryOut], 404: Error, 422: Error, **REFUSALS},
    url_name="notes",
    summary="A client's session notes, newest session first",
)
def notes(request: HttpRequest, query: Query[Listing]) -> list[NoteSummaryOut]:
    user = api_user(request)
    client = _client(user, query.client)
    record_read(user, client, "api.notes")
    rows = notes_of(client).select_related("client")[query.offset : query.offset + query.limit]
    return [NoteSummaryOut.of(note) for note in rows]


@router.post(
    "/notes",
    url_name="notes",
    response={201: NoteOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Start a draft note in the practice's format",
)
def write_draft(request: HttpRequest, body: NoteIn) -> Status[NoteOut]:
    user = api_user(request)
    client = _client(user, body.client)
    entry = NoteEntry(body.session_on, body.duration_minutes, body.sections)
    note = _write(lambda: do_write_draft(user, client, entry))
    return Status(201, NoteOut.of(note))


@router.get(
    "/notes/{uuid:id}",
    response={200: NoteOut, 404: Error, **REFUSALS},
    url_name="note",
    summary="One session note with its addenda",
)
def note(request: HttpRequest, id: uuid.UUID) -> NoteOut:
    user = api_user(request)
    found = _note(user, id)
    record_read(user, found.client, "api.note", found.public_id)
    return NoteOut.of(found)


@router.post(
    "/notes/{uuid:id}/sign",
    response={200: NoteOut, 400: Error, 403: Error, 404: Error, 409: Error, **REFUSALS},
    url_name="note_sign",
    summary="Sign and lock your draft",
)
def sign(request: HttpRequest, id: uuid.UUID) -> NoteOut:
    user = api_user(request)
    found = _note(user, id)
    return NoteOut.of(_write(lambda: do_sign(user, found)))


@router.get(
    "/notes/{uuid:id}/addenda",
    response={200: list[AddendumOut], 404: Error, **REFUSALS},
    url_name="note_addenda",
    summary="A signed note's addenda, oldest first",
)
def addenda(request: HttpRequest, id: uuid.UUID) -> list[AddendumOut]:
    user = api_user(request)
    found = _note(user, id)
    record_read(user, found.client, "api.note", found.public_id)
    return [AddendumOut.of(addendum) for addendum in addenda_of(found)]


@router.post(
    "/notes/{uuid:id}/addenda",
    url_name="note_addenda",
    response={201: AddendumOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Add a signed addendum to a signed note",
)
def add_addendum(request: HttpRequest, id: uuid.UUID, body: AddendumIn) -> Status[AddendumOut]:
    user = api_user(request)
    found = _note(user, id)
    return Status(201, AddendumOut.of(_write(lambda: do_add_addendum(user, found, body.text))))
