"""The therapist's questionnaire page for one client: what is asked, assigning, and results over time."""

from datetime import date, timedelta

from django.urls import reverse

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from measures.actions import do_enter_paper_form, do_schedule
from measures.due import client_today
from measures.models import Administration, Schedule, Status
from measures.tests.support import add_unverified_instrument, spread

PHQ9_ITEMS = [f"q{n}" for n in range(1, 10)]


class MeasuresPageTestCase(WaymarkTestCase):
    def setUp(self) -> None:
        self.today = client_today(self.client_record)
        self.url = reverse("therapist_measures", kwargs={"client_id": self.client_record.public_id})

    def phq9(self, total: int, on: date) -> Administration:
        """A paper PHQ-9 with this total (up to 24) and item 9 at 0."""
        answers = spread(PHQ9_ITEMS[:8], total) | {"q9": 0}
        return do_enter_paper_form(self.therapist, self.client_record, "phq9", answers, on)


class MeasuresPageTest(MeasuresPageTestCase):
    def test_it_is_only_for_the_clients_own_therapist(self) -> None:
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.therapist)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_records_that_the_therapist_read_the_results(self) -> None:
        self.login(self.therapist)
        self.client.get(self.url)
        event = AuditEvent.objects.filter(action=Action.READ, what="measures.results").get()
        self.assertEqual(event.client_ref, self.client_record.public_id)
        self.assertEqual(event.actor_ref, self.therapist.public_id)

    def test_it_lists_active_schedules_with_how_often_and_next_due(self) -> None:
        do_schedule(self.therapist, self.client_record, "gad7", every_days=28, starts_on=self.today + timedelta(days=3))
        self.login(self.therapist)
        page = self.client.get(self.url).content.decode()
        self.assertIn("GAD-7", page)
        self.assertIn("Every 4 weeks", page)
        self.assertIn(f"{(self.today + timedelta(days=3)):%b %Y}", page)
        self.assertIn('End<span class="visually-hidden"> the GAD-7 schedule', page)

    def test_it_offers_an_instrument_without_verified_wording_only_as_a_disabled_choice_that_says_why(self) -> None:
        add_unverified_instrument(self.practice)
        self.login(self.therapist)
        page = self.client.get(self.url).content.decode()
        self.assertRegex(page, r'<option value="pending-scale"[^>]*disabled[^>]*>PND-6[^<]*wording not yet verified')
        self.assertRegex(page, r'<option value="dass21"(?![^>]*disabled)')
        self.assertRegex(page, r'<option value="phq9"(?![^>]*disabled)')

    def test_it_assigns_a_questionnaire_every_few_weeks(self) -> None:
        self.login(self.therapist)
        response = self.client.post(
            reverse("therapist_measures_assign", kwargs={"client_id": self.client_record.public_id}),
            {"instrument": "phq9", "repeat": "weeks", "every_weeks": "2", "starts_on": self.today.isoformat()},
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        schedule = Schedule.objects.get(client=self.client_record)
        self.assertEqual((schedule.instrument_id, schedule.every_days, schedule.starts_on), ("phq9", 14, self.today))
        self.assertIn("PHQ-9 assigned to Alex.", self.client.get(self.url).content.decode())

    def test_it_assigns_a_questionnaire_once(self) -> None:
        self.login(self.therapist)
        self.client.post(
            reverse("therapist_measures_assign", kwargs={"client_id": self.client_record.public_id}),
            {"instrument": "asq", "repeat": "once", "starts_on": self.today.isoformat()},
        )
        self.assertIsNone(Schedule.objects.get(client=self.client_record, instrument_id="asq").every_days)

    def test_it_refuses_to_assign_an_instrument_without_verified_wording_and_says_why(self) -> None:
        pending = add_unverified_instrument(self.practice)
        self.login(self.therapist)
        response = self.client.post(
            reverse("therapist_measures_assign", kwargs={"client_id": self.client_record.public_id}),
            {"instrument": pending, "repeat": "once", "starts_on": self.today.isoformat()},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "not yet verified, so it cannot be given to clients", status_code=400)
        self.assertFalse(Schedule.objects.exists())

    def test_it_asks_how_many_weeks_apart_and_keeps_a_start_in_the_past_out(self) -> None:
        self.login(self.therapist)
        url = reverse("therapist_measures_assign", kwargs={"client_id": self.client_record.public_id})
        response = self.client.post(url, {"instrument": "phq9", "repeat": "weeks", "starts_on": self.today.isoformat()})
        self.assertContains(response, "Say how many weeks apart", status_code=400)
        yesterday = (self.today - timedelta(days=1)).isoformat()
        response = self.client.post(url, {"instrument": "phq9", "repeat": "once", "starts_on": yesterday})
        self.assertContains(response, "Choose today or a later date to start.", status_code=400)
        self.assertFalse(Schedule.objects.exists())

    def test_it_assigns_the_intake_set_due_today(self) -> None:
        self.login(self.therapist)
        response = self.client.post(
            reverse("therapist_measures_intake", kwargs={"client_id": self.client_record.public_id}), follow=True
        )
        self.assertContains(response, "Intake questionnaires due today: PHQ-9, GAD-7, ASQ, Readiness.")
        waiting = Administration.objects.open().filter(client=self.client_record)
        self.assertEqual(sorted(waiting.values_list("instrument_id", flat=True)), ["asq", "gad7", "phq9", "readiness"])
        self.assertEqual({row.due_on for row in waiting}, {self.today})

    def test_it_ends_a_schedule(self) -> None:
        schedule = do_schedule(self.therapist, self.client_record, "gad7", every_days=28)
        self.login(self.therapist)
        url = reverse(
            "therapist_measures_end_schedule",
            kwargs={"client_id": self.client_record.public_id, "schedule_id": schedule.public_id},
        )
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Schedule ended.")
        self.assertContains(response, "Nothing is asked of Alex at the moment.")
        self.assertEqual(Administration.objects.get(schedule=schedule).status, Status.WITHDRAWN)

    def test_it_cannot_end_another_clients_schedule(self) -> None:
        schedule = do_schedule(self.other_therapist, self.bo_record, "gad7", every_days=28)
        self.login(self.therapist)
        url = reverse(
            "therapist_measures_end_schedule",
            kwargs={"client_id": self.client_record.public_id, "schedule_id": schedule.public_id},
        )
        self.assertEqual(self.client.post(url).status_code, 404)
        schedule.refresh_from_db()
        self.assertIsNone(schedule.ended_at)


class ResultsOverTimeTest(MeasuresPageTestCase):
    def test_it_says_when_there_are_no_results_yet(self) -> None:
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url), "No results yet.")

    def test_it_charts_and_tables_every_result_with_its_change_since_the_first(self) -> None:
        self.phq9(18, self.today - timedelta(days=56))
        self.phq9(15, self.today - timedelta(days=28))
        self.phq9(7, self.today)
        self.login(self.therapist)
        page = self.client.get(self.url).content.decode()
        self.assertIn('<svg xmlns="http://www.w3.org/2000/svg" role="img"', page)
        self.assertIn("PHQ-9 total over time</title>", page)
        self.assertEqual(page.count('class="point"'), 3)
        # Newest first in the table: recovered (18 → 7 crosses 10), no reliable change (18 → 15), baseline.
        recovered = page.index('<span class="pill">Recovered</span>')
        unchanged = page.index('<span class="pill grey">No reliable change</span>')
        baseline = page.index('<span class="pill grey">Baseline</span>')
        self.assertLess(recovered, unchanged)
        self.assertLess(unchanged, baseline)
        self.assertIn("Moderately severe", page)

    def test_it_shows_a_deterioration_in_words(self) -> None:
        self.phq9(4, self.today - timedelta(days=28))
        self.phq9(12, self.today)
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url), '<span class="pill warn">Deteriorated</span>')

    def test_it_shows_only_the_corrected_result(self) -> None:
        from measures.actions import do_correct

        first = self.phq9(18, self.today - timedelta(days=1))
        do_correct(self.therapist, first, spread(PHQ9_ITEMS[:8], 11) | {"q9": 0}, "Entered from the wrong form.")
        self.login(self.therapist)
        page = self.client.get(self.url).content.decode()
        self.assertEqual(page.count('class="point"'), 1)
        self.assertIn('data-score="11"', page)

    def test_it_shows_another_clients_results_to_nobody_else(self) -> None:
        do_enter_paper_form(
            self.other_therapist, self.bo_record, "gad7", spread([f"q{n}" for n in range(1, 8)], 9), self.today
        )
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url), "No results yet.")

    def test_it_runs_the_same_number_of_queries_for_1_or_40_results(self) -> None:
        self.phq9(18, self.today - timedelta(days=400))
        self.login(self.therapist)
        self.client.get(self.url)  # warm the session and caches
        with self.assertNumQueries(self.queries_for_page()):
            self.client.get(self.url)
        for n in range(1, 40):
            self.phq9(18 - n % 12, self.today - timedelta(days=400 - n * 10))
        with self.assertNumQueries(self.queries_for_page()):
            response = self.client.get(self.url)
        self.assertEqual(response.content.decode().count('class="point"'), 40)

    def queries_for_page(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        return len(queries.captured_queries)
