"""Changes to a client's goals: adding and changing them, their steps, and reviews of progress.

The client and their therapist may each do all of it; the therapist not on a discharged record.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client
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
from privacy.access_log import zone_of

MAX_GOALS = 40
MAX_STEPS = 30
MAX_YEARS_AHEAD = 5
NOT_THEIRS = "Only the client and their therapist can change these goals."


def check_party(actor: User, client: Client) -> None:
    """The client themself, or their current therapist (whose record must still be open)."""
    if not (actor.is_active and (actor.is_client or actor.is_therapist)):
        raise PermissionDenied(NOT_THEIRS)
    if not Client.objects.visible_to(actor).filter(pk=client.pk).exists():
        raise PermissionDenied(NOT_THEIRS)
    if actor.is_therapist:
        require_open_record(client)


def clean_text(value: str, field: str, limit: int, *, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Please keep this to {limit} characters or fewer (it has {len(value)})."})
    return value


def clean_domain(domain: str) -> str:
    if domain not in Domain.values:
        raise ValidationError({"domain": "Choose one of the six areas."})
    return domain


def clean_target(target: date | None, client: Client, at: datetime, current: date | None = None) -> date | None:
    """A date to aim for: today or later, within a few years (a goal's existing date may stay as it is)."""
    if target is None or target == current:
        return target
    today = timezone.localdate(at, timezone=zone_of(client))
    if target < today:
        raise ValidationError({"target_date": "Choose today or a date still to come."})
    if target > today + timedelta(days=365 * MAX_YEARS_AHEAD):
        raise ValidationError({"target_date": f"Choose a date within the next {MAX_YEARS_AHEAD} years."})
    return target


def do_add_goal(
    actor: User,
    client: Client,
    domain: str,
    title: str,
    description: str = "",
    target_date: date | None = None,
    first_step: str = "",
    *,
    at: datetime | None = None,
) -> Goal:
    """A new goal, active from now, with a first step if given; ``at`` is for loading history (the demo)."""
    at = at or timezone.now()
    check_party(actor, client)
    domain = clean_domain(domain)
    title = clean_text(title, "title", TITLE_CHARS, required="Give the goal a name: a few words are enough.")
    description = clean_text(description, "description", DESCRIPTION_CHARS)
    target_date = clean_target(target_date, client, at)
    first_step = clean_text(first_step, "first_step", STEP_CHARS)
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        if Goal.objects.filter(client=client).count() >= MAX_GOALS:
            raise ValidationError(f"There is room for {MAX_GOALS} goals; set one aside or remove one first.")
        goal = Goal.objects.create(
            client=client,
            domain=domain,
            title=title,
            description=description,
            target_date=target_date,
            created_by=actor,
            created_at=at,
            updated_at=at,
        )
        record(Action.WRITE, "goals.add", actor=actor, client=client, target_ref=goal.public_id, at=at)
        if first_step:
            do_add_step(actor, goal, first_step, at=at)
    return goal


def do_change_goal(
    actor: User,
    goal: Goal,
    *,
    domain: str,
    title: str,
    description: str,
    target_date: date | None,
    status: str,
    at: datetime | None = None,
) -> Goal:
    """Change what a goal says, or mark it achieved or set aside (or active again)."""
    at = at or timezone.now()
    client = goal.client
    check_party(actor, client)
    if status not in GoalStatus.values:
        raise ValidationError({"status": "Choose working on it, achieved or set aside."})
    goal.domain = clean_domain(domain)
    goal.title = clean_text(title, "title", TITLE_CHARS, required="Give the goal a name: a few words are enough.")
    goal.description = clean_text(description, "description", DESCRIPTION_CHARS)
    goal.target_date = clean_target(target_date, client, at, current=goal.target_date)
    goal.status = status
    goal.updated_at = at
    with transaction.atomic():
        goal.save()
        record(Action.WRITE, "goals.change", actor=actor, client=client, target_ref=goal.public_id, at=at)
    return goal


def do_add_step(actor: User, goal: Goal, text: str, *, at: datetime | None = None) -> Step:
    at = at or timezone.now()
    client = goal.client
    check_party(actor, client)
    text = clean_text(text, "text", STEP_CHARS, required="Write the step: one small thing you can do.")
    with transaction.atomic():
        Goal.objects.select_for_update().filter(pk=goal.pk).first()
        steps = Step.objects.filter(goal=goal).aggregate(count=Count("pk"), last=Max("order"))
        if steps["count"] >= MAX_STEPS:
            raise ValidationError(f"A goal can have up to {MAX_STEPS} steps.")
        order = 0 if steps["last"] is None else steps["last"] + 1
        step = Step.objects.create(goal=goal, order=order, text=text, created_by=actor, created_at=at)
        record(Action.WRITE, "goals.step.add", actor=actor, client=client, target_ref=step.public_id, at=at)
    return step


def do_tick_step(actor: User, step: Step, done: bool, *, at: datetime | None = None) -> Step:
    """Mark a step done (or not done after all); the same twice changes nothing."""
    at = at or timezone.now()
    client = step.goal.client
    check_party(actor, client)
    with transaction.atomic():
        step.refresh_from_db(fields=["done_at"])
        if step.is_done == done:
            return step
        step.done_at = at if done else None
        step.save(update_fields=["done_at"])
        record(Action.WRITE, "goals.step.tick", actor=actor, client=client, target_ref=step.public_id, at=at)
    return step


def do_review_goal(actor: User, goal: Goal, progress: int, note: str = "", *, at: datetime | None = None) -> Review:
    """How far along the goal is now, 0 to 10, with a note: by the client or their therapist."""
    at = at or timezone.now()
    client = goal.client
    check_party(actor, client)
    if not isinstance(progress, int) or not 0 <= progress <= 10:
        raise ValidationError({"progress": "Choose a number from 0 (not started) to 10 (fully there)."})
    note = clean_text(note, "note", REVIEW_NOTE_CHARS)
    with transaction.atomic():
        review = Review.objects.create(goal=goal, reviewed_by=actor, reviewed_at=at, progress=progress, note=note)
        record(Action.WRITE, "goals.review", actor=actor, client=client, target_ref=review.public_id, at=at)
    return review
