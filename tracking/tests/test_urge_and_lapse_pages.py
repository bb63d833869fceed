"""The urge log and the guided lapse record, as the client uses them."""

import uuid
from datetime import UTC, date, datetime, timedelta

import time_machine
from django.urls import reverse

from lib.testing import WaymarkTestCase
from tracking.actions import LapseEntry, UrgeEntry, do_log_urge, do_record_lapse
from tracking.models import Lapse, Outcome, Trigger, Urge

from .support import agree_plan

# 21:30 on 11 June 2024 in Singapore, Alex's zone.
NOW = datetime(2024, 6, 11, 13, 30, tzinfo=UTC)
URGE = {
    "occurred_at": "2024-06-11T21:15",
    "intensity": "7",
    "trigger": "boredom",
    "outcome": "rode_it_out",
    "key": "u1",
}


@time_machine.travel(NOW, tick=False)
class UrgePagesTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_offers_the_form_with_the_clients_own_time_and_triggers(self) -> None:
        Trigger.objects.create(client=self.client_record, name="Sunday evenings on my own")
        response = self.client.get(reverse("tracking_urge_new"))
        self.assertContains(response, 'value="2024-06-11T21:30"')  # Singapore time, not UTC
        self.assertContains(response, "Sunday evenings on my own")
        self.assertContains(response, "Scrolling on my phone")

    def test_it_logs_an_urge_on_the_clients_clock(self) -> None:
        response = self.client.post(reverse("tracking_urge_new"), URGE | {"feeling": "restless", "alone": "yes"})
        self.assertRedirects(response, reverse("tracking_urges"))
        urge = Urge.objects.get()
        self.assertEqual(urge.occurred_at, datetime(2024, 6, 11, 13, 15, tzinfo=UTC))
        self.assertEqual(
            (urge.intensity, urge.common_trigger, urge.alone, urge.feeling), (7, "boredom", True, "restless")
        )
        listing = self.client.get(reverse("tracking_urges"))
        self.assertContains(listing, "Tue 11 Jun, 21:15")
        self.assertContains(listing, "Boredom")

    def test_it_refuses_an_intensity_of_eleven_and_keeps_what_was_typed(self) -> None:
        response = self.client.post(reverse("tracking_urge_new"), URGE | {"intensity": "11", "feeling": "wound up"})
        self.assertContains(response, "less than or equal to 10", status_code=400)
        self.assertContains(response, 'value="wound up"', status_code=400)
        self.assertFalse(Urge.objects.exists())

    def test_it_refuses_a_time_still_to_come(self) -> None:
        response = self.client.post(reverse("tracking_urge_new"), URGE | {"occurred_at": "2024-06-11T23:00"})
        self.assertContains(response, "That time is still to come", status_code=400)

    def test_it_takes_the_client_to_the_lapse_record_when_the_urge_ended_in_one(self) -> None:
        response = self.client.post(reverse("tracking_urge_new"), URGE | {"outcome": "lapse"}, follow=True)
        lapse = Lapse.objects.get()
        self.assertRedirects(response, reverse("tracking_lapse_edit", args=[lapse.public_id]))
        self.assertContains(response, "Thank you for being honest.")

    def test_it_shows_one_urge_and_hides_another_clients_with_a_404(self) -> None:
        mine, _ = do_log_urge(
            self.alex, UrgeEntry(occurred_at=NOW, intensity=4, outcome=Outcome.RODE_IT_OUT, notes="Tea")
        )
        self.assertContains(self.client.get(reverse("tracking_urge", args=[mine.public_id])), "Tea")
        theirs, _ = do_log_urge(
            self.bo_record.user, UrgeEntry(occurred_at=NOW, intensity=4, outcome=Outcome.RODE_IT_OUT)
        )
        for public_id in (theirs.public_id, uuid.uuid4()):
            self.assertEqual(self.client.get(reverse("tracking_urge", args=[public_id])).status_code, 404)

    def test_it_pages_a_long_urge_log_in_a_fixed_number_of_queries(self) -> None:
        Urge.objects.bulk_create(
            Urge(client=self.client_record, occurred_at=NOW - timedelta(hours=n), intensity=5, outcome="rode_it_out")
            for n in range(3)
        )
        self.client.get(reverse("tracking_urges"))
        with self.assertNumQueries(6):
            self.client.get(reverse("tracking_urges"))
        Urge.objects.bulk_create(
            Urge(client=self.client_record, occurred_at=NOW - timedelta(days=1, hours=n), intensity=5, outcome="lapse")
            for n in range(60)
        )
        with self.assertNumQueries(6):
            response = self.client.get(reverse("tracking_urges"), {"page": 2})
        self.assertContains(response, "Page 2 of 4")


LAPSE = {"occurred_at": "2024-06-10T23:30", "what_happened": "Late night scrolling", "key": "l1"}


@time_machine.travel(NOW, tick=False)
class LapsePagesTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_guides_the_chain_one_short_step_at_a_time(self) -> None:
        response = self.client.get(reverse("tracking_lapse_new"))
        questions = [
            "What made me more vulnerable?",
            "What set it off?",
            "What did I think, feel and want?",
            "What did I do?",
            "What happened afterwards?",
            "What could I do differently next time?",
        ]
        content = response.content.decode()
        positions = [content.index(question) for question in questions]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, "For example:", count=6)
        self.assertContains(response, "I\u2019d like to go through this with my therapist")
        self.assertContains(response, "not a verdict on you")

    def test_it_records_the_lapse_and_reads_it_back(self) -> None:
        data = LAPSE | {
            "vulnerability": "Tired",
            "do_differently": "Phone in the kitchen",
            "review_with_therapist": "on",
        }
        response = self.client.post(reverse("tracking_lapse_new"), data)
        lapse = Lapse.objects.get()
        self.assertRedirects(response, reverse("tracking_lapse", args=[lapse.public_id]))
        self.assertEqual(lapse.occurred_at, datetime(2024, 6, 10, 15, 30, tzinfo=UTC))  # 23:30 in Singapore
        page = self.client.get(response["Location"])
        for text in ("Late night scrolling", "Tired", "Phone in the kitchen", "To go through with my therapist"):
            self.assertContains(page, text)
        self.assertContains(page, "Not written yet", count=4)

    def test_it_refuses_a_lapse_before_the_plan_started(self) -> None:
        agree_plan(self.client_record, date(2024, 6, 11))
        response = self.client.post(reverse("tracking_lapse_new"), LAPSE)
        self.assertContains(response, "This is before your plan started.", status_code=400)
        self.assertContains(response, "Late night scrolling", status_code=400)  # nothing lost
        self.assertFalse(Lapse.objects.exists())

    def test_it_lets_the_client_add_the_chain_later(self) -> None:
        lapse, _ = do_record_lapse(self.alex, LapseEntry(occurred_at=NOW))
        url = reverse("tracking_lapse_edit", args=[lapse.public_id])
        self.assertContains(self.client.get(url), 'value="2024-06-11T21:30"')
        self.client.post(url, {"occurred_at": "2024-06-11T21:30", "behaviour": "Opened the browser"})
        lapse.refresh_from_db()
        self.assertEqual(lapse.behaviour, "Opened the browser")

    def test_it_hides_another_clients_lapse_with_a_404(self) -> None:
        theirs, _ = do_record_lapse(self.bo_record.user, LapseEntry(occurred_at=NOW))
        for name in ("tracking_lapse", "tracking_lapse_edit"):
            self.assertEqual(self.client.get(reverse(name, args=[theirs.public_id])).status_code, 404)
        response = self.client.post(reverse("tracking_lapse_edit", args=[theirs.public_id]), LAPSE)
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.what_happened, "")

    def test_it_lists_lapse_records_kindly(self) -> None:
        do_record_lapse(self.alex, LapseEntry(occurred_at=NOW, vulnerability="Tired"))
        response = self.client.get(reverse("tracking_lapses"))
        self.assertContains(response, "Chain written")
        for word in ("failure", "failed", "relapse"):
            self.assertNotContains(response, word)
