from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from accounts.models import Invitation, Role, User
from api.actions import do_create_token
from api.models import ApiToken
from audit.log import record, verify_chain
from audit.models import Action, AuditEvent
from caseload.models import Assignment, Client
from connect.models import SupporterGrant
from lib.mail import send_email
from lib.testing import WaymarkTestCase, activate_totp
from privacy.actions import do_cancel_deletion, do_erase_account, do_request_deletion
from privacy.models import Consent, DeletionRequest
from privacy.tasks import erase_account_if_due

T0 = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
DUE = T0 + timedelta(days=14)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def erase_due() -> str:
    out = StringIO()
    call_command("erase_due_accounts", stdout=out)
    return out.getvalue().strip()


class ErasureTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.public_id = self.alex.public_id
        with time_machine.travel(T0, tick=False):
            record(Action.READ, "client.record", actor=self.therapist, client=self.client_record)
            do_create_token(self.alex, "Sleep tracker")
            EmailAddress.objects.create(user=self.alex, email=self.alex.email, verified=True, primary=True)
            activate_totp(self.alex)
            Invitation.objects.create(
                practice=self.practice,
                email=self.alex.email,
                role=Role.CLIENT,
                token_hash="0" * 64,
                expires_at=T0,
                accepted_at=T0,
                accepted_user=self.alex,
            )
            AccessAttempt.objects.create(
                username=self.alex.email, ip_address="127.0.0.1", user_agent="x", failures_since_start=1
            )
            with override_settings(TASKS=DB_TASKS):
                send_email.enqueue([self.alex.email], "You have a new update", "Sign in to read it.")
            do_request_deletion(self.alex)

    def assert_alex_is_still_here(self) -> None:
        self.assertTrue(User.objects.filter(public_id=self.public_id).exists())
        self.assertTrue(Client.objects.filter(pk=self.client_record.pk).exists())

    def test_it_does_nothing_before_the_due_date(self) -> None:
        with time_machine.travel(DUE - timedelta(minutes=1), tick=False):
            self.assertEqual(erase_due(), "Erased 0 accounts.")
            self.assertFalse(erase_account_if_due.call(str(self.public_id)))
        self.assert_alex_is_still_here()

    def test_it_erases_the_account_and_everything_of_theirs_once_due(self) -> None:
        with time_machine.travel(DUE, tick=False):
            self.assertEqual(erase_due(), "Erased 1 account.")
        self.assertFalse(User.objects.filter(public_id=self.public_id).exists())
        self.assertFalse(Client.objects.filter(pk=self.client_record.pk).exists())
        for by_client in (Assignment, SupporterGrant):
            self.assertFalse(by_client.objects.filter(client_id=self.client_record.pk).exists(), by_client)
        for by_user in (Consent, ApiToken, EmailAddress, Authenticator, DeletionRequest):
            self.assertFalse(by_user.objects.filter(user_id=self.alex.pk).exists(), by_user)
        self.assertFalse(Invitation.objects.filter(email=self.alex.email).exists())
        self.assertFalse(AccessAttempt.objects.filter(username=self.alex.email).exists())
        self.assertFalse(DBTaskResult.objects.exists())
        # Everyone else is untouched.
        self.assertEqual(set(User.objects.filter(role=Role.CLIENT).values_list("email", flat=True)), {"bo@example.com"})
        self.assertTrue(User.objects.filter(pk=self.supporter.pk).exists())

    def test_it_keeps_the_audit_chain_whole_with_only_pseudonyms(self) -> None:
        before = AuditEvent.objects.count()
        with time_machine.travel(DUE, tick=False):
            erase_due()
        erased = AuditEvent.objects.get(what="account.erase")
        self.assertIsNone(erased.actor_ref)
        self.assertEqual(erased.target_ref, str(self.public_id))
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        self.assertTrue(AuditEvent.objects.filter(client_ref=self.client_record.public_id).exists())
        self.assertEqual(list(verify_chain()), [])

    def test_it_leaves_the_email_address_nowhere_in_the_database(self) -> None:
        with time_machine.travel(DUE, tick=False):
            erase_due()
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'SELECT * FROM "{table}"')
                for row in cursor.fetchall():
                    self.assertNotIn("alex@example.com", repr(row), table)

    def test_it_is_safe_to_run_twice(self) -> None:
        with time_machine.travel(DUE, tick=False):
            self.assertEqual(erase_due(), "Erased 1 account.")
            self.assertEqual(erase_due(), "Erased 0 accounts.")
            self.assertFalse(erase_account_if_due.call(str(self.public_id)))
        self.assertEqual(AuditEvent.objects.filter(what="account.erase").count(), 1)

    def test_it_erases_through_the_queued_task_once_due(self) -> None:
        with time_machine.travel(DUE + timedelta(hours=1), tick=False):
            result = erase_account_if_due.enqueue(str(self.public_id))
        self.assertTrue(result.return_value)
        self.assertFalse(User.objects.filter(public_id=self.public_id).exists())

    def test_it_keeps_an_account_whose_deletion_was_cancelled(self) -> None:
        with time_machine.travel(T0 + timedelta(days=3), tick=False):
            self.assertTrue(do_cancel_deletion(self.alex))
        with time_machine.travel(DUE + timedelta(days=1), tick=False):
            self.assertEqual(erase_due(), "Erased 0 accounts.")
            self.assertFalse(erase_account_if_due.call(str(self.public_id)))
        self.assert_alex_is_still_here()

    def test_it_waits_for_the_new_date_when_the_client_asks_again(self) -> None:
        with time_machine.travel(T0 + timedelta(days=1), tick=False):
            do_cancel_deletion(self.alex)
        with time_machine.travel(T0 + timedelta(days=10), tick=False):
            do_request_deletion(self.alex)
        with time_machine.travel(DUE, tick=False):
            # The task queued by the first request runs now, and finds nothing due.
            self.assertFalse(erase_account_if_due.call(str(self.public_id)))
        self.assert_alex_is_still_here()
        with time_machine.travel(T0 + timedelta(days=24), tick=False):
            self.assertTrue(erase_account_if_due.call(str(self.public_id)))
        self.assertFalse(User.objects.filter(public_id=self.public_id).exists())

    def test_it_erases_on_demand_for_the_job(self) -> None:
        do_erase_account(self.bo_record.user)
        self.assertFalse(Client.objects.filter(pk=self.bo_record.pk).exists())
        self.assertEqual(list(verify_chain()), [])
