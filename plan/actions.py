"""Changes to a recovery plan: drafting it, revising it (always as a new version) and signing it."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client
from homework.completion import complete_tasks_for
from homework.models import Kind
from plan.models import (
    CIRCLE_GUIDE,
    PREVENTION_GUIDE,
    Circle,
    CircleItem,
    PlanVersion,
    PreventionEntry,
    PreventionKind,
    PreventionPlan,
    RecoveryPlan,
)
from privacy.access_log import zone_of

Party = Literal["client", "therapist"]
Circles = Mapping[str, Sequence[str]]

MIN_DAYS, MAX_DAYS = 1, 365
MAX_DAYS_BACK, MAX_DAYS_AHEAD = 365, 30
MAX_ITEMS, MAX_ITEM_CHARS = 30, 300
MAX_BREACH_CHARS, MAX_NOTE_CHARS = 2_000, 200
EMPTY_INNER = "Add at least one behaviour to your inner circle before signing."
OLDER_VERSION = "This is an older version of the plan. Only the newest version can be signed."
NOTHING_CHANGED = "Nothing has changed from the current version, so there is nothing new to save."


class StaleEdit(ValidationError):
    """The editor started from a version that someone else has since replaced."""


def party_of(actor: User, client: Client) -> Party:
    """The client themself, or their current therapist; anyone else may not touch the plan."""
    if actor.is_active and Client.objects.visible_to(actor).filter(pk=client.pk).exists():
        if actor.is_client:
            return "client"
        if actor.is_therapist:
            require_open_record(client)  # a discharged client's record is read-only for the therapist
            return "therapist"
    raise PermissionDenied("Only the client and their therapist can change this plan.")


def clean_start(starts_on: date, today: date) -> date:
    if starts_on < today - timedelta(days=MAX_DAYS_BACK):
        raise ValidationError({"abstinence_starts_on": "Choose a start date within the last year."})
    if starts_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"abstinence_starts_on": "Choose a start date no more than 30 days from today."})
    return starts_on


def clean_days(days: int) -> int:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError({"abstinence_days": "Choose a length from 1 to 365 days (40 to 90 days is common)."})
    return days


def clean_text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError({field: f"Please keep this to {limit} characters or fewer (it has {len(value)})."})
    return value


def clean_circles(circles: Circles) -> dict[str, list[str]]:
    """Each circle as a list of trimmed, distinct, non-empty items of a sensible length."""
    unknown = set(circles) - set(Circle.values)
    if unknown:
        raise ValidationError(f"There is no circle called {', '.join(sorted(unknown))}.")
    cleaned: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for circle, items in circles.items():
        texts = [str(item).strip() for item in items]
        name = CIRCLE_GUIDE[circle][0].lower()
        if any(not text for text in texts):
            errors[circle] = f"Your {name} has an empty item: remove it or write something in it."
        elif len(texts) > MAX_ITEMS:
            errors[circle] = f"Your {name} can hold up to {MAX_ITEMS} items; it has {len(texts)}."
        elif any(len(text) > MAX_ITEM_CHARS for text in texts):
            errors[circle] = f"Please keep each item in your {name} to {MAX_ITEM_CHARS} characters or fewer."
        elif len(set(texts)) < len(texts):
            errors[circle] = f"Your {name} lists the same item twice."
        cleaned[circle] = texts
    if errors:
        raise ValidationError(errors)
    return cleaned


def checked(**checks: Callable[[], Any]) -> dict[str, Any]:
    """Run every check and report all their problems at once, so a form shows each beside its field."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValidationError as exc:
            for field, messages in exc.update_error_dict({}).items():
                errors.setdefault(field, []).extend(str(message) for error in messages for message in error)
    if errors:
        raise ValidationError(errors)
    return values


def circles_of(version: PlanVersion) -> dict[str, list[str]]:
    circles: dict[str, list[str]] = {circle: [] for circle in Circle.values}
    for item in version.items.all():
        circles[item.circle].append(item.text)
    return circles


def _client_today(client: Client, at: datetime) -> date:
    return timezone.localdate(at, timezone=zone_of(client))


def _new_version(
    plan: RecoveryPlan, number: int, actor: User, at: datetime, circles: Circles, **fields: object
) -> PlanVersion:
    version = PlanVersion.objects.create(plan=plan, number=number, created_by=actor, created_at=at, **fields)
    CircleItem.objects.bulk_create(
        CircleItem(version=version, circle=circle, order=order, text=text)
        for circle in Circle.values
        for order, text in enumerate(circles.get(circle, []))
    )
    return version


def do_start_plan(
    actor: User,
    client: Client,
    abstinence_starts_on: date,
    abstinence_days: int,
    breach_definition: str,
    circles: Circles,
    change_note: str = "",
    *,
    at: datetime | None = None,
) -> PlanVersion:
    """Draft the first version of the client's plan; `at` is for loading history (the demo)."""
    at = at or timezone.now()
    party_of(actor, client)
    fields = checked(
        abstinence_starts_on=lambda: clean_start(abstinence_starts_on, _client_today(client, at)),
        abstinence_days=lambda: clean_days(abstinence_days),
        breach_definition=lambda: clean_text(breach_definition, "breach_definition", MAX_BREACH_CHARS),
        change_note=lambda: clean_text(change_note, "change_note", MAX_NOTE_CHARS) or "First version",
        circles=lambda: clean_circles(circles),
    )
    cleaned = fields.pop("circles")
    with transaction.atomic():
        if RecoveryPlan.objects.filter(client=client).exists():
            raise ValidationError("There is already a plan: change it instead of starting a new one.")
        plan = RecoveryPlan.objects.create(client=client, created_at=at)
        version = _new_version(plan, 1, actor, at, cleaned, **fields)
        record(Action.WRITE, "plan.start", actor=actor, client=client, target_ref=version.public_id, at=at)
    return version


def do_revise_plan(
    actor: User,
    client: Client,
    *,
    abstinence_starts_on: date | None = None,
    abstinence_days: int | None = None,
    breach_definition: str | None = None,
    circles: Circles | None = None,
    change_note: str = "",
    based_on: int | None = None,
    at: datetime | None = None,
) -> PlanVersion:
    """Save a new version: what is not given is copied forward, and both must sign it again.

    `based_on` is the version number the editor started from: if someone saved a newer one
    meanwhile, nothing is saved, so neither person's changes are lost without them knowing.
    """
    at = at or timezone.now()
    party_of(actor, client)
    with transaction.atomic():
        plan = RecoveryPlan.objects.select_for_update().filter(client=client).first()
        if plan is None:
            raise ValidationError("There is no plan to change yet: start one first.")
        current = plan.versions.prefetch_related("items").order_by("-number").first()
        if current is None:  # cannot happen: a plan is created with its first version
            raise ValidationError("There is no plan to change yet: start one first.")
        if based_on is not None and based_on != current.number:
            raise StaleEdit(
                "Someone else saved a change to the plan while you were editing, so yours is not saved yet. "
                "Have a look at the plan as it is now; saving again puts your version in its place."
            )
        starts_on = current.abstinence_starts_on if abstinence_starts_on is None else abstinence_starts_on
        fields = checked(
            # An old plan keeps its start date however long ago it was; a new one must be sensible.
            abstinence_starts_on=lambda: (
                starts_on
                if starts_on == current.abstinence_starts_on
                else clean_start(starts_on, _client_today(client, at))
            ),
            abstinence_days=lambda: clean_days(current.abstinence_days if abstinence_days is None else abstinence_days),
            breach_definition=lambda: (
                current.breach_definition
                if breach_definition is None
                else clean_text(breach_definition, "breach_definition", MAX_BREACH_CHARS)
            ),
            change_note=lambda: clean_text(change_note, "change_note", MAX_NOTE_CHARS),
            circles=lambda: clean_circles(circles or {}),
        )
        before = circles_of(current)
        after = {**before, **fields.pop("circles")}
        period = ("abstinence_starts_on", "abstinence_days", "breach_definition")
        if after == before and all(fields[name] == getattr(current, name) for name in period):
            raise ValidationError(NOTHING_CHANGED)
        version = _new_version(plan, current.number + 1, actor, at, after, **fields)
        record(Action.WRITE, "plan.revise", actor=actor, client=client, target_ref=version.public_id, at=at)
    return version


def do_sign(actor: User, version: PlanVersion, *, at: datetime | None = None) -> PlanVersion:
    """The client signs as client, their current therapist as therapist; only the newest version.

    Signing twice (a double tap on a slow connection) changes nothing, except that the client
    signing the version they signed before still counts as their plan-review task done.
    """
    at = at or timezone.now()
    client = version.plan.client
    party = party_of(actor, client)
    with transaction.atomic():
        RecoveryPlan.objects.select_for_update().filter(pk=version.plan_id).first()
        version.refresh_from_db()
        newest = (
            PlanVersion.objects.filter(plan_id=version.plan_id).order_by("-number").values_list("number", flat=True)
        )
        if version.number != newest.first():
            raise ValidationError(OLDER_VERSION)
        if not version.items.filter(circle=Circle.INNER).exists():
            raise ValidationError(EMPTY_INNER)
        if party == "client" and version.client_signed_at is None:
            version.client_signed_at = at
            version.save(update_fields=["client_signed_at"])
            complete_tasks_for(client, Kind.PLAN_REVIEW, "recovery-plan", actor=actor)
        elif party == "therapist" and version.therapist_signed_at is None:
            version.therapist_signed_at = at
            version.therapist_signed_by = actor
            version.save(update_fields=["therapist_signed_at", "therapist_signed_by"])
        else:
            if party == "client":  # going over the plan they already signed is the review done
                complete_tasks_for(client, Kind.PLAN_REVIEW, "recovery-plan", actor=actor)
            return version
        record(Action.WRITE, "plan.sign", actor=actor, client=client, target_ref=version.public_id, at=at)
    return version


# The relapse-prevention plan: one per client, saved whole (its entries replaced) and reviewed now and then.

MAX_ENTRIES = 40
MAX_WHAT_CHARS, MAX_WHEN_CHARS, MAX_SUBSTITUTE_CHARS, MAX_PEOPLE_CHARS = 300, 120, 500, 1_000
NEEDS_WHAT = "What is it? A few words are enough."
NEEDS_SUBSTITUTE = "What will you do instead?"
NO_PREVENTION_PLAN = "There is no relapse-prevention plan to review yet: write it first."


@dataclass(frozen=True)
class Entry:
    """One line of the plan as the actions take it: a trigger, warning sign or high-risk situation."""

    kind: str
    what: str
    substitute: str
    when: str = ""


def clean_entries(entries: Sequence[Entry]) -> list[Entry]:
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(
            {"entries": f"The plan can hold up to {MAX_ENTRIES} entries in all; this one has {len(entries)}."}
        )
    cleaned: list[Entry] = []
    for entry in entries:
        if entry.kind not in PreventionKind.values:
            raise ValidationError({"entries": f"There is no section called {entry.kind}."})
        section = PREVENTION_GUIDE[entry.kind][0].lower()
        what, when, substitute = entry.what.strip(), entry.when.strip(), entry.substitute.strip()
        if not what:
            raise ValidationError({"entries": f"An entry in {section} is empty. {NEEDS_WHAT}"})
        if not substitute:
            raise ValidationError({"entries": f"For \u201c{what[:60]}\u201d in {section}: {NEEDS_SUBSTITUTE}"})
        for text, limit in ((what, MAX_WHAT_CHARS), (when, MAX_WHEN_CHARS), (substitute, MAX_SUBSTITUTE_CHARS)):
            if len(text) > limit:
                raise ValidationError(
                    {"entries": f"In {section}, please keep each part to {limit} characters or fewer."}
                )
        cleaned.append(Entry(entry.kind, what, substitute, when))
    return cleaned


def do_save_prevention_plan(
    actor: User, client: Client, entries: Sequence[Entry], people: str, *, at: datetime | None = None
) -> PreventionPlan:
    """Save the whole plan: its entries are replaced by these, in this order, section by section."""
    at = at or timezone.now()
    party_of(actor, client)
    values = checked(
        entries=lambda: clean_entries(entries),
        people_to_call=lambda: clean_text(people, "people_to_call", MAX_PEOPLE_CHARS),
    )
    with transaction.atomic():
        plan = PreventionPlan.objects.select_for_update().filter(client=client).first()
        if plan is None:
            plan = PreventionPlan(client=client)
        plan.people_to_call = values["people_to_call"]
        plan.updated_at, plan.updated_by = at, actor
        plan.save()
        plan.entries.all().delete()
        order = {kind: 0 for kind in PreventionKind.values}
        rows = []
        for entry in values["entries"]:
            rows.append(
                PreventionEntry(
                    plan=plan,
                    kind=entry.kind,
                    order=order[entry.kind],
                    what=entry.what,
                    when=entry.when,
                    substitute=entry.substitute,
                )
            )
            order[entry.kind] += 1
        PreventionEntry.objects.bulk_create(rows)
        record(Action.WRITE, "plan.prevention.save", actor=actor, client=client, target_ref=plan.public_id, at=at)
        if actor.is_client:  # writing or going over their own plan is the worksheet, and the review, done
            complete_tasks_for(client, Kind.WORKSHEET, "prevention-plan", actor=actor)
            complete_tasks_for(client, Kind.PLAN_REVIEW, "prevention-plan", actor=actor)
    return plan


def do_review_prevention_plan(actor: User, client: Client, *, at: datetime | None = None) -> PreventionPlan:
    """Note that the client and/or their therapist went over the plan today."""
    at = at or timezone.now()
    party_of(actor, client)
    with transaction.atomic():
        plan = PreventionPlan.objects.select_for_update().filter(client=client).first()
        if plan is None:
            raise ValidationError(NO_PREVENTION_PLAN)
        plan.reviewed_at, plan.reviewed_by = at, actor
        plan.save(update_fields=["reviewed_at", "reviewed_by"])
        record(Action.WRITE, "plan.prevention.review", actor=actor, client=client, target_ref=plan.public_id, at=at)
    return plan
