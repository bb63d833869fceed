from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken, hash_api_token
from audit.log import record
from audit.models import Action


def do_create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret, which is never shown again."""
    raw = ApiToken.new_raw()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip()[:60], token_hash=hash_api_token(raw))
        record(Action.WRITE, "api_token.create", actor=user, target_ref=token.public_id)
    return token, raw


def do_revoke_token(user: User, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(Action.WRITE, "api_token.revoke", actor=user, target_ref=token.public_id)
