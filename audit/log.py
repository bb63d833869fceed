"""Writing and checking the audit chain. Every action function calls record()."""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
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
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event: who, whose, what, when — never the content.

    `at` is for loading history (the demo); everything live records the present moment.
    """
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = _linked(head.last_hash, action, what, actor, client, str(target_ref), at or timezone.now())
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def record_read(actor: "User", client: "Client", what: str, target_ref: uuid.UUID | str = "") -> None:
    """Audit a read of a client's clinical data by anyone other than the client."""
    if actor.pk != client.user_id:
        record(Action.READ, what, actor=actor, client=client, target_ref=target_ref)


def record_reads(actor: "User", clients: Iterable["Client"], what: str) -> None:
    """Audit a list page that shows several clients' data: one event per client, in fixed queries."""
    others = list({client.pk: client for client in clients if client.user_id != actor.pk}.values())
    if not others:
        return
    now = timezone.now()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        events = []
        last_hash = head.last_hash
        for client in others:
            event = _linked(last_hash, Action.READ, what, actor, client, "", now)
            events.append(event)
            last_hash = event.hash
        AuditEvent.objects.bulk_create(events)
        head.last_hash = last_hash
        head.save(update_fields=["last_hash"])


def _linked(
    prev_hash: str,
    action: Action,
    what: str,
    actor: "User | None",
    client: "Client | None",
    target_ref: str,
    at: datetime,
) -> AuditEvent:
    """An unsaved event chained to prev_hash."""
    actor_ok = actor is not None and actor.is_authenticated
    event = AuditEvent(
        at=at,
        action=action,
        what=what,
        actor_ref=actor.public_id if actor_ok else None,  # type: ignore[union-attr]
        actor_role=actor.role if actor_ok else "",  # type: ignore[union-attr]
        client_ref=client.public_id if client is not None else None,
        target_ref=target_ref,
        prev_hash=prev_hash,
    )
    event.hash = event.compute_hash()
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int  # 0 when there is no event left to name
    problem: str

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.problem}" if self.event_id else self.problem


def verify_chain(batch: int = 2000) -> Iterator[ChainProblem]:
    """Walk the chain in order; yield every row whose link or hash does not hold.

    This is what catches tampering by someone who got past AuditEvent's guards and the
    database triggers (a copy of the file, the table owner's rights): a changed row no longer
    matches its hash, a removed or inserted row breaks the next link, removed newest rows leave
    the head pointing past the end. Rewriting the whole chain and its head consistently is not
    caught here; keeping a copy of the head elsewhere (verify_audit prints it) catches that.
    """
    # The head is read first: events written while the walk goes on come after it and are
    # checked by their links, so a busy log is not mistaken for a truncated one.
    head = AuditHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    head_found = head in (None, GENESIS)
    expected_prev = GENESIS
    last_id = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=batch):
        if event.prev_hash != expected_prev:
            if last_id:
                why = f"it does not link to event {last_id} before it (events between were removed, added or reordered)"
            else:
                why = "it does not link to the start of the log (the oldest events were removed)"
            yield ChainProblem(event.pk, why)
        if event.compute_hash() != event.hash:
            yield ChainProblem(event.pk, "its content does not match its hash (the row was changed)")
        head_found = head_found or event.hash == head
        expected_prev = event.hash
        last_id = event.pk
    if head is None and last_id:
        yield ChainProblem(last_id, "the chain's head is missing, so removed newest events cannot be ruled out")
    elif not head_found:
        if last_id:
            yield ChainProblem(
                last_id, "the log ends here but its head names a later event (the newest events were removed)"
            )
        else:
            yield ChainProblem(0, "the log is empty but its head names an event (every event was removed)")


def chain_head() -> str:
    head = AuditHead.objects.filter(pk=1).first()
    return head.last_hash if head is not None else GENESIS
