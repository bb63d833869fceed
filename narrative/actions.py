"""Writing the story (the client, step by step) and commenting on it (their therapist)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client
from homework.completion import complete_tasks_for
from homework.models import Kind, Task
from lib.notify import notify_update
from narrative.models import COMMENT_CHARS, StepComment, StepVersion
from narrative.steps import Step, all_steps, step_by_id

CLIENTS_ONLY = "Only the client writes their own story."
THERAPIST_ONLY = "Only the client's own therapist can comment on their story."
NO_SUCH_STEP = "There is no such step in the story."
EMPTY_COMMENT = "Write your comment first: it is empty."
HOMEWORK_REF = "narrative"  # a worksheet task with this ref is done once every step has words


@dataclass(frozen=True)
class Saved:
    version: StepVersion
    created: bool  # a new version, rather than the newest one updated or nothing changed
    changed: bool


def own_client(user: User) -> Client:
    if not (user.is_active and user.is_client):
        raise PermissionDenied(CLIENTS_ONLY)
    try:
        return Client.objects.select_related("user", "practice").get(user=user)
    except Client.DoesNotExist as exc:
        raise PermissionDenied(CLIENTS_ONLY) from exc


def step_or_error(step_id: str) -> Step:
    step = step_by_id(step_id)
    if step is None:
        raise ValidationError(NO_SUCH_STEP)
    return step


def clean_text(step: Step, text: str) -> str:
    """Browsers send line breaks as two characters: count them as one, as the page does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > step.max_chars:
        raise ValidationError(
            {
                "text": f"This step can hold up to {step.max_chars:,} characters and yours has {len(text):,}. "
                "Your words are all still here: shorten them a little, then save again."
            }
        )
    return text if text.strip() else ""


def clean_choices(step: Step, chosen: Sequence[str]) -> str:
    known = [choice.id for choice in step.choices]
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise ValidationError({"choices": f"There is no choice called {', '.join(unknown)} on this step."})
    return ",".join(choice for choice in known if choice in chosen)


def _story_is_complete(client: Client) -> bool:
    from narrative.queries import latest_versions

    latest = latest_versions(client)
    return all(step.id in latest and latest[step.id].has_words for step in all_steps())


def _story_task_waits(client: Client, at: datetime) -> bool:
    """Whether a "My story" task set by this moment is still open (one small query)."""
    tasks = Task.objects.open().filter(client=client, kind=Kind.WORKSHEET, ref=HOMEWORK_REF, assigned_at__lte=at)
    return tasks.exists()


def do_save_step(
    client_user: User, step_id: str, text: str, chosen: Sequence[str] = (), *, at: datetime | None = None
) -> Saved:
    """Save the client's words for one step: a new version, or the newest one updated (VERSION_WINDOW).

    The same words again change nothing. One audit row per version, written when it is made. Any save
    while every step has words completes the "My story" tasks set by then, even ones set after the
    story was finished.
    """
    at = at or timezone.now()
    client = own_client(client_user)
    step = step_or_error(step_id)
    text = clean_text(step, text)
    choices = clean_choices(step, chosen)
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()  # one writer per story at a time
        newest = StepVersion.objects.filter(client=client, step=step.id).order_by("-number").first()
        if newest is not None and newest.text == text and newest.choices == choices:
            saved = Saved(newest, created=False, changed=False)
        elif newest is not None and newest.takes_save_at(at):
            newest.text, newest.choices, newest.saved_at = text, choices, at
            newest.save(update_fields=["text", "choices", "saved_at"])
            saved = Saved(newest, created=False, changed=True)
        else:
            number = newest.number + 1 if newest else 1
            version = StepVersion.objects.create(
                client=client, step=step.id, number=number, text=text, choices=choices, started_at=at, saved_at=at
            )
            record(
                Action.WRITE,
                "narrative.step.save",
                actor=client_user,
                client=client,
                target_ref=version.public_id,
                at=at,
            )
            saved = Saved(version, created=True, changed=True)
        if saved.version.has_words and _story_task_waits(client, at) and _story_is_complete(client):
            complete_tasks_for(client, Kind.WORKSHEET, HOMEWORK_REF)
    return saved


def do_comment_on_step(
    therapist: User, client: Client, step_id: str, text: str, *, at: datetime | None = None, notify: bool = True
) -> StepComment:
    """The treating therapist leaves a note on one step.

    The client gets a content-free "new update" email, unless an earlier comment is still unread
    (one email per visit's worth of notes), or ``notify`` is off (loading history for the demo).
    """
    at = at or timezone.now()
    if not (therapist.is_active and therapist.is_therapist):
        raise PermissionDenied(THERAPIST_ONLY)
    if not Client.objects.visible_to(therapist).filter(pk=client.pk).exists():
        raise PermissionDenied(THERAPIST_ONLY)
    require_open_record(client)
    step = step_or_error(step_id)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": EMPTY_COMMENT})
    if len(text) > COMMENT_CHARS:
        raise ValidationError(
            {"text": f"Please keep a comment to {COMMENT_CHARS:,} characters or fewer (it has {len(text):,})."}
        )
    with transaction.atomic():
        unread = StepComment.objects.filter(client=client, seen_at__isnull=True).exists()
        comment = StepComment.objects.create(client=client, step=step.id, author=therapist, text=text, created_at=at)
        record(Action.WRITE, "narrative.comment", actor=therapist, client=client, target_ref=comment.public_id, at=at)
        if notify and not unread:
            notify_update(client.user)
    return comment


def do_mark_comments_seen(client_user: User, step_id: str, *, at: datetime | None = None) -> int:
    """The client opened this step: its comments are no longer new. Returns how many were new."""
    at = at or timezone.now()
    client = own_client(client_user)
    step = step_or_error(step_id)
    with transaction.atomic():
        seen = StepComment.objects.filter(client=client, step=step.id, seen_at__isnull=True).update(seen_at=at)
        if seen:
            record(Action.WRITE, "narrative.comments.seen", actor=client_user, client=client, at=at)
    return seen
