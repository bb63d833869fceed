"""The suicidality pathway over the database task queue, the worker and a real SMTP server on loopback."""

import uuid
from datetime import timedelta
from email.message import Message
from email.utils import parseaddr

import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lib.smtp_testing import CLINICAL_WORDS, SmtpServerMixin
from lib.testing import WaymarkTestCase
from measures.models import Administration
from measures.views.client import item_url
from safety.models import RiskAlert
from safety.tests.support import ACUTE_ASQ, submit

NOT_IN_ANY_EMAIL = (*CLINICAL_WORDS, "alex", "asq", "suicid", "risk", "alert", "danger")


class PathwayOverSmtpTest(SmtpServerMixin, WaymarkTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()
        self.start_smtp(SITE_URL="https://app.example.org")

    def delivered(self) -> list[tuple[str, Message]]:
        return [(recipients[0], message) for _, recipients, message in self.inbox.envelopes]

    def assert_content_free(self, message: Message) -> None:
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        body = payload.decode()
        self.assertEqual(message["Subject"], "You have a new update")
        self.assertEqual(parseaddr(message["From"]), ("Harbour", "no-reply@waymark.example.org"))
        self.assertIn("You have a new update — sign in to read.", body)
        self.assertIn("https://app.example.org/accounts/login/", body)
        self.assertIn("This mailbox is not watched.", body)
        for word in NOT_IN_ANY_EMAIL:
            self.assertNotIn(word, message["Subject"].lower())
            self.assertNotIn(word, body.lower())

    def test_it_emails_the_therapist_at_once_and_the_lead_only_once_the_deadline_passes(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "asq", ACUTE_ASQ)
        alert = RiskAlert.objects.get()
        self.assertEqual(self.inbox.envelopes, [])

        self.run_worker()
        [(to, message)] = self.delivered()
        self.assertEqual(to, "tan@example.com")
        self.assert_content_free(message)
        check = DBTaskResult.objects.get(task_path="safety.tasks.escalate_alert_if_due")
        self.assertEqual(check.status, "READY")

        with time_machine.travel(alert.acknowledge_by - timedelta(minutes=1)):
            self.run_worker()
        self.assertEqual(len(self.inbox.envelopes), 1)

        with time_machine.travel(alert.acknowledge_by + timedelta(seconds=30)):
            self.run_worker()  # the check runs, escalates, and queues the lead's email
            self.run_worker()  # which this run delivers
            self.run_worker()  # and nothing more is sent
        check.refresh_from_db()
        self.assertEqual(check.status, "SUCCESSFUL")
        alert.refresh_from_db()
        self.assertEqual(alert.escalated_to, self.other_therapist)
        self.assertEqual([to for to, _ in self.delivered()], ["tan@example.com", "lee@example.com"])
        self.assert_content_free(self.delivered()[1][1])
        self.assertNotIn("sam@example.com", [to for to, _ in self.delivered()])

    def test_it_runs_from_the_clients_answers_to_the_therapists_inbox(self) -> None:
        """Through the client's pages: answer the ASQ, send it, land on crisis help; the therapist hears."""
        administration = Administration.objects.create(
            client=self.client_record, instrument_id="asq", due_on=timezone.localdate()
        )
        self.login(self.alex)
        for item_id, value in ACUTE_ASQ.items():
            self.assertEqual(self.client.post(item_url(administration, item_id), {"value": value}).status_code, 302)
        review = reverse("measures_review", args=[administration.public_id])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(review, {"submission_key": uuid.uuid4()})
        self.assertRedirects(response, reverse("crisis"), fetch_redirect_response=False)
        self.assertContains(self.client.get(response["Location"]), "We have let your therapist know.")

        self.run_worker()
        [(to, message)] = self.delivered()
        self.assertEqual(to, "tan@example.com")
        self.assert_content_free(message)

    def test_an_acknowledged_alert_never_reaches_the_lead(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "asq", ACUTE_ASQ)
        alert = RiskAlert.objects.get()
        self.login(self.therapist)
        self.client.post(reverse("alert_acknowledge", args=[alert.public_id]), {"note": "Called Alex; safe at home."})
        with time_machine.travel(alert.acknowledge_by + timedelta(minutes=1)):
            self.run_worker()
            self.run_worker()
        self.assertEqual([to for to, _ in self.delivered()], ["tan@example.com"])
