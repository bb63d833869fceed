from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken, hash_api_token
from audit.log import record
from audit.models import Action


def do_create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret, which is never shown again."""
    if not user.is_active:
        raise PermissionDenied("This account is switched off.")
    raw = ApiToken.new_raw()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip()[:60], token_hash=hash_api_token(raw))
        record(Action.WRITE, "api_token.create", actor=user, target_ref=token.public_id)
    return token, raw


def do_revoke_token(user: User, token: ApiToken) -> None:
    """Only the token's owner may revoke it; revoking twice changes nothing."""
    if token.user_id != user.pk:
        raise PermissionDenied("Not your token.")
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if updated:
            record(Action.WRITE, "api_token.revoke", actor=user, target_ref=token.public_id)
    token.refresh_from_db(fields=["revoked_at"])
