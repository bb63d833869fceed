"""The ASQ a critical answer asks for is asked now: brought forward if it was due later, and first on the list."""

from datetime import timedelta

from django.urls import reverse

from audit.models import AuditEvent
from measures.actions import do_assign_intake_set, do_schedule
from measures.due import due_for
from measures.models import Administration, Status
from measures.tests.client_support import ClientFlowCase, phq9


class AskedAtOnceTest(ClientFlowCase):
    def asq_due_in(self, days: int) -> Administration:
        starts_on = self.today() + timedelta(days=days)
        schedule = do_schedule(self.therapist, self.client_record, "asq", every_days=28, starts_on=starts_on)
        return schedule.administrations.get()

    def test_it_brings_an_asq_due_later_forward_to_today_when_phq9_item_9_is_above_zero(self) -> None:
        later = self.asq_due_in(14)
        self.send(self.give("phq9"), phq9(8, item9=1))
        asq = Administration.objects.open().get(instrument_id="asq")
        self.assertEqual((asq.pk, asq.due_on), (later.pk, self.today()))
        self.assertEqual(AuditEvent.objects.filter(what="measures.follow_up", target_ref=asq.public_id).count(), 1)

    def test_it_leaves_an_asq_already_overdue_where_it_is(self) -> None:
        overdue = Administration.objects.create(
            client=self.client_record, instrument_id="asq", due_on=self.today() - timedelta(days=3)
        )
        self.send(self.give("phq9"), phq9(8, item9=2))
        overdue.refresh_from_db()
        self.assertEqual(overdue.due_on, self.today() - timedelta(days=3))
        self.assertEqual(Administration.objects.filter(instrument_id="asq").count(), 1)
        self.assertFalse(AuditEvent.objects.filter(what="measures.follow_up").exists())

    def test_it_brings_an_intake_questionnaire_due_later_forward_instead_of_skipping_it(self) -> None:
        later = self.asq_due_in(7)
        given = do_assign_intake_set(self.therapist, self.client_record)
        self.assertEqual([a.instrument_id for a in given], ["phq9", "gad7", "asq", "readiness"])
        self.assertIn(later.pk, [a.pk for a in given])
        self.assertEqual(Administration.objects.get(instrument_id="asq").due_on, self.today())
        self.assertTrue(AuditEvent.objects.filter(what="measures.bring_forward", target_ref=later.public_id).exists())


class AskedFirstTest(ClientFlowCase):
    def setUp(self) -> None:
        self.overdue_gad7 = Administration.objects.create(
            client=self.client_record, instrument_id="gad7", due_on=self.today() - timedelta(days=5)
        )
        self.sent = self.send(self.give("phq9"), phq9(7, item9=1))
        self.asq = Administration.objects.open().get(instrument_id="asq")

    def test_it_puts_the_asq_asked_at_once_first_on_the_clients_list(self) -> None:
        self.assertEqual([entry.administration.instrument_id for entry in due_for(self.client_record)], ["asq", "gad7"])
        self.login(self.alex)
        page = self.client.get(reverse("measures_due")).content.decode()
        asq_start = reverse("measures_start", args=[self.asq.public_id])
        gad7_start = reverse("measures_start", args=[self.overdue_gad7.public_id])
        self.assertLess(page.index(asq_start), page.index(gad7_start))

    def test_it_offers_the_asq_next_on_the_result_page(self) -> None:
        self.login(self.alex)
        page = self.client.get(reverse("measures_result", args=[self.sent.public_id]))
        self.assertContains(page, "A few more questions")
        self.assertContains(page, reverse("measures_start", args=[self.asq.public_id]))
        self.assertContains(page, "Start ASQ")
        self.assertNotContains(page, reverse("measures_start", args=[self.overdue_gad7.public_id]))

    def test_it_keeps_the_rest_oldest_first(self) -> None:
        self.send(self.asq, {"q1": "no", "q2": "no", "q3": "no", "q4": "no"})
        newer = self.give("phq9")
        self.assertEqual(
            [entry.administration.pk for entry in due_for(self.client_record)], [self.overdue_gad7.pk, newer.pk]
        )
        self.assertEqual(Administration.objects.get(pk=self.asq.pk).status, Status.SUBMITTED)
