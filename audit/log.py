"""Writing and checking the audit chain. Every action function calls record()."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit.models import GENESIS, Action, AuditEvent, AuditHead

if TYPE_CHECKING:
    from accounts.models import User
    from caseload.models import Client


def record(
    action: Action,
    what: str,
    *,
    actor: "User | None" = None,
    client: "Client | None" = None,
    target_ref: uuid.UUID | str = "",
) -> AuditEvent:
    """Append one event: who, whose, what, when — never the content."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        actor_ok = actor is not None and actor.is_authenticated
        event = AuditEvent(
            at=timezone.now(),
            action=action,
            what=what,
            actor_ref=actor.public_id if actor_ok else None,  # type: ignore[union-attr]
            actor_role=actor.role if actor_ok else "",  # type: ignore[union-attr]
            client_ref=client.public_id if client is not None else None,
            target_ref=str(target_ref),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def record_read(actor: "User", client: "Client", what: str, target_ref: uuid.UUID | str = "") -> None:
    """Audit a read of a client's clinical data by anyone other than the client."""
    if actor.pk != client.user_id:
        record(Action.READ, what, actor=actor, client=client, target_ref=target_ref)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def verify_chain(batch: int = 2000) -> Iterator[ChainProblem]:
    """Walk the chain in order; yield every row whose link or hash does not hold."""
    expected_prev = GENESIS
    last_hash = GENESIS
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=batch):
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.pk, "its link to the previous event is broken (a row was removed or reordered)")
        if event.compute_hash() != event.hash:
            yield ChainProblem(event.pk, "its content does not match its hash (the row was changed)")
        expected_prev = event.hash
        last_hash = event.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != last_hash:
        yield ChainProblem(0, "the newest events were removed (the head does not match the last row)")
