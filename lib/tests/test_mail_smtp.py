"""Email leaves through the task queue and a real SMTP conversation, discreetly worded."""

from email.utils import parseaddr

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lib.mail import send_email, sender
from lib.smtp_testing import CLINICAL_WORDS, SmtpServerMixin
from lib.testing import WaymarkTestCase


class SmtpDeliveryTest(SmtpServerMixin, WaymarkTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.start_smtp()

    def ask_for_a_reset(self, email: str) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("account_reset_password"), {"email": email})
        self.assertRedirects(response, reverse("account_reset_password_done"), fetch_redirect_response=False)

    def test_it_queues_the_reset_email_and_the_worker_delivers_it_over_smtp(self) -> None:
        self.ask_for_a_reset("alex@example.com")
        task = DBTaskResult.objects.get()
        self.assertEqual(task.task_path, "lib.mail.send_email")
        self.assertEqual(task.status, "READY")
        self.assertEqual(self.inbox.envelopes, [])

        self.run_worker()

        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(len(self.inbox.envelopes), 1)
        mail_from, recipients, message = self.inbox.envelopes[0]
        self.assertEqual(recipients, ["alex@example.com"])
        self.assertEqual(mail_from, "no-reply@waymark.example.org")
        self.assertEqual(parseaddr(message["From"]), ("Harbour", "no-reply@waymark.example.org"))
        self.assertEqual(message["Subject"], "Reset your Harbour password")
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        body = payload.decode()
        self.assertIn("/accounts/password/reset/key/", body)
        for word in CLINICAL_WORDS:
            self.assertNotIn(word, message["Subject"].lower())
            self.assertNotIn(word, body.lower())

    def test_it_does_not_send_twice_when_the_worker_runs_again(self) -> None:
        self.ask_for_a_reset("alex@example.com")
        self.run_worker()
        self.run_worker()
        self.assertEqual(len(self.inbox.envelopes), 1)

    def test_it_sends_nothing_if_the_transaction_is_rolled_back(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            self.client.post(reverse("account_reset_password"), {"email": "alex@example.com"})
        self.assertFalse(DBTaskResult.objects.exists())
        self.run_worker()
        self.assertEqual(self.inbox.envelopes, [])

    def test_it_sends_nothing_to_an_address_without_an_account(self) -> None:
        self.ask_for_a_reset("stranger@example.net")
        self.assertFalse(DBTaskResult.objects.exists())
        self.run_worker()
        self.assertEqual(self.inbox.envelopes, [])

    def test_it_uses_each_practices_own_neutral_name(self) -> None:
        self.practice.client_facing_name = "Northside Wellbeing"
        self.practice.save()
        self.ask_for_a_reset("bo@example.com")
        self.run_worker()
        _, recipients, message = self.inbox.envelopes[0]
        self.assertEqual(recipients, ["bo@example.com"])
        self.assertEqual(message["Subject"], "Reset your Northside Wellbeing password")
        self.assertEqual(parseaddr(message["From"])[0], "Northside Wellbeing")


class SenderTest(WaymarkTestCase):
    @override_settings(DEFAULT_FROM_EMAIL="Waymark <no-reply@waymark.example.org>")
    def test_it_puts_the_neutral_name_on_the_sender_address(self) -> None:
        self.assertEqual(sender("Harbour"), "Harbour <no-reply@waymark.example.org>")
        self.assertEqual(sender(""), "Waymark <no-reply@waymark.example.org>")

    def test_it_cannot_be_used_to_inject_headers(self) -> None:
        send_email.call(["alex@example.com"], "Hello", "Body", from_name="Harbour\r\nBcc: eve@example.net")
        message = mail.outbox[-1].message()
        self.assertIsNone(message["Bcc"])
        self.assertEqual(mail.outbox[-1].recipients(), ["alex@example.com"])
