"""Entering a paper form: every item at once, the day it was completed, scored like any other."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from lib.testing import WaymarkTestCase
from measures.due import client_today
from measures.models import Administration, Mode
from measures.tests.support import add_unverified_instrument
from safety.models import RiskAlert


class PaperFormTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.today = client_today(self.client_record)
        self.login(self.therapist)

    def url(self, instrument_id: str) -> str:
        return reverse(
            "therapist_measures_paper",
            kwargs={"client_id": self.client_record.public_id, "instrument_id": instrument_id},
        )

    def test_it_shows_every_item_as_a_group_of_answers(self) -> None:
        page = self.client.get(self.url("phq9")).content.decode()
        self.assertEqual(page.count("<fieldset"), 10)
        self.assertIn(
            "<legend>9. Thoughts that you would be better off dead, or of hurting yourself in some way</legend>", page
        )
        self.assertIn('<input type="date" name="completed_on" value="' + self.today.isoformat(), page)

    def test_it_numbers_follow_up_questions_after_the_question_they_follow(self) -> None:
        page = self.client.get(self.url("asq")).content.decode()
        self.assertIn("4a. How?", page)
        self.assertIn("<legend>5. Are you having thoughts of killing yourself right now?</legend>", page)

    def test_it_scores_and_stores_the_form_as_entered_from_paper(self) -> None:
        data = {f"q{n}": "2" for n in range(1, 8)} | {"completed_on": (self.today - timedelta(days=2)).isoformat()}
        response = self.client.post(self.url("gad7"), data)
        entered = Administration.objects.get(client=self.client_record)
        self.assertRedirects(
            response,
            reverse(
                "therapist_measures_result",
                kwargs={"client_id": self.client_record.public_id, "administration_id": entered.public_id},
            ),
            fetch_redirect_response=False,
        )
        self.assertEqual((entered.mode, entered.entered_by, entered.total), (Mode.PAPER, self.therapist, 14))
        assert entered.submitted_at is not None
        self.assertEqual(
            entered.submitted_at.astimezone(ZoneInfo("Asia/Singapore")).date(), self.today - timedelta(days=2)
        )

    def test_it_alerts_on_a_paper_form_like_any_other(self) -> None:
        data = {f"q{n}": "0" for n in range(1, 10)} | {"q9": "1", "q10": "0", "completed_on": self.today.isoformat()}
        self.client.post(self.url("phq9"), data)
        self.assertEqual(list(RiskAlert.objects.values_list("reason", flat=True)), ["phq9.phq9_item9"])

    def test_it_refuses_a_date_in_the_future_and_keeps_the_answers(self) -> None:
        data = {f"q{n}": "3" for n in range(1, 8)} | {"completed_on": (self.today + timedelta(days=1)).isoformat()}
        response = self.client.post(self.url("gad7"), data)
        self.assertContains(response, "The form cannot have been completed in the future.", status_code=400)
        self.assertContains(response, 'value="3" required id="id_q7_3" checked', status_code=400)
        self.assertFalse(Administration.objects.exists())

    def test_it_names_an_item_left_unanswered(self) -> None:
        data = {f"q{n}": "1" for n in range(1, 7)} | {"completed_on": self.today.isoformat()}
        response = self.client.post(self.url("gad7"), data)
        self.assertContains(response, "Choose the answer ticked on the form.", count=1, status_code=400)
        self.assertFalse(Administration.objects.exists())

    def test_it_enters_a_dass21_form_and_doubles_each_subscale(self) -> None:
        page = self.client.get(self.url("dass21")).content.decode()
        self.assertIn("1. I found it hard to wind down", page)
        data = {f"q{n}": "1" for n in range(1, 22)} | {"completed_on": self.today.isoformat()}
        self.client.post(self.url("dass21"), data)
        entered = Administration.objects.get(client=self.client_record)
        self.assertEqual(entered.result_data["subscales"]["depression"]["score"], 14)

    def test_it_enters_a_form_without_wording_in_waymark_by_item_number(self) -> None:
        pending = add_unverified_instrument(self.practice)
        page = self.client.get(self.url(pending)).content.decode()
        self.assertIn("Item 1 (wording not in Waymark yet: read it from the paper form)", page)

    def test_it_is_not_there_for_an_unknown_instrument_or_another_client(self) -> None:
        self.assertEqual(self.client.get(self.url("csbd19")).status_code, 404)
        url = reverse(
            "therapist_measures_paper", kwargs={"client_id": self.bo_record.public_id, "instrument_id": "gad7"}
        )
        self.assertEqual(self.client.get(url).status_code, 404)
