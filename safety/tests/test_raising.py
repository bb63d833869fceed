from collections.abc import Mapping

from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from caseload.models import Assignment
from lib.smtp_testing import CLINICAL_WORDS
from lib.testing import WaymarkTestCase
from safety.models import RiskAlert
from safety.tests.support import ACUTE_ASQ, NEGATIVE_ASQ, NON_ACUTE_ASQ, submit

PHQ9_ITEM9 = {f"q{n}": 0 for n in range(1, 9)} | {"q9": 2, "q10": 1}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class RaisingTest(WaymarkTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()

    def submit(self, instrument_id: str, answers: Mapping[str, object]) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, instrument_id, answers)

    def recipients(self) -> list[str]:
        return [address for message in mail.outbox for address in message.to]

    def test_it_emails_the_treating_therapist_at_once_for_an_acute_screen(self) -> None:
        self.submit("asq", ACUTE_ASQ)
        [message] = mail.outbox
        self.assertEqual(message.to, ["tan@example.com"])
        self.assertEqual(message.subject, "You have a new update")
        self.assertIn("sign in to read", str(message.body))
        for word in (*CLINICAL_WORDS, "alex", "asq", "suicid", "risk", "alert"):
            self.assertNotIn(word, message.subject.lower())
            self.assertNotIn(word, str(message.body).lower())

    def test_it_emails_the_therapist_at_once_for_a_same_day_alert_too(self) -> None:
        self.submit("asq", NON_ACUTE_ASQ)
        self.submit("phq9", PHQ9_ITEM9)
        self.assertEqual(self.recipients(), ["tan@example.com", "tan@example.com"])

    def test_it_never_tells_the_supporter_or_the_admin(self) -> None:
        self.submit("asq", ACUTE_ASQ)
        self.submit("phq9", PHQ9_ITEM9)
        self.assertNotIn("sam@example.com", self.recipients())
        self.assertNotIn("ada@example.com", self.recipients())

    def test_it_does_not_pass_the_alert_on_before_its_deadline(self) -> None:
        self.submit("asq", ACUTE_ASQ)
        alert = RiskAlert.objects.get()
        self.assertIsNone(alert.escalated_at)
        self.assertNotIn("lee@example.com", self.recipients())

    def test_it_tells_nobody_about_a_negative_screen(self) -> None:
        self.submit("asq", NEGATIVE_ASQ)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(RiskAlert.objects.exists())

    def test_it_tells_nobody_if_the_submission_is_rolled_back(self) -> None:
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            submit(self.client_record, "asq", ACUTE_ASQ)
            transaction.set_rollback(True)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(RiskAlert.objects.exists())

    def test_it_goes_straight_to_the_clinical_lead_when_the_client_has_no_therapist(self) -> None:
        Assignment.objects.filter(client=self.client_record).update(ended_at=timezone.now())
        self.submit("asq", ACUTE_ASQ)
        alert = RiskAlert.objects.get()
        self.assertEqual(alert.escalated_to, self.other_therapist)
        self.assertEqual(self.recipients(), ["lee@example.com"])

    @override_settings(TASKS=DB_TASKS)
    def test_it_queues_the_escalation_check_for_the_alerts_deadline(self) -> None:
        self.submit("asq", ACUTE_ASQ)
        alert = RiskAlert.objects.get()
        check = DBTaskResult.objects.get(task_path="safety.tasks.escalate_alert_if_due")
        self.assertEqual(check.run_after, alert.acknowledge_by)
        self.assertEqual(check.args_kwargs["args"], [str(alert.public_id)])
        self.assertTrue(DBTaskResult.objects.filter(task_path="lib.mail.send_email").exists())
