"""The one way to reach a client's record: by public id, through visible_to, 404 otherwise."""

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.models import User
from caseload.models import Client


def client_for(user: User, public_id: uuid.UUID | str) -> Client:
    """The same 404 for "does not exist" and "not yours", so nobody can probe for records."""
    try:
        return Client.objects.visible_to(user).select_related("user", "practice").get(public_id=public_id)
    except (Client.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such client") from exc


def managed_client_for(admin: User, public_id: uuid.UUID | str) -> Client:
    try:
        return Client.objects.managed_by(admin).select_related("user").get(public_id=public_id)
    except (Client.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such client") from exc


def require_open_record(client: Client) -> None:
    """Every therapist write calls this first: a discharged client's record is read-only."""
    if client.is_discharged:
        raise ValidationError(f"{client.name} has been discharged; their record is read-only.")
