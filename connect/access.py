"""The one way a supporter reaches a client: an active grant that includes the scope."""

import uuid

from django.http import Http404
from django.utils import timezone

from accounts.models import User
from connect.models import Scope, SupporterGrant


def grant_for(user: User, client_public_id: uuid.UUID | str, scope: Scope) -> SupporterGrant:
    """404 unless the user is a supporter with an unexpired, unrevoked grant that includes scope."""
    try:
        grant = (
            SupporterGrant.objects.visible_to(user, timezone.now())
            .filter(supporter=user)
            .select_related("client__user")
            .get(client__public_id=client_public_id)
        )
    except (SupporterGrant.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Nothing to see here") from exc
    if scope not in grant.scopes:
        raise Http404("Nothing to see here")
    return grant
