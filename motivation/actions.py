"""Saving the client's decisional balance and values: always as a new dated version, only by the client."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from homework.completion import complete_tasks_for
from homework.models import Kind
from motivation.models import (
    ITEM_CHARS,
    VALUE_LINE_CHARS,
    VALUE_NAME_CHARS,
    BalanceItem,
    BalanceVersion,
    Box,
    ChosenValue,
    ValuesVersion,
)

BALANCE_WORKSHEET = "decisional-balance"
VALUES_WORKSHEET = "values"
MAX_ITEMS = 20  # per box
MAX_VALUES = 30
MAX_TOP = 5
EMPTY_BALANCE = "Write at least one thing in any of the four boxes before saving."
EMPTY_VALUES = "Choose at least one value before saving."
NOTHING_CHANGED = "Nothing has changed since your last version, so there is nothing new to save."

Boxes = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class ValueChoice:
    """One value as the client chose it: its name, whether it is one of the most important, and their lines."""

    name: str
    top: bool = False
    why: str = ""
    fit: str = ""


def require_own(actor: User, client: Client) -> None:
    """These are the client's own reflections: only they write them (their therapist reads)."""
    if not (actor.is_active and actor.is_client and client.user_id == actor.pk):
        raise PermissionDenied("Only the client can change their own worksheets.")


def box_title(box: str) -> str:
    return Box(box).label.lower()


def clean_boxes(boxes: Boxes) -> dict[str, list[str]]:
    """Each box as trimmed, distinct items; blank ones are dropped (a spare row on the form costs nothing)."""
    unknown = set(boxes) - set(Box.values)
    if unknown:
        raise ValidationError(f"There is no box called {', '.join(sorted(unknown))}.")
    cleaned: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for box in Box.values:
        items = list(dict.fromkeys(text for text in (str(item).strip() for item in boxes.get(box, [])) if text))
        if len(items) > MAX_ITEMS:
            errors[box] = f"“{Box(box).label}” can hold up to {MAX_ITEMS} items; it has {len(items)}."
        elif too_long := [text for text in items if len(text) > ITEM_CHARS]:
            errors[box] = (
                f"Please keep each item in “{Box(box).label}” to {ITEM_CHARS} characters or fewer "
                f"(one has {len(too_long[0])})."
            )
        cleaned[box] = items
    if errors:
        raise ValidationError(errors)
    if not any(cleaned.values()):
        raise ValidationError(EMPTY_BALANCE)
    return cleaned


def boxes_of(version: BalanceVersion) -> dict[str, list[str]]:
    """The snapshot's items by box (prefetch its items first)."""
    boxes: dict[str, list[str]] = {box: [] for box in Box.values}
    for item in version.items.all():
        boxes[item.box].append(item.text)
    return boxes


@transaction.atomic
def do_save_balance(actor: User, client: Client, boxes: Boxes, *, at: datetime | None = None) -> BalanceVersion:
    """A new dated snapshot of the four boxes; `at` is for loading history (the demo)."""
    require_own(actor, client)
    cleaned = clean_boxes(boxes)
    # Lock the client's row so two saves from two devices line up one after the other.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    newest = BalanceVersion.objects.filter(client=client).prefetch_related("items").first()
    if newest is not None and boxes_of(newest) == cleaned:
        raise ValidationError(NOTHING_CHANGED)
    version = BalanceVersion.objects.create(client=client, created_by=actor, created_at=at or timezone.now())
    BalanceItem.objects.bulk_create(
        BalanceItem(version=version, box=box, order=order, text=text)
        for box in Box.values
        for order, text in enumerate(cleaned[box])
    )
    record(Action.WRITE, "motivation.balance.save", actor=actor, client=client, target_ref=version.public_id, at=at)
    complete_tasks_for(client, Kind.WORKSHEET, BALANCE_WORKSHEET, actor=actor, at=at)
    return version


def _line(value: str, what: str, name: str, limit: int) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()  # a browser's line break is one character
    if len(value) > limit:
        raise ValidationError(f"Please keep {what} for “{name}” to {limit} characters or fewer (it has {len(value)}).")
    return value


def clean_values(values: Sequence[ValueChoice]) -> list[ValueChoice]:
    cleaned: list[ValueChoice] = []
    seen: set[str] = set()
    errors: list[ValidationError] = []
    for value in values:
        name = value.name.strip()
        if not name:
            errors.append(ValidationError("Every value needs a name."))
            continue
        if len(name) > VALUE_NAME_CHARS:
            errors.append(ValidationError(f"Please keep a value's name to {VALUE_NAME_CHARS} characters or fewer."))
            continue
        if name.casefold() in seen:
            continue  # chosen twice: once is enough
        seen.add(name.casefold())
        try:
            why = _line(value.why, "why it matters", name, VALUE_LINE_CHARS)
            fit = _line(value.fit, "the line on how the behaviour sits with it", name, VALUE_LINE_CHARS)
        except ValidationError as exc:
            errors.append(exc)
            continue
        cleaned.append(ValueChoice(name, bool(value.top), why, fit))
    if len(cleaned) > MAX_VALUES:
        errors.append(ValidationError(f"Choose up to {MAX_VALUES} values."))
    if sum(value.top for value in cleaned) > MAX_TOP:
        errors.append(ValidationError(f"Mark up to {MAX_TOP} values as the ones that matter most."))
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(EMPTY_VALUES)
    return cleaned


def values_of(version: ValuesVersion) -> list[ValueChoice]:
    """The snapshot's values, most important first (prefetch `chosen` first)."""
    return [ValueChoice(value.name, value.top, value.why, value.fit) for value in version.chosen.all()]


def _ordered(values: Sequence[ValueChoice]) -> list[ValueChoice]:
    """The order they are stored and shown in: the most important first, each group as chosen."""
    return [value for value in values if value.top] + [value for value in values if not value.top]


@transaction.atomic
def do_save_values(
    actor: User, client: Client, values: Sequence[ValueChoice], *, at: datetime | None = None
) -> ValuesVersion:
    """A new dated snapshot of what matters to the client; `at` is for loading history (the demo)."""
    require_own(actor, client)
    cleaned = _ordered(clean_values(values))
    Client.objects.select_for_update().filter(pk=client.pk).first()
    newest = ValuesVersion.objects.filter(client=client).prefetch_related("chosen").first()
    if newest is not None and values_of(newest) == cleaned:
        raise ValidationError(NOTHING_CHANGED)
    version = ValuesVersion.objects.create(client=client, created_by=actor, created_at=at or timezone.now())
    ChosenValue.objects.bulk_create(
        ChosenValue(version=version, order=order, name=value.name, top=value.top, why=value.why, fit=value.fit)
        for order, value in enumerate(cleaned)
    )
    record(Action.WRITE, "motivation.values.save", actor=actor, client=client, target_ref=version.public_id, at=at)
    complete_tasks_for(client, Kind.WORKSHEET, VALUES_WORKSHEET, actor=actor, at=at)
    return version
