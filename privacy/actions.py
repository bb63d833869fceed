"""Consent, export and erasure: the client's rights over their data."""

from datetime import datetime
from functools import partial

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.actions import end_all_sessions
from accounts.models import Invitation, User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from privacy.export import build_export
from privacy.middleware import CONSENT_OK
from privacy.models import Consent, DeletionRequest, current_consent_version
from privacy.tasks import erase_account_if_due


def do_give_consent(user: User, request: HttpRequest | None = None) -> Consent:
    with transaction.atomic():
        consent = Consent.objects.create(user=user, version=current_consent_version())
        record(Action.WRITE, f"consent.give.{consent.version}", actor=user, client=getattr(user, "client", None))
    if request is not None:
        request.session[CONSENT_OK] = consent.version
    return consent


def do_withdraw_consent(user: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        record(Action.WRITE, "consent.withdraw", actor=user, client=getattr(user, "client", None))
    if request is not None:
        request.session.pop(CONSENT_OK, None)


def do_export(user: User, client: Client) -> dict[str, object]:
    """Everything the client has, for the client alone; the export itself is audited."""
    if not user.is_client or client.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        record(Action.EXPORT, "privacy.export", actor=user, client=client)
        return build_export(client)


def do_request_deletion(user: User) -> DeletionRequest:
    """Schedule erasure after the cooling-off period and sign the client out everywhere.

    Asking twice keeps the first date. The client may still sign in, to cancel.
    """
    if not user.is_client:
        raise PermissionDenied
    with transaction.atomic():
        pending, created = DeletionRequest.objects.get_or_create(
            user=user, defaults={"erase_after": DeletionRequest.due_from(timezone.now())}
        )
        if created:
            record(Action.WRITE, "account.delete_request", actor=user, client=getattr(user, "client", None))
            transaction.on_commit(partial(schedule_erasure, str(user.public_id), pending.erase_after))
        end_all_sessions(user)
    return pending


def do_cancel_deletion(user: User) -> bool:
    """Keep the account after all; False if no deletion was pending."""
    with transaction.atomic():
        deleted, _ = DeletionRequest.objects.filter(user=user).delete()
        if deleted:
            record(Action.WRITE, "account.delete_cancel", actor=user, client=getattr(user, "client", None))
    return bool(deleted)


def schedule_erasure(user_public_id: str, erase_after: datetime) -> None:
    """Queue the erasure for its due time; a backend that cannot defer runs it now, when it does nothing.

    ``manage.py erase_due_accounts`` is the daily safety net either way.
    """
    task = erase_account_if_due
    if task.get_backend().supports_defer:
        task = task.using(run_after=erase_after)
    task.enqueue(user_public_id)


def do_erase_due_account(user_public_id: str, now: datetime | None = None) -> bool:
    """Erase one account if its deletion request is still pending and due; True if it was erased."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = (
            DeletionRequest.objects.select_for_update()
            .select_related("user")
            .filter(user__public_id=user_public_id)
            .first()
        )
        if pending is None or not pending.is_due(now):
            return False
        do_erase_account(pending.user)
    return True


def do_erase_account(user: User) -> None:
    """Delete the person and everything of theirs; audit rows stay, their UUIDs now pseudonyms.

    Only the erasure job calls this, once a deletion request is due (see do_erase_due_account).
    """
    public_id, email = user.public_id, user.email
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # Overwrite freed pages, so a copy of the database file does not keep the deleted rows.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        end_all_sessions(user)
        Invitation.objects.filter(Q(accepted_user=user) | Q(email__iexact=email)).delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=email).delete()
        DBTaskResult.objects.filter(task_path="lib.mail.send_email", args_kwargs__icontains=email).exclude(
            status=TaskResultStatus.RUNNING
        ).delete()
        # Cascades to the client record and everything hanging from it, consents, grants, API tokens,
        # e-mail addresses, authenticators and tracked sessions.
        user.delete()
        record(Action.WRITE, "account.erase", target_ref=public_id)
