import re
import uuid
from datetime import UTC, datetime, timedelta

import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from caseload.models import Client
from measures.actions import do_end_schedule
from measures.models import Administration, Status
from measures.tests.client_support import ASQ_ALL_NO, GAD7_ITEMS, PHQ9_ITEMS, ClientFlowCase, phq9
from measures.tests.support import add_unverified_instrument
from measures.views.client import item_url


def item(administration: Administration, item_id: str) -> str:
    return item_url(administration, item_id)


def review(administration: Administration) -> str:
    return reverse("measures_review", args=[administration.public_id])


def result(administration: Administration) -> str:
    return reverse("measures_result", args=[administration.public_id])


def submission_key(html: str) -> str:
    found = re.search(r'name="submission_key" value="([0-9a-f-]+)"', html)
    assert found is not None, "no submission key on the page"
    return found.group(1)


class DueListTest(ClientFlowCase):
    def test_it_shows_what_is_due_on_the_home_page(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Questions for you")
        self.assertContains(response, "PHQ-9")
        self.assertContains(response, reverse("measures_start", args=[waiting.public_id]))
        self.assertContains(response, "Start")

    def test_it_says_nothing_is_due_when_nothing_is(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("home")), "Nothing to answer right now.")

    def test_it_mentions_an_overdue_one_gently_and_offers_to_continue_a_started_one(self) -> None:
        with time_machine.travel(datetime(2026, 5, 1, 2, 0, tzinfo=UTC), tick=False):
            self.answer(self.give("gad7"), {"q1": 1})
        with time_machine.travel(datetime(2026, 5, 4, 2, 0, tzinfo=UTC), tick=False):
            self.login(self.alex)
            response = self.client.get(reverse("measures_due"))
        self.assertContains(response, "From 3 days ago — whenever you are ready")
        self.assertContains(response, "Continue")

    def test_it_leaves_out_what_is_not_due_yet(self) -> None:
        from measures.actions import do_schedule

        do_schedule(self.therapist, self.client_record, "gad7", starts_on=self.today() + timedelta(days=3))
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("measures_due")), "GAD-7")

    def test_it_lists_the_last_few_results_with_a_link_to_each(self) -> None:
        sent = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        self.login(self.alex)
        response = self.client.get(reverse("measures_due"))
        self.assertContains(response, "Answered lately")
        self.assertContains(response, result(sent))

    def test_it_does_not_show_bos_questionnaires_to_alex(self) -> None:
        self.give("phq9", client=self.bo_record)
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("measures_due")), "PHQ-9")

    def with_past_results(self, count: int) -> None:
        for days in range(count):
            self.past("phq9", phq9(days % 20), self.days_ago(30 + days))
        self.give("gad7")
        self.login(self.alex)
        self.client.get(reverse("measures_due"))  # the session and the like, once

    def assert_due_list_queries(self) -> None:
        client = Client.objects.select_related("user", "practice").get(pk=self.client_record.pk)
        with self.assertNumQueries(DUE_CARD_QUERIES):
            self.assertIn("GAD-7", render_to_string("measures/client/_due.html", {"client": client}))
        with self.assertNumQueries(DUE_PAGE_QUERIES):
            self.assertContains(self.client.get(reverse("measures_due")), "GAD-7")

    def test_it_runs_a_fixed_number_of_queries_with_one_past_result(self) -> None:
        self.with_past_results(1)
        self.assert_due_list_queries()

    def test_it_runs_the_same_number_of_queries_with_thirty_past_results(self) -> None:
        self.with_past_results(30)
        self.assert_due_list_queries()


# The home page's card: the client's practice (for their time zone), its licensed instruments, what is due.
DUE_CARD_QUERIES = 3
# The page: session, user, client, licensed instruments, what is due, what was answered, the practice's name.
DUE_PAGE_QUERIES = 7


class QuestionnaireFlowTest(ClientFlowCase):
    def test_it_walks_a_phq9_from_first_question_to_result(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        self.assertRedirects(self.client.get(reverse("measures_start", args=[waiting.public_id])), item(waiting, "q1"))
        first = self.client.get(item(waiting, "q1"))
        self.assertContains(first, "Over the last 2 weeks, how often have you been bothered")
        self.assertContains(first, "Little interest or pleasure in doing things")
        self.assertContains(first, '<progress max="9" value="1">1 of 9</progress>', html=True)
        for number, item_id in enumerate(PHQ9_ITEMS[:-1], start=1):
            response = self.client.post(item(waiting, item_id), {"value": "1"})
            self.assertRedirects(response, item(waiting, PHQ9_ITEMS[number]), fetch_redirect_response=False)
        # The last scored item brings in item 10, because the total is above 0.
        self.assertRedirects(self.client.post(item(waiting, "q9"), {"value": "0"}), item(waiting, "q10"))
        # Back to item 3: the saved answer is selected, and it can be changed.
        back = self.client.get(item(waiting, "q3"))
        self.assertContains(back, 'value="1" id="id_value_1" checked', html=False)
        self.assertRedirects(self.client.post(item(waiting, "q3"), {"value": "3"}), item(waiting, "q4"))
        self.assertRedirects(self.client.post(item(waiting, "q10"), {"value": "1"}), review(waiting))
        page = self.client.get(review(waiting))
        self.assertContains(page, "Check your answers")
        self.assertContains(page, "Nearly every day")
        self.assertContains(page, "data-submit-once")
        sent = self.client.post(review(waiting), {"submission_key": submission_key(page.content.decode())})
        self.assertRedirects(sent, result(waiting))
        waiting.refresh_from_db()
        self.assertEqual((waiting.status, waiting.total), (Status.SUBMITTED, 10))
        shown = self.client.get(result(waiting))
        self.assertContains(shown, "the range this questionnaire calls <strong>moderate</strong>", html=False)
        self.assertContains(shown, "Your therapist will go through this with you.")

    def test_it_resumes_at_the_first_question_not_answered(self) -> None:
        waiting = self.answer(self.give("phq9"), {"q1": 0, "q2": 1, "q3": 2})
        self.login(self.alex)
        self.assertRedirects(self.client.get(reverse("measures_start", args=[waiting.public_id])), item(waiting, "q4"))

    def test_it_asks_again_when_no_answer_was_chosen(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        response = self.client.post(item(waiting, "q1"), {})
        self.assertContains(response, "Please choose an answer.", status_code=400)

    def test_it_refuses_a_value_that_is_not_an_option(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        response = self.client.post(item(waiting, "q1"), {"value": "9"})
        self.assertContains(response, "Please choose one of the answers shown.", status_code=400)
        waiting.refresh_from_db()
        self.assertEqual(waiting.answers, {})

    def test_it_sends_a_question_not_asked_yet_back_to_where_the_client_is(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        self.assertRedirects(
            self.client.get(item(waiting, "q10")),
            reverse("measures_start", args=[waiting.public_id]),
            target_status_code=302,
        )
        self.assertEqual(self.client.get(item(waiting, "no-such-item")).status_code, 404)

    def test_it_sends_the_review_back_to_a_question_left_unanswered(self) -> None:
        waiting = self.answer(self.give("gad7"), {"q1": 0})
        self.login(self.alex)
        self.assertRedirects(self.client.get(review(waiting)), item(waiting, "q2"))

    def test_it_sends_nothing_while_questions_are_unanswered(self) -> None:
        waiting = self.answer(self.give("gad7"), {"q1": 0, "q2": 1})
        self.login(self.alex)
        response = self.client.post(review(waiting), {"submission_key": str(uuid.uuid4())}, follow=True)
        self.assertRedirects(response, item(waiting, "q3"))
        self.assertContains(response, "Some questions still need an answer.")
        waiting.refresh_from_db()
        self.assertEqual((waiting.status, waiting.result), (Status.IN_PROGRESS, None))

    def test_it_stores_a_double_tapped_submission_once(self) -> None:
        waiting = self.answer(self.give("gad7", every_days=14), dict.fromkeys(GAD7_ITEMS, 1))
        self.login(self.alex)
        key = submission_key(self.client.get(review(waiting)).content.decode())
        for _ in range(2):
            self.assertRedirects(self.client.post(review(waiting), {"submission_key": key}), result(waiting))
        self.assertEqual(Administration.objects.filter(instrument_id="gad7").count(), 2)  # this one and the next
        self.assertEqual(Administration.objects.submitted().count(), 1)

    def test_it_takes_a_free_text_answer_in_a_text_box(self) -> None:
        asq = self.answer(self.give("asq"), {**ASQ_ALL_NO, "q4": "yes"})
        self.login(self.alex)
        page = self.client.get(item(asq, "q4_how"))
        self.assertContains(page, "<textarea")
        self.assertContains(page, 'maxlength="2000"')
        self.assertRedirects(
            self.client.post(item(asq, "q4_how"), {"value": "I'd rather say in person"}), item(asq, "q4_when")
        )
        self.assertContains(self.client.get(item(asq, "q4_how")), "I&#x27;d rather say in person")


class ReachTest(ClientFlowCase):
    def test_it_gives_404_for_another_clients_questionnaire(self) -> None:
        bos = self.give("phq9", client=self.bo_record)
        self.login(self.alex)
        for url in (
            reverse("measures_start", args=[bos.public_id]),
            item(bos, "q1"),
            review(bos),
            result(bos),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(item(bos, "q1"), {"value": "1"}).status_code, 404)
        bos.refresh_from_db()
        self.assertEqual(bos.answers, {})

    def test_it_gives_the_same_404_for_a_made_up_id(self) -> None:
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("measures_start", args=[uuid.uuid4()])).status_code, 404)

    def test_it_keeps_the_treating_therapist_out_of_the_clients_pages(self) -> None:
        waiting = self.give("phq9")
        self.login(self.therapist)
        self.assertEqual(self.client.get(item(waiting, "q1")).status_code, 404)


class ReadOnlyTest(ClientFlowCase):
    def test_it_says_kindly_that_sent_answers_cannot_be_changed(self) -> None:
        sent = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        self.login(self.alex)
        self.assertContains(self.client.get(item(sent, "q1")), "You have sent these answers already.")
        response = self.client.post(item(sent, "q1"), {"value": "3"})
        self.assertContains(response, "You have sent these answers already.", status_code=409)
        sent.refresh_from_db()
        self.assertEqual(sent.answers["q1"], 0)

    def test_it_says_kindly_that_a_withdrawn_questionnaire_needs_nothing(self) -> None:
        waiting = self.give("gad7", every_days=7)
        do_end_schedule(self.therapist, waiting.schedule)  # type: ignore[arg-type]
        self.login(self.alex)
        response = self.client.post(review(waiting), {"submission_key": str(uuid.uuid4())})
        self.assertContains(response, "there is nothing to do here", status_code=409)
        self.assertContains(self.client.get(reverse("measures_start", args=[waiting.public_id])), "Nothing to answer")

    def test_it_never_shows_a_questionnaire_without_verified_wording_to_a_client(self) -> None:
        pending = add_unverified_instrument(self.practice)
        unverified = Administration.objects.create(
            client=self.client_record, instrument_id=pending, due_on=self.today()
        )
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("home")), "PND-6")
        self.assertContains(self.client.get(item(unverified, "ex1")), "not available any more")

    def test_it_gives_the_dass21_one_statement_at_a_time_and_scores_it(self) -> None:
        waiting = self.give("dass21")
        self.login(self.alex)
        first = self.client.get(item(waiting, "q1"))
        self.assertContains(first, "I found it hard to wind down")
        self.assertContains(first, "Applied to me to some degree, or some of the time")
        self.assertContains(first, "1 of 21")


class HtmxTest(ClientFlowCase):
    def test_it_swaps_only_the_card_for_htmx(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        response = self.client.get(item(waiting, "q1"), headers={"HX-Request": "true"})
        html = response.content.decode()
        self.assertTrue(html.lstrip().startswith('<section class="card questionnaire" id="questionnaire-card"'))
        self.assertNotIn("<html", html)
        self.assertIn('hx-target="#questionnaire-card"', html)
        self.assertIn('hx-push-url="true"', html)

    def test_it_gives_the_whole_page_without_htmx(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        html = self.client.get(item(waiting, "q1")).content.decode()
        self.assertIn("<html", html)
        self.assertIn('id="questionnaire-card"', html)

    def test_it_saves_through_htmx_and_lands_on_the_next_card(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        response = self.client.post(item(waiting, "q1"), {"value": "2"}, headers={"HX-Request": "true"}, follow=True)
        self.assertEqual(response.redirect_chain, [(item(waiting, "q2"), 302)])
        self.assertNotIn("<html", response.content.decode())
        self.assertContains(response, "Feeling down, depressed, or hopeless")

    def test_it_shows_a_mistake_in_the_card_for_htmx(self) -> None:
        waiting = self.give("phq9")
        self.login(self.alex)
        response = self.client.post(item(waiting, "q1"), {}, headers={"HX-Request": "true"})
        self.assertContains(response, "Please choose an answer.")  # 200, so htmx swaps it in


class ResultTest(ClientFlowCase):
    def test_it_sends_an_acute_asq_straight_to_crisis_help(self) -> None:
        asq = self.answer(self.give("asq"), {**ASQ_ALL_NO, "q1": "yes", "q5": "yes"})
        self.login(self.alex)
        key = submission_key(self.client.get(review(asq)).content.decode())
        response = self.client.post(review(asq), {"submission_key": key})
        self.assertRedirects(response, reverse("crisis"), fetch_redirect_response=False)

    def test_it_never_shows_an_asq_score(self) -> None:
        asq = self.send(self.give("asq"), {**ASQ_ALL_NO, "q2": "yes", "q5": "no"})
        self.login(self.alex)
        page = self.client.get(result(asq))
        self.assertContains(page, "Your therapist will go through your answers with you.")
        for word in ("score", "positive", "screen"):
            self.assertNotIn(word, page.content.decode().lower().split("<main")[1])

    def test_it_shows_a_calm_notice_after_an_urgent_result(self) -> None:
        sent = self.send(self.give("phq9"), phq9(7, item9=1))
        self.login(self.alex)
        page = self.client.get(result(sent))
        self.assertContains(page, "Your therapist will be in touch soon")
        self.assertContains(page, "is not watched around the clock")
        self.assertContains(page, reverse("crisis"))
        # The ASQ that item 9 brought in is waiting, one tap away.
        asq = Administration.objects.open().get(instrument_id="asq")
        self.assertContains(page, reverse("measures_start", args=[asq.public_id]))

    def test_it_shows_no_notice_when_there_is_nothing_to_worry_about(self) -> None:
        sent = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        self.login(self.alex)
        page = self.client.get(result(sent))
        self.assertNotContains(page, "not watched around the clock")
        self.assertContains(page, "<strong>minimal</strong>", html=False)

    def test_it_shows_the_readiness_numbers_and_what_the_client_wrote(self) -> None:
        answers = {
            "importance": 8,
            "importance_why": "My marriage matters",
            "importance_next": "",
            "confidence": 4,
            "confidence_why": "",
            "confidence_next": "A plan for evenings",
            "readiness": 6,
            "readiness_why": "",
            "readiness_next": "",
        }
        sent = self.send(self.give("readiness"), answers)
        self.login(self.alex)
        page = self.client.get(result(sent))
        for words in ("Importance", "Confidence", "Readiness", "My marriage matters", "A plan for evenings"):
            self.assertContains(page, words)
        self.assertContains(page, "What would it take to move to 5?")

    def test_it_shows_the_correction_rather_than_the_original(self) -> None:
        from measures.actions import do_correct

        original = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        corrected = do_correct(self.therapist, original, dict.fromkeys(GAD7_ITEMS, 2), "Entered wrongly")
        self.login(self.alex)
        self.assertRedirects(self.client.get(result(original)), result(corrected))

    def test_it_sends_an_unfinished_questionnaire_back_to_its_questions(self) -> None:
        waiting = self.give("gad7")
        self.login(self.alex)
        self.assertRedirects(
            self.client.get(result(waiting)),
            reverse("measures_start", args=[waiting.public_id]),
            target_status_code=302,
        )
