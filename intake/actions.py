"""Writing the intake history: one topic at a time, then sending it to the therapist."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from homework.completion import complete_tasks_for
from homework.models import Kind
from intake.models import IntakeHistory
from intake.steps import STEP_BY_SLUG


def _client_of(user: User) -> Client:
    if not (user.is_authenticated and user.is_active and user.is_client):
        raise PermissionDenied
    try:
        return Client.objects.get(user=user)
    except Client.DoesNotExist as exc:
        raise PermissionDenied from exc


def do_save_intake_step(client_user: User, step: str, cleaned_data: Mapping[str, Any]) -> IntakeHistory:
    """Save one topic's answers (a missing answer is cleared) and mark the topic done.

    The whole row is validated before anything is written, so a bad answer saves nothing. A change
    after the history was sent is the client going over it again: an intake task is done.
    """
    client = _client_of(client_user)
    if step not in STEP_BY_SLUG:
        raise ValueError(f"no intake step {step!r}")
    fields = STEP_BY_SLUG[step].fields
    unknown = set(cleaned_data) - set(fields)
    if unknown:
        raise ValueError(f"intake step {step!r} has no {sorted(unknown)}")
    with transaction.atomic():
        intake, _ = IntakeHistory.objects.select_for_update().get_or_create(client=client)
        defaults = {field.name: field.get_default() for field in IntakeHistory._meta.concrete_fields}
        for name in fields:
            setattr(intake, name, cleaned_data.get(name, defaults[name]))
        intake.mark_done(step)
        intake.updated_at = timezone.now()
        intake.full_clean(validate_unique=False, validate_constraints=False)
        intake.save()
        record(Action.WRITE, f"intake.step.{step}", actor=client_user, client=client, target_ref=intake.public_id)
        if intake.is_submitted:
            complete_tasks_for(client, Kind.WORKSHEET, "intake", actor=client_user)
    return intake


def do_submit_intake(client_user: User) -> IntakeHistory:
    """Send the history to the therapist once every topic has been saved. Sending twice keeps the first date
    (and still counts as an intake task done)."""
    client = _client_of(client_user)
    with transaction.atomic():
        intake = IntakeHistory.objects.select_for_update().filter(client=client).first()
        if intake is None or not intake.all_done:
            raise ValidationError("Please go through every topic before you send your answers.")
        if intake.submitted_at is None:
            intake.submitted_at = timezone.now()
            intake.save(update_fields=["submitted_at"])
            record(Action.WRITE, "intake.submit", actor=client_user, client=client, target_ref=intake.public_id)
        complete_tasks_for(client, Kind.WORKSHEET, "intake", actor=client_user)
    return intake
