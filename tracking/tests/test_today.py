"""/today/: the streak card, the quick check-in (with and without htmx) and the last 14 days."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from lib.testing import WaymarkTestCase
from tracking.actions import LapseEntry, do_check_in, do_record_lapse
from tracking.models import CheckIn

from .support import agree_plan, answers

# 04:00 on 11 June 2024 in Singapore, Alex's zone.
NOW = datetime(2024, 6, 10, 20, 0, tzinfo=UTC)
TODAY = date(2024, 6, 11)
FORM = {"day": "2024-06-11", "mood": "4", "urge": "3", "sober": "yes", "tired": "on", "sleep_quality": "2", "key": "k1"}


@time_machine.travel(NOW, tick=False)
class TodayPageTest(WaymarkTestCase):
    url = reverse("tracking_today")

    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_asks_anonymous_visitors_to_sign_in_and_hides_from_staff(self) -> None:
        self.client.logout()
        self.assertIn(reverse("account_login"), self.client.get(self.url)["Location"])
        for person in (self.therapist, self.supporter, self.admin):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 404, person)

    def test_it_shows_the_streak_and_an_empty_check_in(self) -> None:
        agree_plan(self.client_record, date(2024, 6, 1), days=90)
        response = self.client.get(self.url)
        self.assertContains(response, '<p class="streak-number">10 <span class="unit">days</span></p>', html=True)
        self.assertContains(response, "10 of 90 days")
        self.assertContains(response, "Next: <strong>2 weeks</strong>, in 4 days")
        self.assertContains(response, "Check in for today")
        self.assertContains(response, 'type="range"')
        self.assertContains(response, 'value="2024-06-11"')

    def test_it_saves_a_check_in_and_comes_back_to_a_form_to_update_it(self) -> None:
        response = self.client.post(self.url, FORM, follow=True)
        self.assertRedirects(response, self.url)
        self.assertContains(response, "Thank you. Your check-in is saved.")
        self.assertContains(response, "You already checked in today — update it")
        check_in = CheckIn.objects.get()
        self.assertEqual((check_in.day, check_in.mood, check_in.urge, check_in.tired), (TODAY, 4, 3, True))
        self.assertContains(response, 'id="id_mood_3" required checked')

    def test_it_edits_the_days_check_in_on_a_second_post(self) -> None:
        self.client.post(self.url, FORM)
        self.client.post(self.url, FORM | {"mood": "2", "key": "k2"})
        self.assertEqual(list(CheckIn.objects.values_list("mood", flat=True)), [2])

    def test_it_stores_a_double_submit_once(self) -> None:
        self.client.post(self.url, FORM)
        self.client.post(self.url, FORM | {"mood": "1"})  # the same key: a resend, not an edit
        self.assertEqual(list(CheckIn.objects.values_list("mood", flat=True)), [4])
        self.assertEqual(AuditEvent.objects.filter(what__startswith="checkin.").count(), 1)

    def test_it_swaps_the_panel_for_htmx(self) -> None:
        response = self.client.post(self.url, FORM, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="today-panel"')
        self.assertContains(response, "Thank you. Your check-in is saved.")
        self.assertContains(response, "1</strong>check-in")

    def test_it_points_out_what_is_missing(self) -> None:
        response = self.client.post(self.url, FORM | {"mood": "", "urge": "11"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertContains(response, "less than or equal to 10", status_code=400)
        self.assertFalse(CheckIn.objects.exists())
        htmx = self.client.post(self.url, FORM | {"mood": ""}, headers={"HX-Request": "true"})
        self.assertContains(htmx, "This field is required.")  # 200, so htmx swaps it in

    def test_it_refuses_a_day_still_to_come(self) -> None:
        response = self.client.post(self.url, FORM | {"day": "2024-06-12"})
        self.assertContains(response, "not a day still to come", status_code=400)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_offers_a_missed_day_from_this_week(self) -> None:
        response = self.client.get(self.url, {"day": "2024-06-08"})
        self.assertContains(response, "Check in for Saturday 8 June")
        self.assertContains(response, 'value="2024-06-08"')
        self.client.post(self.url, FORM | {"day": "2024-06-08"})
        self.assertEqual(CheckIn.objects.get().day, date(2024, 6, 8))
        # Older than a week, or not a date: today's form instead.
        for asked in ("2024-06-01", "next tuesday", "2024-02-30", "2024-06-12"):
            self.assertContains(self.client.get(self.url, {"day": asked}), "Check in for today")

    def test_it_shows_the_last_14_days_honestly_and_without_scolding(self) -> None:
        do_check_in(self.alex, TODAY - timedelta(days=1), answers())
        response = self.client.get(self.url)
        self.assertContains(response, "Monday 10 June: checked in")
        self.assertContains(response, "Sunday 9 June: no check-in")
        self.assertContains(response, "Tuesday 11 June: not yet")
        self.assertContains(response, 'href="/today/?day=2024-06-09"')
        self.assertNotContains(response, 'href="/today/?day=2024-06-03"')  # too long ago to fill in
        for word in ("missed", "failed", "failure", "relapse"):
            self.assertNotContains(response, word)

    def test_it_is_kind_after_a_lapse(self) -> None:
        agree_plan(self.client_record, date(2024, 5, 1))
        do_record_lapse(self.alex, LapseEntry(occurred_at=NOW - timedelta(days=3)))
        response = self.client.get(self.url)
        self.assertContains(response, "A lapse is something to learn from. Your 40 sober days still count.")
        self.assertContains(response, "Every day counts from here", count=0)
        self.assertContains(response, "<strong>40</strong>sober days in all", html=True)

    def test_it_offers_to_record_a_lapse_after_a_day_that_was_not_sober(self) -> None:
        self.client.post(self.url, FORM | {"sober": "no"})
        self.assertContains(self.client.get(self.url), "record the lapse")
        do_record_lapse(self.alex, LapseEntry(occurred_at=NOW))
        self.assertNotContains(self.client.get(self.url), "record the lapse")


class FixedQueriesTest(WaymarkTestCase):
    """The client's home and /today/ cost the same queries after one day as after three years."""

    def count(self, url: str) -> int:
        self.client.get(url)  # warm: the session's first-request writes
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries.captured_queries)

    def test_it_runs_a_fixed_number_of_queries_however_long_the_history(self) -> None:
        from tracking.history import generate_history

        self.login(self.alex)
        do_check_in(self.alex, date.today(), answers())
        small = {url: self.count(url) for url in ("/", self.url_today)}
        CheckIn.objects.all().delete()
        made = generate_history(self.client_record, 1095)
        self.assertGreater(made.check_ins, 900)
        self.assertGreater(made.lapses, 5)
        large = {url: self.count(url) for url in ("/", self.url_today)}
        self.assertEqual(large, small)

    url_today = reverse("tracking_today")
