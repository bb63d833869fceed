"""One result as the therapist sees it: scores, every answer in words, corrections, FHIR download."""

import json
from collections.abc import Mapping
from datetime import timedelta

from django.urls import reverse

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from measures.actions import do_correct, do_enter_paper_form
from measures.due import client_today
from measures.fhir_export import validated
from measures.models import Administration
from measures.tests.support import spread

GAD7_ITEMS = [f"q{n}" for n in range(1, 8)]


class ResultPageTestCase(WaymarkTestCase):
    def setUp(self) -> None:
        self.today = client_today(self.client_record)

    def enter(self, instrument_id: str, answers: Mapping[str, object], days_ago: int = 0) -> Administration:
        on = self.today - timedelta(days=days_ago)
        return do_enter_paper_form(self.therapist, self.client_record, instrument_id, answers, on)

    def url(self, administration: Administration, name: str = "therapist_measures_result") -> str:
        kwargs = {"client_id": self.client_record.public_id, "administration_id": administration.public_id}
        return reverse(name, kwargs=kwargs)

    def page(self, administration: Administration) -> str:
        self.login(self.therapist)
        response = self.client.get(self.url(administration))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class ResultPageTest(ResultPageTestCase):
    def test_it_shows_total_band_and_every_answer_in_words(self) -> None:
        result = self.enter("phq9", spread([f"q{n}" for n in range(1, 9)], 12) | {"q9": 0, "q10": 1})
        page = self.page(result)
        self.assertIn("<strong>12</strong>", page)
        self.assertIn("Moderate", page)
        self.assertIn("Above cut-off", page)
        self.assertIn("Little interest or pleasure in doing things", page)
        self.assertIn("<strong>Nearly every day (3)</strong>", page)
        self.assertIn("<strong>Somewhat difficult (1)</strong>", page)

    def test_it_highlights_a_critical_answer_in_words(self) -> None:
        result = self.enter("phq9", spread([f"q{n}" for n in range(1, 9)], 5) | {"q9": 1})
        page = self.page(result)
        self.assertIn('<tr class="attention">', page)
        self.assertIn("Needs attention: today", page)
        self.assertIn("1 answer needs your attention", page)

    def test_it_shows_the_asq_screen_result_and_what_an_unanswered_question_counted_as(self) -> None:
        result = self.enter(
            "asq", {"q1": "no", "q2": "no", "q3": "no", "q4": "yes", "q4_when": "Years ago", "q5": "no"}
        )
        page = self.page(result)
        self.assertIn("<strong>Non-acute positive screen</strong>: needs a brief suicide safety assessment soon.", page)
        self.assertIn("Years ago", page)
        blank = self.page(self.enter("asq", {"q2": "no", "q3": "no", "q4": "no"}))
        self.assertIn("<strong>Not answered: counted as “Yes”</strong>", blank)
        self.assertIn("<strong>Acute positive screen</strong>: imminent risk, act now.", blank)

    def test_it_decrypts_free_text_answers_and_audits_that_they_were_read(self) -> None:
        result = self.enter(
            "readiness",
            {"importance": 7, "importance_why": "My partner and I want this", "confidence": 4, "readiness": 5},
        )
        page = self.page(result)
        self.assertIn("My partner and I want this", page)
        self.assertIn("Why a 7 and not a lower number?", page)
        reads = AuditEvent.objects.filter(action=Action.READ, target_ref=str(result.public_id))
        self.assertEqual(sorted(reads.values_list("what", flat=True)), ["measures.result", "measures.result.free_text"])

    def test_it_says_who_entered_a_paper_form(self) -> None:
        page = self.page(self.enter("gad7", spread(GAD7_ITEMS, 3)))
        self.assertIn("Entered from a paper form by Dr Tan.", page)

    def test_it_links_a_correction_and_its_original_both_ways(self) -> None:
        original = self.enter("gad7", spread(GAD7_ITEMS, 9), days_ago=3)
        correction = do_correct(self.therapist, original, spread(GAD7_ITEMS, 6), "Item 2 was misread.")
        original_page = self.page(original)
        self.assertIn("This result was corrected by Dr Tan", original_page)
        self.assertIn(self.url(correction), original_page)
        self.assertNotIn("Save the correction", original_page)
        correction_page = self.page(correction)
        self.assertIn(self.url(original), correction_page)
        self.assertIn("“Item 2 was misread.”", correction_page)
        three_days_ago = self.today - timedelta(days=3)
        self.assertIn(f"completed {three_days_ago.day} {three_days_ago:%b %Y}", correction_page)

    def test_it_is_not_there_for_another_clients_result(self) -> None:
        bos = do_enter_paper_form(self.other_therapist, self.bo_record, "gad7", spread(GAD7_ITEMS, 3), self.today)
        self.login(self.therapist)
        url = reverse(
            "therapist_measures_result",
            kwargs={"client_id": self.client_record.public_id, "administration_id": bos.public_id},
        )
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_runs_the_same_number_of_queries_however_long_the_history(self) -> None:
        first = self.enter("gad7", spread(GAD7_ITEMS, 9), days_ago=300)
        self.login(self.therapist)
        self.client.get(self.url(first))
        with self.assertNumQueries(self.count(first)):
            self.client.get(self.url(first))
        for n in range(39):
            self.enter("gad7", spread(GAD7_ITEMS, n % 10), days_ago=290 - n * 7)
        with self.assertNumQueries(self.count(first)):
            self.client.get(self.url(first))

    def count(self, administration: Administration) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url(administration))
        return len(queries.captured_queries)


class CorrectTest(ResultPageTestCase):
    def test_it_corrects_a_result_with_a_reason(self) -> None:
        original = self.enter("gad7", spread(GAD7_ITEMS, 9))
        self.login(self.therapist)
        data = {f"q{n}": "0" for n in range(1, 8)} | {"q1": "2", "reason": "Item 1 was entered as 3."}
        response = self.client.post(self.url(original, "therapist_measures_correct"), data)
        correction = Administration.objects.get(corrects=original)
        self.assertRedirects(response, self.url(correction), fetch_redirect_response=False)
        self.assertEqual((correction.total, correction.correction_reason), (2, "Item 1 was entered as 3."))

    def test_it_needs_a_reason_and_keeps_the_answers_given(self) -> None:
        original = self.enter("gad7", spread(GAD7_ITEMS, 9))
        self.login(self.therapist)
        data = {f"q{n}": "1" for n in range(1, 8)} | {"reason": ""}
        response = self.client.post(self.url(original, "therapist_measures_correct"), data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertContains(response, '<details class="card spaced" open>', status_code=400)
        self.assertContains(response, 'name="q7" value="1" required id="id_q7_1" checked', status_code=400)
        self.assertFalse(Administration.objects.filter(corrects=original).exists())


class FHIRDownloadTest(ResultPageTestCase):
    def test_it_downloads_a_valid_questionnaire_response_and_records_the_export(self) -> None:
        result = self.enter("gad7", spread(GAD7_ITEMS, 9))
        self.login(self.therapist)
        response = self.client.get(self.url(result, "therapist_measures_fhir"))
        self.assertEqual(response["Content-Type"], "application/fhir+json; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(validated(data), data)
        self.assertEqual(data["subject"], {"reference": f"Patient/{self.client_record.public_id}"})
        self.assertNotIn("Alex", response.content.decode())
        self.assertTrue(AuditEvent.objects.filter(action=Action.EXPORT, what="measures.result.fhir").exists())
