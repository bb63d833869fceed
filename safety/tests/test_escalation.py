from datetime import timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from lib.smtp_testing import CLINICAL_WORDS
from lib.testing import WaymarkTestCase, make_user
from safety.actions import do_escalate_if_due
from safety.models import RiskAlert
from safety.tasks import escalate_alert_if_due
from safety.tests.support import ACUTE_ASQ, NON_ACUTE_ASQ, submit


class EscalationTest(WaymarkTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()

    def raise_acute(self) -> RiskAlert:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "asq", ACUTE_ASQ)
        mail.outbox.clear()
        return RiskAlert.objects.get()

    def escalate(self) -> str:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("escalate_alerts", stdout=out)
        return out.getvalue().strip()

    def recipients(self) -> list[str]:
        return [address for message in mail.outbox for address in message.to]

    def test_it_leaves_an_alert_alone_before_its_deadline(self) -> None:
        alert = self.raise_acute()
        with time_machine.travel(alert.acknowledge_by - timedelta(minutes=1)):
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
        alert.refresh_from_db()
        self.assertIsNone(alert.escalated_at)
        self.assertEqual(mail.outbox, [])

    def test_it_passes_an_overdue_alert_to_the_clinical_lead_once(self) -> None:
        alert = self.raise_acute()
        with time_machine.travel(alert.acknowledge_by + timedelta(minutes=1)):
            self.assertEqual(self.escalate(), "Escalated 1 alert.")
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
        alert.refresh_from_db()
        self.assertEqual(alert.escalated_to, self.other_therapist)
        self.assertEqual(self.recipients(), ["lee@example.com"])
        [message] = mail.outbox
        self.assertEqual(message.subject, "You have a new update")
        for word in (*CLINICAL_WORDS, "alex", "lead", "alert"):
            self.assertNotIn(word, str(message.body).lower())
        self.assertTrue(
            AuditEvent.objects.filter(what="risk_alert.escalate", client_ref=self.client_record.public_id).exists()
        )

    def test_it_gives_a_same_day_alert_until_its_own_later_deadline(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "asq", NON_ACUTE_ASQ)
        alert = RiskAlert.objects.get()
        self.assertGreaterEqual(alert.acknowledge_by - alert.created_at, timedelta(hours=8))
        with time_machine.travel(alert.created_at + timedelta(hours=2)):
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
        with time_machine.travel(alert.acknowledge_by + timedelta(seconds=1)):
            self.assertEqual(self.escalate(), "Escalated 1 alert.")

    def test_it_does_not_escalate_an_acknowledged_alert(self) -> None:
        alert = self.raise_acute()
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = self.therapist
        alert.save()
        with time_machine.travel(alert.acknowledge_by + timedelta(hours=1)):
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
        self.assertEqual(mail.outbox, [])

    def test_the_queued_check_does_the_same_when_it_runs_at_the_deadline(self) -> None:
        alert = self.raise_acute()
        with time_machine.travel(alert.acknowledge_by), self.captureOnCommitCallbacks(execute=True):
            self.assertTrue(escalate_alert_if_due.call(str(alert.public_id)))
            self.assertFalse(escalate_alert_if_due.call(str(alert.public_id)))
        self.assertEqual(self.recipients(), ["lee@example.com"])

    def test_it_asks_the_admins_once_for_a_lead_and_escalates_when_one_is_chosen(self) -> None:
        self.practice.clinical_lead = None
        self.practice.save()
        make_user(self.practice, "ari@example.com", Role.ADMIN, "Ari")
        alert = self.raise_acute()
        with time_machine.travel(alert.acknowledge_by + timedelta(minutes=5)):
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
        self.assertEqual(sorted(self.recipients()), ["ada@example.com", "ari@example.com"])
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Please check your practice settings")
        self.assertIn("choose a lead in your practice settings", str(message.body))
        for word in (*CLINICAL_WORDS, "alex", "alert"):
            self.assertNotIn(word, str(message.body).lower())
        alert.refresh_from_db()
        self.assertIsNone(alert.escalated_at)
        self.assertIsNotNone(alert.lead_requested_at)

        mail.outbox.clear()
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()
        with time_machine.travel(alert.acknowledge_by + timedelta(minutes=10)):
            self.assertEqual(self.escalate(), "Escalated 1 alert.")
        self.assertEqual(self.recipients(), ["lee@example.com"])

    def test_it_asks_the_admins_when_the_lead_is_the_therapist_who_has_not_acknowledged(self) -> None:
        self.practice.clinical_lead = self.therapist
        self.practice.save()
        alert = self.raise_acute()
        with time_machine.travel(alert.acknowledge_by + timedelta(minutes=5)):
            self.assertEqual(self.escalate(), "Escalated 0 alerts.")
        self.assertEqual(self.recipients(), ["ada@example.com"])
        self.assertEqual(mail.outbox[0].subject, "Please check your practice settings")
        self.assertIn("or the lead is the person it was waiting for", str(mail.outbox[0].body))
        alert.refresh_from_db()
        self.assertIsNone(alert.escalated_to)
        self.assertIsNotNone(alert.lead_requested_at)

        mail.outbox.clear()
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()
        with time_machine.travel(alert.acknowledge_by + timedelta(minutes=10)):
            self.assertEqual(self.escalate(), "Escalated 1 alert.")
        self.assertEqual(self.recipients(), ["lee@example.com"])

    def test_it_does_not_treat_a_deactivated_lead_as_a_lead(self) -> None:
        self.other_therapist.is_active = False
        self.other_therapist.save()
        alert = self.raise_acute()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertFalse(do_escalate_if_due(alert, alert.acknowledge_by + timedelta(minutes=1)))
        self.assertEqual(self.recipients(), ["ada@example.com"])
