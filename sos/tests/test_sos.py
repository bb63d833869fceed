"""The SOS page: who reaches it, logging an urge before and after, the client's reasons."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from lib.testing import WaymarkTestCase
from plan.actions import Entry, do_save_prevention_plan, do_start_plan
from sos.models import Reason
from tracking.models import Lapse, Urge
from tracking.tests.support import stored

SOS = reverse("sos")
REASONS = reverse("sos_reasons")


def rated(before: int = 8, after: int = 3, outcome: str = "rode_it_out", key: str = "") -> dict[str, object]:
    return {"before": before, "after": after, "outcome": outcome, "key": key}


class AccessTest(WaymarkTestCase):
    def test_it_sends_someone_signed_out_to_sign_in(self) -> None:
        response = self.client.get(SOS)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_shows_the_client_their_sos_page(self) -> None:
        self.login(self.alex)
        response = self.client.get(SOS)
        self.assertContains(response, "Surf the urge for 10 minutes")
        self.assertContains(response, reverse("crisis"))

    def test_it_is_not_there_for_their_therapist_supporter_or_admin(self) -> None:
        for person in (self.therapist, self.supporter, self.admin, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(SOS).status_code, 404, person)
            self.assertEqual(self.client.get(REASONS).status_code, 404, person)

    def test_it_puts_sos_one_tap_from_home(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get("/"), "Urge right now? Open SOS")


class LogUrgeTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_logs_the_urge_with_the_rating_before_and_after(self) -> None:
        response = self.client.post(SOS, rated(8, 3), follow=True)
        self.assertRedirects(response, reverse("tracking_urges"))
        self.assertContains(response, "You rode it out")
        urge = Urge.objects.get(client=self.client_record)
        self.assertEqual((urge.intensity, urge.intensity_after, urge.via_sos), (8, 3, True))
        self.assertTrue(AuditEvent.objects.filter(what="sos.urge", target_ref=str(urge.public_id)).exists())

    def test_it_takes_a_lapse_to_the_lapse_record_kindly(self) -> None:
        response = self.client.post(SOS, rated(9, 2, "lapse"), follow=True)
        lapse = Lapse.objects.get(client=self.client_record)
        self.assertRedirects(response, reverse("tracking_lapse_edit", args=[lapse.public_id]))
        self.assertContains(response, "Thank you for being honest")
        self.assertTrue(Urge.objects.get().via_sos)

    def test_it_stores_a_repeated_submission_once(self) -> None:
        self.client.post(SOS, rated(key="same-key"))
        self.client.post(SOS, rated(key="same-key"))
        self.assertEqual(Urge.objects.count(), 1)

    def test_it_refuses_ratings_out_of_range_and_keeps_the_page(self) -> None:
        response = self.client.post(SOS, rated(11, -1))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "less than or equal to 10", status_code=400)
        self.assertFalse(Urge.objects.exists())

    def test_it_asks_how_it_went(self) -> None:
        response = self.client.post(SOS, rated(outcome=""))
        self.assertContains(response, "This field is required", status_code=400)
        self.assertFalse(Urge.objects.exists())


class ReasonsTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_adds_changes_and_removes_a_reason(self) -> None:
        self.client.post(REASONS, {"text": "My daughter's trust"})
        reason = Reason.objects.get(client=self.client_record)
        self.assertContains(self.client.get(SOS), "My daughter&#x27;s trust")
        self.client.post(reverse("sos_reason_edit", args=[reason.public_id]), {"text": "Waking up proud"})
        reason.refresh_from_db()
        self.assertEqual(reason.text, "Waking up proud")
        self.client.post(reverse("sos_reason_remove", args=[reason.public_id]))
        self.assertFalse(Reason.objects.exists())

    def test_it_refuses_a_reason_too_long_and_keeps_the_words(self) -> None:
        response = self.client.post(REASONS, {"text": "x" * 301})
        self.assertContains(response, "300 characters or fewer", status_code=400)
        self.assertContains(response, "x" * 301, status_code=400)
        self.assertFalse(Reason.objects.exists())

    def test_it_refuses_a_blank_reason(self) -> None:
        response = self.client.post(REASONS, {"text": "   "})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Reason.objects.exists())

    def test_it_hides_another_clients_reason(self) -> None:
        theirs = Reason.objects.create(client=self.bo_record, text="Bo's own reason")
        self.assertEqual(self.client.get(reverse("sos_reason_edit", args=[theirs.public_id])).status_code, 404)
        response = self.client.post(reverse("sos_reason_edit", args=[theirs.public_id]), {"text": "changed"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.post(reverse("sos_reason_remove", args=[theirs.public_id])).status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.text, "Bo's own reason")

    def test_it_stores_reasons_encrypted(self) -> None:
        self.client.post(REASONS, {"text": "For my daughter"})
        reason = Reason.objects.get()
        self.assertNotIn("daughter", stored("sos_reason", "text", reason.public_id))


class PlanOnThePageTest(WaymarkTestCase):
    def test_it_shows_my_people_responses_and_outer_circle(self) -> None:
        do_start_plan(
            self.alex, self.client_record, date.today(), 90, "", {"inner": ["Porn"], "outer": ["A long walk"]}
        )
        do_save_prevention_plan(
            self.alex,
            self.client_record,
            [Entry("trigger", "Feeling lonely", "Text my brother")],
            "My brother Sam +65 9123 4567\nMy sponsor",
        )
        self.login(self.alex)
        response = self.client.get(SOS)
        self.assertContains(response, 'href="tel:+6591234567"')
        self.assertContains(response, 'href="sms:+6591234567"')
        self.assertContains(response, "My sponsor")
        self.assertContains(response, "Text my brother")
        self.assertContains(response, "A long walk")


class FixedQueriesTest(WaymarkTestCase):
    def count(self) -> int:
        self.client.get(SOS)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(SOS).status_code, 200)
        return len(queries.captured_queries)

    def test_it_runs_the_same_queries_with_one_reason_or_many(self) -> None:
        self.login(self.alex)
        do_start_plan(self.alex, self.client_record, date.today(), 90, "", {"inner": ["Porn"], "outer": ["Walk"]})
        do_save_prevention_plan(self.alex, self.client_record, [Entry("trigger", "Lonely", "Call")], "Jo 91234567")
        Reason.objects.create(client=self.client_record, text="One")
        few = self.count()
        for n in range(20):
            Reason.objects.create(client=self.client_record, text=f"Reason {n}")
        entries = [Entry("trigger", f"Trigger {n}", f"Response {n}") for n in range(15)]
        do_save_prevention_plan(self.alex, self.client_record, entries, "Jo 91234567\nAl 98765432")
        self.assertEqual(self.count(), few)
