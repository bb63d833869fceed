"""Changes to a client's safety plan: writing it (the client or their therapist) and the therapist's review."""

from collections.abc import Mapping

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
from safety.models import SAFETY_PLAN_FIELDS, STEP_MAX_CHARS, SafetyPlan


def tidy(text: str) -> str:
    """One item per line, without blank lines or stray spaces."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def can_write(actor: User, client: Client) -> bool:
    """The client themself, or their current therapist."""
    if not (actor.is_client or actor.is_therapist):
        return False
    return Client.objects.visible_to(actor).filter(pk=client.pk).exists()


def do_save_safety_plan(actor: User, client: Client, steps: Mapping[str, str]) -> SafetyPlan:
    """Write the steps given (the others stay as they were); creates the plan the first time."""
    unknown = set(steps) - set(SAFETY_PLAN_FIELDS)
    if unknown:
        raise ValidationError(f"Not a step of the safety plan: {', '.join(sorted(unknown))}")
    tidied = {name: tidy(text) for name, text in steps.items()}
    too_long = {
        name: f"Please keep this to {STEP_MAX_CHARS:,} characters."
        for name, text in tidied.items()
        if len(text) > STEP_MAX_CHARS
    }
    if too_long:
        raise ValidationError(too_long)
    with transaction.atomic():
        if not can_write(actor, client):
            raise PermissionDenied("Not your client")
        if actor.is_therapist:
            require_open_record(client)  # a discharged client's record is read-only for the therapist
        plan, _ = SafetyPlan.objects.select_for_update().get_or_create(client=client)
        for name, text in tidied.items():
            setattr(plan, name, text)
        plan.updated_at = timezone.now()
        plan.updated_by = actor
        plan.save()
        record(Action.WRITE, "safety_plan.save", actor=actor, client=client, target_ref=plan.public_id)
        if actor.is_client:
            complete_tasks_for(client, Kind.WORKSHEET, "safety-plan", actor=actor)
    return plan


def do_mark_safety_plan_reviewed(therapist: User, client: Client) -> SafetyPlan:
    """The treating therapist says they went through the plan as it stands."""
    with transaction.atomic():
        if not therapist.is_therapist or not can_write(therapist, client):
            raise PermissionDenied("Not your client")
        require_open_record(client)
        plan = SafetyPlan.objects.select_for_update().filter(client=client).first()
        if plan is None or plan.is_empty:
            raise ValidationError("There is no safety plan to review yet.")
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = therapist
        plan.save(update_fields=["reviewed_at", "reviewed_by"])
        record(Action.WRITE, "safety_plan.review", actor=therapist, client=client, target_ref=plan.public_id)
    return plan
