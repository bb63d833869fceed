"""Moving a client between stages: the only way Client.stage and Client.stage_since change."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import Client, Stage
from stages.criteria import CONFIRMABLE, Record, crossing, evaluate
from stages.models import NOTE_CHARS, REASON_CHARS, StageChange

NOT_THEIRS = "Only the client's own therapist can move them to another stage."
CHOOSE_STAGE = "Choose a stage from 1 to 4."
NOTE_NEEDED = "Write a short note about this move."


class StaleMove(ValidationError):
    """The therapist decided on a stage the client has since left (someone else moved them meanwhile)."""


def clean_text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError({field: f"Please keep this to {limit} characters or fewer (it has {len(value)})."})
    return value


def clean_confirmed(ids: Iterable[str]) -> set[str]:
    confirmed = {str(item) for item in ids}
    if unknown := confirmed - CONFIRMABLE:
        raise ValidationError({"confirmed": f"These cannot be confirmed by hand: {', '.join(sorted(unknown))}."})
    return confirmed


def treats(actor: User, client: Client) -> bool:
    return actor.is_active and actor.is_therapist and Client.objects.visible_to(actor).filter(pk=client.pk).exists()


def do_move_stage(
    actor: User,
    client: Client,
    to_stage: int,
    note: str,
    reason: str = "",
    *,
    seen_stage: int | None = None,
    confirmed: Iterable[str] = (),
    at: datetime | None = None,
) -> StageChange:
    """Move the client to any other stage, with a note; a reason is needed to move back, or on with criteria unmet.

    ``seen_stage`` is the stage the therapist saw when she decided: if the client has been moved
    since, nothing changes. ``confirmed`` names criteria the therapist confirms by hand (those the
    record cannot show). ``at`` is for loading history (the demo); the checklist is read as of then.
    """
    if not treats(actor, client):
        raise PermissionDenied(NOT_THEIRS)
    require_open_record(client)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": CHOOSE_STAGE})
    note = clean_text(note, "note", NOTE_CHARS)
    reason = clean_text(reason, "reason", REASON_CHARS)
    # Every missing word at once (the note, and a reason when one is needed), each beside its field.
    missing: dict[str, str] = {"note": NOTE_NEEDED} if not note else {}
    confirmed_ids = clean_confirmed(confirmed)
    at = at or timezone.now()
    with transaction.atomic():
        locked = Client.objects.select_for_update().select_related("user", "practice").get(pk=client.pk)
        if seen_stage is not None and seen_stage != locked.stage:
            raise StaleMove(
                f"While you were looking, {locked.name} was moved to stage {locked.stage}: "
                f"{locked.get_stage_display()}. Nothing has changed: have another look before moving them."
            )
        if to_stage == locked.stage:
            raise ValidationError({"to_stage": f"{locked.name} is already in stage {to_stage}."})
        checks = evaluate(crossing(locked.stage, to_stage), Record(locked, at))
        snapshot = [
            {"id": c.id, "label": c.label, "met": c.met, "confirmed": not c.met and c.id in confirmed_ids}
            for c in checks
        ]
        unmet = [c.label for c in checks if not c.met and c.id not in confirmed_ids]
        if to_stage < locked.stage and not reason:
            missing["reason"] = (
                f"Moving back to stage {to_stage} needs a reason: a few words on why more time there helps."
            )
        elif unmet and not reason:
            missing["reason"] = f"Not met yet: {'; '.join(unmet)}. Give a reason for moving {locked.name} on now."
        if missing:
            raise ValidationError(missing)
        change = StageChange.objects.create(
            client=locked,
            from_stage=locked.stage,
            to_stage=to_stage,
            moved_by=actor,
            moved_at=at,
            note=note,
            reason=reason,
            criteria=snapshot,
        )
        Client.objects.filter(pk=locked.pk).update(stage=to_stage, stage_since=at)
        client.stage, client.stage_since = to_stage, at
        record(Action.WRITE, "stages.move", actor=actor, client=client, target_ref=change.public_id, at=at)
    return change
