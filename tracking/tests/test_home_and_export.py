"""The streak on the client's home page, and tracking in the client's data export."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from lib.testing import WaymarkTestCase
from privacy.export import build_export
from tracking.actions import LapseEntry, UrgeEntry, do_check_in, do_log_urge, do_record_lapse
from tracking.models import Outcome
from tracking.queries import client_today

from .support import agree_plan, answers


class ClientHomeTest(WaymarkTestCase):
    def test_it_shows_the_streak_and_asks_for_todays_check_in(self) -> None:
        agree_plan(self.client_record, client_today(self.client_record) - timedelta(days=12))
        self.login(self.alex)
        response = self.client.get(reverse("home"))
        self.assertContains(response, '12 <span class="unit">sober days</span>')
        self.assertContains(response, "Check in today")
        self.assertContains(response, "Next: 2 weeks, in 2 days.")
        do_check_in(self.alex, client_today(self.client_record), answers())
        self.assertContains(self.client.get(reverse("home")), "Checked in ✓")

    def test_it_says_what_the_next_days_bring_in_plain_words(self) -> None:
        self.login(self.alex)
        today = client_today(self.client_record)
        plan = agree_plan(self.client_record, today)
        response = self.client.get(reverse("home"))
        self.assertContains(response, '0 <span class="unit">sober days</span>')
        self.assertContains(response, "Every day counts from here. Tomorrow this reads 1 day.")
        self.assertNotContains(response, "Next:")
        self.assertNotContains(self.client.get(reverse("tracking_today")), "in 1 day")
        plan.abstinence_starts_on = today - timedelta(days=13)
        plan.save(update_fields=["abstinence_starts_on"])
        self.assertContains(self.client.get(reverse("home")), "Next: 2 weeks, tomorrow.")
        today_page = self.client.get(reverse("tracking_today"))
        self.assertContains(today_page, "Next: <strong>2 weeks</strong>, tomorrow (")


class ExportTest(WaymarkTestCase):
    def test_it_gives_the_client_everything_they_wrote_in_plain_words(self) -> None:
        now = timezone.now()
        do_check_in(self.alex, client_today(self.client_record), answers(note="A good day"))
        do_log_urge(
            self.alex,
            UrgeEntry(
                occurred_at=now, intensity=5, outcome=Outcome.RODE_IT_OUT, new_trigger="Hotel rooms", notes="Walked"
            ),
        )
        do_record_lapse(self.alex, LapseEntry(occurred_at=now, vulnerability="Tired"))
        document = build_export(self.client_record)
        self.assertEqual(document["check_ins"][0]["note"], "A good day")  # type: ignore[index]
        self.assertEqual(document["urges"][0]["trigger"], "Hotel rooms")  # type: ignore[index]
        self.assertEqual(document["urges"][0]["outcome"], "I rode it out")  # type: ignore[index]
        self.assertEqual(document["triggers"], [{"name": "Hotel rooms", "created": document["triggers"][0]["created"]}])  # type: ignore[index]
        self.assertEqual(document["lapses"][0]["chain"]["What made me more vulnerable?"], "Tired")  # type: ignore[index]

    def test_it_leaves_out_other_clients(self) -> None:
        do_check_in(self.bo_record.user, client_today(self.bo_record), answers(note="Bo's day"))
        self.assertEqual(build_export(self.client_record)["check_ins"], [])
