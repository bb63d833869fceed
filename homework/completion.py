"""Completion flowing back: other areas call this when the client does what a task asked."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from audit.log import record
from audit.models import Action
from caseload.models import Client
from homework.models import Kind, Task

if TYPE_CHECKING:
    from accounts.models import User


def complete_tasks_for(
    client: Client, kind: Kind, ref: str, *, actor: "User | None" = None, at: datetime | None = None
) -> int:
    """Mark the client's open tasks of this kind and ref done; call inside the caller's atomic block.

    Learning calls it with (READING, module slug) when a module is finished, measures with
    (QUESTIONNAIRE, instrument id) on submission, the worksheets with (WORKSHEET, worksheet id),
    the plans with (PLAN_REVIEW, "recovery-plan" or "prevention-plan"). `actor` is who did it
    (the client unless given: a therapist entering a paper form); `at` is for loading history (the demo).
    Returns how many it completed.
    """
    found = list(Task.objects.open().filter(client=client, kind=kind, ref=ref).values_list("pk", "public_id"))
    if not found:
        return 0
    done = Task.objects.open().filter(pk__in=[pk for pk, _ in found]).update(completed_at=at or timezone.now())
    who = actor if actor is not None else client.user
    for _, public_id in found:
        record(Action.WRITE, "homework.complete", actor=who, client=client, target_ref=public_id, at=at)
    return done
