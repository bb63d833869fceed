"""/api/v1/story: the client's story, step by step.

Reads: a client reads their own; their therapist passes ``?client=<id>`` (audited). Writes: the
client saves their own steps, the therapist comments on a step, through the same actions as the
pages. Unknown steps and clients are 404; errors are {"error": "..."}.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from accounts.models import User
from api.api import REFUSALS, Error, StrictSchema, api_user, client_named
from caseload.access import client_for
from caseload.models import Client
from narrative.actions import do_comment_on_step, do_mark_comments_seen, do_save_step
from narrative.models import COMMENT_CHARS, StepComment, StepVersion
from narrative.queries import StepRow, comments_of, story_of, versions_of
from narrative.steps import MAX_CHARS, Step, step_by_id

router = Router(tags=["narrative"])

NO_SUCH_STEP = "Not found. There is no such step."


class Whose(StrictSchema):
    client: uuid.UUID | None = Field(None, description="Whose story; a client may leave it out for their own.")


class ChoiceOut(StrictSchema):
    id: str
    label: str
    explanation: str


class CommentOut(StrictSchema):
    id: uuid.UUID
    author: str
    text: str
    created_at: datetime
    seen_by_client: bool

    @classmethod
    def of(cls, comment: StepComment) -> "CommentOut":
        return cls(
            id=comment.public_id,
            author=comment.author_name,
            text=comment.text,
            created_at=comment.created_at,
            seen_by_client=comment.seen_at is not None,
        )


class StepOut(StrictSchema):
    id: str
    number: int
    title: str
    question: str
    hint: str
    max_chars: int
    choices: list[ChoiceOut]
    text: str
    chosen: list[str]
    written: bool
    version: int | None = Field(description="The newest version's number (also how many there are); null before any.")
    saved_at: datetime | None
    comments: list[CommentOut]

    @classmethod
    def of(cls, row: StepRow) -> "StepOut":
        step, version = row.step, row.version
        return cls(
            id=step.id,
            number=step.number,
            title=step.title,
            question=step.question,
            hint=step.hint,
            max_chars=step.max_chars,
            choices=[ChoiceOut(id=c.id, label=c.label, explanation=c.explanation) for c in step.choices],
            text=version.text if version else "",
            chosen=version.chosen if version else [],
            written=row.written,
            version=version.number if version else None,
            saved_at=version.saved_at if version else None,
            comments=[CommentOut.of(comment) for comment in row.comments],
        )


class StoryOut(StrictSchema):
    client: uuid.UUID
    written: int
    total: int
    next_step: str | None = Field(description="The first step without words: where to carry on.")
    steps: list[StepOut]


class VersionOut(StrictSchema):
    id: uuid.UUID
    number: int
    text: str
    chosen: list[str]
    started_at: datetime
    saved_at: datetime

    @classmethod
    def of(cls, version: StepVersion) -> "VersionOut":
        return cls(
            id=version.public_id,
            number=version.number,
            text=version.text,
            chosen=version.chosen,
            started_at=version.started_at,
            saved_at=version.saved_at,
        )


class StepIn(StrictSchema):
    text: str = Field("", max_length=MAX_CHARS, description="The step's words; each step has its own max_chars.")
    chosen: list[str] = Field([], max_length=20, description="Ids of the step's choices that fit.")


class CommentIn(StrictSchema):
    client: uuid.UUID
    text: str = Field(max_length=COMMENT_CHARS)


def _step(step_id: str) -> Step:
    step = step_by_id(step_id)
    if step is None:
        raise HttpError(404, NO_SUCH_STEP)
    return step


def _write(request: HttpRequest, run: Callable[[User], Any]) -> Any:
    """Run an action as the signed-in person, its refusals as JSON errors."""
    try:
        return run(api_user(request))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        # Schema-valid but not storable as it stands (longer than the step holds, an empty
        # comment, a discharged client's record): 409, leaving 422 for a body that does not fit.
        raise HttpError(409, " ".join(exc.messages)) from exc


def _seen_by_their_client(request: HttpRequest, comments: Sequence[StepComment], step: Step) -> None:
    """The client read this step's comments: no longer new (as on the step page, this answer still says new)."""
    user = api_user(request)
    if user.is_client and any(comment.seen_at is None for comment in comments):
        do_mark_comments_seen(user, step.id)


def _row(client: Client, step: Step) -> StepRow:
    return next(row for row in story_of(client).rows if row.step.id == step.id)


@router.get(
    "/story",
    response={200: StoryOut, 404: Error, 422: Error, **REFUSALS},
    url_name="story",
    summary="The story: every step's newest words and the therapist's comments",
)
def story(request: HttpRequest, query: Query[Whose]) -> StoryOut:
    client = client_named(request, query.client, "api.narrative")
    found = story_of(client)
    return StoryOut(
        client=client.public_id,
        written=found.written,
        total=found.total,
        next_step=found.next_step.id if found.next_step else None,
        steps=[StepOut.of(row) for row in found.rows],
    )


@router.get(
    "/story/{step_id}",
    response={200: StepOut, 404: Error, 422: Error, **REFUSALS},
    url_name="story_step",
    summary="One step of the story",
)
def story_step(request: HttpRequest, step_id: str, query: Query[Whose]) -> StepOut:
    step = _step(step_id)
    row = _row(client_named(request, query.client, "api.narrative"), step)
    _seen_by_their_client(request, row.comments, step)
    return StepOut.of(row)


@router.post(
    "/story/{step_id}",
    url_name="story_step",
    response={200: StepOut, 201: StepOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Save your words for one step (201 when it starts a new version)",
)
def save_step(request: HttpRequest, step_id: str, body: StepIn) -> Status[StepOut]:
    step = _step(step_id)
    saved = _write(request, lambda user: do_save_step(user, step.id, body.text, body.chosen))
    return Status(201 if saved.created else 200, StepOut.of(_row(saved.version.client, step)))


@router.get(
    "/story/{step_id}/versions",
    response={200: list[VersionOut], 404: Error, 422: Error, **REFUSALS},
    url_name="story_versions",
    summary="Every version of one step, newest first",
)
def story_versions(request: HttpRequest, step_id: str, query: Query[Whose]) -> list[VersionOut]:
    step = _step(step_id)
    client = client_named(request, query.client, "api.narrative.versions")
    return [VersionOut.of(version) for version in versions_of(client, step)]


@router.get(
    "/story/{step_id}/comments",
    response={200: list[CommentOut], 404: Error, 422: Error, **REFUSALS},
    url_name="story_comments",
    summary="The therapist's comments on one step, oldest first",
)
def story_comments(request: HttpRequest, step_id: str, query: Query[Whose]) -> list[CommentOut]:
    step = _step(step_id)
    client = client_named(request, query.client, "api.narrative.comments")
    comments = comments_of(client, step)
    _seen_by_their_client(request, comments, step)
    return [CommentOut.of(comment) for comment in comments]


@router.post(
    "/story/{step_id}/comments",
    url_name="story_comments",
    response={201: CommentOut, 400: Error, 403: Error, 404: Error, 409: Error, 422: Error, **REFUSALS},
    summary="Comment on one step of your client's story (their therapist only)",
)
def comment_on_step(request: HttpRequest, step_id: str, body: CommentIn) -> Status[CommentOut]:
    step = _step(step_id)
    client = client_for(api_user(request), body.client)
    comment = _write(request, lambda user: do_comment_on_step(user, client, step.id, body.text))
    return Status(201, CommentOut.of(comment))
