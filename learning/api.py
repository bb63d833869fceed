"""/api/v1/learning/…: the course's modules, a client's reading progress, and their journal.

Modules are open to anyone signed in. Progress and journal: a client reads and writes their own; a
therapist passes ``?client=<id>`` to read progress and the entries the client shared (audited), and
an entry that was not shared answers 404 like a missing one. Errors are {"error": "..."}.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from accounts.models import User
from api.api import REFUSALS, Error, StrictSchema, api_user, client_named
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from learning import catalogue
from learning.actions import (
    do_delete_entry,
    do_edit_entry,
    do_finish_module,
    do_open_module,
    do_share_entry,
    do_write_reflection,
)
from learning.catalogue import Module
from learning.models import ENTRY_CHARS, KEY_CHARS, SLUG_CHARS, JournalEntry, ReadingProgress

router = Router(tags=["learning"])


T = TypeVar("T")


class ModuleOut(StrictSchema):
    slug: str
    title: str
    summary: str
    minutes: int = Field(description="The reading time, worked out from the text at 200 words a minute.")
    order: int
    reflections: list[str] = Field(description="The questions at the end, numbered from 1 in this order.")
    references: list[str]

    @classmethod
    def of(cls, m: Module) -> "ModuleOut":
        return cls(
            slug=m.slug,
            title=m.title,
            summary=m.summary,
            minutes=m.minutes,
            order=m.order,
            reflections=list(m.reflections),
            references=list(m.references),
        )


class ModuleDetailOut(ModuleOut):
    html: str = Field(description="The body as sanitised HTML; its headings start at h2 (the title is the h1).")

    @classmethod
    def of(cls, m: Module) -> "ModuleDetailOut":
        return cls(**ModuleOut.of(m).model_dump(), html=m.html)


class ProgressOut(StrictSchema):
    module: str
    title: str | None = Field(description="None when the module is no longer in the library.")
    opened_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, p: ReadingProgress) -> "ProgressOut":
        title = catalogue.title_of(f"module:{p.slug}")
        return cls(module=p.slug, title=title, opened_at=p.opened_at, finished_at=p.finished_at)


class EntryOut(StrictSchema):
    id: uuid.UUID
    source: str = Field(description='Where the entry came from, e.g. "module:five-cs".')
    prompt: str
    text: str
    shared_with_therapist: bool
    shared_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, e: JournalEntry) -> "EntryOut":
        return cls(
            id=e.public_id,
            source=e.source,
            prompt=e.prompt,
            text=e.text,
            shared_with_therapist=e.shared_with_therapist,
            shared_at=e.shared_at,
            created_at=e.created_at,
            updated_at=e.updated_at,
        )


class EntryIn(StrictSchema):
    module: str = Field(max_length=SLUG_CHARS, pattern=r"^[a-z0-9-]+$")
    question: int = Field(ge=1, le=2, description="Which of the module's reflection questions, from 1.")
    text: str = Field(min_length=1, max_length=ENTRY_CHARS)
    shared_with_therapist: bool = False
    idempotency_key: str = Field(
        "", max_length=KEY_CHARS, description="Send the same key again and nothing is stored twice."
    )


class EntryChange(StrictSchema):
    text: str | None = Field(None, min_length=1, max_length=ENTRY_CHARS)
    shared_with_therapist: bool | None = None


class Whose(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose; a client may leave it out for their own.")
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class OnlyWhose(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose; a client may leave it out for their own.")


def _visible_entries(user: User, client: Client) -> QuerySet[JournalEntry]:
    rows = JournalEntry.objects.filter(client=client)
    return rows if client.user_id == user.pk else rows.filter(shared_with_therapist=True)


def _write(request: HttpRequest, run: Callable[[User], T]) -> T:
    try:
        return run(api_user(request))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc


def _module(slug: str) -> Module:
    found = catalogue.module(slug)
    if found is None:
        raise HttpError(404, "There is no such module in the library.")
    return found


def _own_entry(request: HttpRequest, id: uuid.UUID) -> JournalEntry:
    """The signed-in client's entry, or 404 (for someone else's too)."""
    user = api_user(request)
    found = JournalEntry.objects.filter(public_id=id, client__user=user).first() if user.is_client else None
    if found is None:
        raise HttpError(404, "Not found.")
    return found


@router.get(
    "/learning/modules",
    response={200: list[ModuleOut], **REFUSALS},
    url_name="learning_modules",
    summary="The course's modules, in library order",
)
def modules(request: HttpRequest) -> list[ModuleOut]:
    return [ModuleOut.of(m) for m in catalogue.modules()]


@router.get(
    "/learning/modules/{slug}",
    response={200: ModuleDetailOut, 404: Error, **REFUSALS},
    url_name="learning_module",
    summary="One module, with its body as sanitised HTML",
)
def module(request: HttpRequest, slug: str) -> ModuleDetailOut:
    return ModuleDetailOut.of(_module(slug))


@router.get(
    "/learning/progress",
    response={200: list[ProgressOut], 404: Error, 422: Error, **REFUSALS},
    url_name="learning_progress",
    summary="Reading progress: every module opened, and when it was finished",
)
def progress(request: HttpRequest, query: Query[OnlyWhose]) -> list[ProgressOut]:
    client = client_named(request, query.client, "api.learning_progress")
    return [ProgressOut.of(p) for p in ReadingProgress.objects.filter(client=client)]


@router.post(
    "/learning/progress/{slug}/opened",
    response={200: ProgressOut, 403: Error, 404: Error, 409: Error, **REFUSALS},
    url_name="learning_opened",
    summary="Mark a module started (the first time only)",
)
def opened(request: HttpRequest, slug: str) -> ProgressOut:
    found = _module(slug)
    return ProgressOut.of(_write(request, lambda user: do_open_module(user, found.slug)))


@router.post(
    "/learning/progress/{slug}/finished",
    response={200: ProgressOut, 403: Error, 404: Error, 409: Error, **REFUSALS},
    url_name="learning_finished",
    summary="Mark a module read, completing any reading task set for it",
)
def finished(request: HttpRequest, slug: str) -> ProgressOut:
    found = _module(slug)
    return ProgressOut.of(_write(request, lambda user: do_finish_module(user, found.slug)))


@router.get(
    "/learning/journal",
    response={200: list[EntryOut], 404: Error, 422: Error, **REFUSALS},
    url_name="learning_journal",
    summary="Journal entries, newest first (a therapist sees only the shared ones)",
)
def journal(request: HttpRequest, query: Query[Whose]) -> list[EntryOut]:
    client = client_named(request, query.client, "api.learning_journal")
    rows = _visible_entries(api_user(request), client)[query.offset : query.offset + query.limit]
    return [EntryOut.of(e) for e in rows]


@router.post(
    "/learning/journal",
    response={200: EntryOut, 201: EntryOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    url_name="learning_journal",
    summary="Answer one of a module's reflection questions",
)
def write(request: HttpRequest, body: EntryIn) -> Status[EntryOut]:
    found = _module(body.module)
    entry, created = _write(
        request,
        lambda user: do_write_reflection(
            user,
            found.slug,
            body.question,
            body.text,
            share=body.shared_with_therapist,
            key=body.idempotency_key,
        ),
    )
    return Status(201 if created else 200, EntryOut.of(entry))


@router.get(
    "/learning/journal/{id}",
    response={200: EntryOut, 404: Error, **REFUSALS},
    url_name="learning_entry",
    summary="One journal entry (a therapist: only one the client shared)",
)
def entry(request: HttpRequest, id: uuid.UUID) -> EntryOut:
    user = api_user(request)
    found = JournalEntry.objects.select_related("client__user", "client__practice").filter(public_id=id).first()
    if found is None:
        raise HttpError(404, "Not found.")
    client = client_for(user, found.client.public_id)  # 404 unless the person may see this client
    if not _visible_entries(user, client).filter(pk=found.pk).exists():
        raise HttpError(404, "Not found.")
    record_read(user, client, "api.learning_journal", target_ref=found.public_id)
    return EntryOut.of(found)


@router.patch(
    "/learning/journal/{id}",
    response={200: EntryOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    url_name="learning_entry",
    summary="Change an entry's text, or share it or stop sharing it",
)
def change(request: HttpRequest, id: uuid.UUID, body: EntryChange) -> EntryOut:
    found = _own_entry(request, id)
    with transaction.atomic():  # both changes or neither
        if body.text is not None:
            text = body.text
            _write(request, lambda user: do_edit_entry(user, found, text))
        if body.shared_with_therapist is not None:
            shared = body.shared_with_therapist
            _write(request, lambda user: do_share_entry(user, found, shared))
    return EntryOut.of(found)


@router.delete(
    "/learning/journal/{id}",
    response={204: None, 403: Error, 404: Error, **REFUSALS},
    url_name="learning_entry",
    summary="Delete an entry",
)
def delete(request: HttpRequest, id: uuid.UUID) -> Status[None]:
    found = _own_entry(request, id)
    _write(request, lambda user: do_delete_entry(user, found))
    return Status(204, None)
