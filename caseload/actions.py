"""Changes to who treats whom: transfer with a handover note, discharge and its undoing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.log import record
from audit.models import Action
from caseload.access import require_open_record
from caseload.models import (
    DISCHARGE_NOTE_CHARS,
    HANDOVER_NOTE_CHARS,
    Assignment,
    Client,
    Discharge,
    Handover,
)


def clean_note(note: str, field: str, limit: int, *, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({field: "Please write a short note for the record."})
    if len(note) > limit:
        raise ValidationError({field: f"Please keep this to {limit:,} characters or fewer (it has {len(note):,})."})
    return note


def treats(actor: User, client: Client) -> bool:
    """The client's current therapist (who can still read the record)."""
    return actor.is_active and actor.is_therapist and Client.objects.visible_to(actor).filter(pk=client.pk).exists()


def do_transfer_client(actor: User, client: Client, to_therapist: User, note: str) -> Assignment:
    """Hand a client to a colleague in the same practice, with a handover note for them.

    The old therapist's access ends at once.
    """
    is_treating = treats(actor, client)
    # An admin reassigns clients too (a therapist leaves): managing people, reading nothing clinical.
    manages = actor.is_practice_admin and actor.practice_id == client.practice_id
    if not (is_treating or manages):
        raise PermissionDenied("Only the client's own therapist or the practice's admin can hand them on.")
    note = clean_note(note, "note", HANDOVER_NOTE_CHARS, required=True)
    if (
        to_therapist.role != Role.THERAPIST
        or to_therapist.practice_id != client.practice_id
        or not to_therapist.is_active
    ):
        raise ValidationError({"therapist": "Choose an active therapist in this practice."})
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        require_open_record(locked)
        if is_treating:  # an admin reassigning is not stopped: the new therapist may discard what is left
            _require_no_drafts(locked, author=actor)
        current = Assignment.objects.select_for_update().filter(client=client, ended_at__isnull=True).first()
        if current is not None and current.therapist_id == to_therapist.pk:
            raise ValidationError({"therapist": "This client is already with that therapist."})
        if current is not None:
            current.ended_at = timezone.now()
            current.save(update_fields=["ended_at"])
        assignment = Assignment.objects.create(client=client, therapist=to_therapist)
        handover = Handover.objects.create(
            client=client,
            written_by=actor,
            from_therapist=current.therapist if current is not None else None,
            to_therapist=to_therapist,
            note=note,
        )
        record(Action.WRITE, "client.transfer", actor=actor, client=client, target_ref=to_therapist.public_id)
        record(Action.WRITE, "client.handover", actor=actor, client=client, target_ref=handover.public_id)
    return assignment


def do_acknowledge_handover(actor: User, handover: Handover) -> Handover:
    """The receiving therapist has read the handover note; it leaves the record's banner (and stays in the notes)."""
    if handover.to_therapist_id != actor.pk or not treats(actor, handover.client):
        raise PermissionDenied("Only the therapist it was written for can mark it as read.")
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.acknowledged_at is None:
            locked.acknowledged_at = timezone.now()
            locked.save(update_fields=["acknowledged_at"])
            record(
                Action.WRITE, "client.handover_read", actor=actor, client=handover.client, target_ref=locked.public_id
            )
    return locked


def do_discharge(actor: User, client: Client, note: str) -> Discharge:
    """End the client's programme: the record becomes read-only, and the therapist's access ends as the
    practice's retention setting says. The client keeps their account and everything in it.

    Their questionnaire schedules end too (each audited; what is due and not started is withdrawn), and
    their open tasks close (audited once). Re-opening the record restarts neither."""
    from homework.actions import close_tasks_at_discharge  # homework builds on caseload, not the other way round
    from measures.actions import do_end_schedule  # as does measures
    from measures.models import Schedule

    if not treats(actor, client):
        raise PermissionDenied("Only the client's own therapist can discharge them.")
    note = clean_note(note, "note", DISCHARGE_NOTE_CHARS, required=False)
    with transaction.atomic():
        locked = Client.objects.select_for_update().select_related("practice").get(pk=client.pk)
        require_open_record(locked)
        _require_no_drafts(locked)
        for schedule in Schedule.objects.filter(client=locked, ended_at__isnull=True).order_by("pk"):
            schedule.client = locked
            do_end_schedule(actor, schedule)  # while the record is still open, as the action requires
        now = timezone.now()
        locked.discharged_at = now
        locked.access_ends_at = Client.access_end_for(now, locked.practice.retention_days_after_discharge)
        locked.save(update_fields=["discharged_at", "access_ends_at"])
        discharge = Discharge.objects.create(client=locked, discharged_by=actor, discharged_at=now, note=note)
        record(Action.WRITE, "client.discharge", actor=actor, client=locked, target_ref=discharge.public_id)
        close_tasks_at_discharge(actor, locked, discharge.public_id)
    client.discharged_at, client.access_ends_at = locked.discharged_at, locked.access_ends_at
    return discharge


def _require_no_drafts(client: Client, author: User | None = None) -> None:
    """Unsigned session notes are signed or deleted first: a draft nobody can finish must not be left behind."""
    from notes.queries import drafts_of  # notes builds on caseload, not the other way round

    drafts = [note for note in drafts_of(client) if author is None or note.author_id == author.pk]
    if drafts:
        raise ValidationError(
            {"note": f"Sign or delete the unsigned session notes first ({len(drafts)} waiting); nothing was changed."}
        )


def do_reopen(actor: User, client: Client) -> Client:
    """Undo a discharge while the therapist can still read the record (a mistake, or the client came back soon)."""
    if not treats(actor, client):
        raise PermissionDenied("Only the client's own therapist can re-open their record.")
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        if not locked.is_discharged:
            raise ValidationError(f"{locked.name}'s record is open already.")
        discharge = Discharge.objects.select_for_update().filter(client=locked, reopened_at__isnull=True).first()
        now = timezone.now()
        locked.discharged_at = locked.access_ends_at = None
        locked.save(update_fields=["discharged_at", "access_ends_at"])
        if discharge is not None:
            discharge.reopened_at, discharge.reopened_by = now, actor
            discharge.save(update_fields=["reopened_at", "reopened_by"])
        target = discharge.public_id if discharge is not None else ""
        record(Action.WRITE, "client.reopen", actor=actor, client=locked, target_ref=target)
    client.discharged_at = client.access_ends_at = None
    return client
