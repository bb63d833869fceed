"""The one way to reach an administration: by public id, through the client's visibility, 404 otherwise."""

import uuid

from django.http import Http404

from accounts.models import User
from caseload.models import Client
from measures.models import Administration


def administration_for(user: User, public_id: uuid.UUID | str) -> Administration:
    """A client reaches only their own; the same 404 for "does not exist" and "not yours"."""
    rows = Administration.objects.filter(client__in=Client.objects.visible_to(user)).select_related(
        "client__user", "client__practice", "schedule"
    )
    try:
        return rows.get(public_id=public_id)
    except (Administration.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such questionnaire") from exc
