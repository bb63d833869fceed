"""An answer to a question the other answers do not ask is refused, so a result never contradicts its answers."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from measures.actions import do_correct, do_enter_paper_form
from measures.models import Administration
from measures.tests.client_support import ASQ_ALL_NO, ClientFlowCase
from safety.models import RiskAlert

Q5_NOT_ASKED = (
    "Question 5 is not asked with these answers: it is asked only when the answer to question 1, 2, 3 or 4 is "
    "“Yes”. Leave it empty, or check the answers before it."
)


class UnshownAnswerActionTest(ClientFlowCase):
    def test_it_refuses_a_paper_asq_with_question_5_answered_after_four_noes(self) -> None:
        with self.assertRaisesMessage(ValidationError, "q5: not asked with these answers"):
            do_enter_paper_form(self.therapist, self.client_record, "asq", {**ASQ_ALL_NO, "q5": "yes"}, self.today())
        self.assertFalse(Administration.objects.exists())
        self.assertFalse(RiskAlert.objects.exists())

    def test_it_refuses_a_correction_that_answers_a_question_not_asked(self) -> None:
        original = self.send(self.give("asq"), ASQ_ALL_NO)
        with self.assertRaisesMessage(ValidationError, "q4_how: not asked with these answers"):
            do_correct(self.therapist, original, {**ASQ_ALL_NO, "q4_how": "Tablets"}, "Added from session")
        self.assertEqual(Administration.objects.count(), 1)


class UnshownAnswerFormTest(ClientFlowCase):
    def setUp(self) -> None:
        self.login(self.therapist)

    def paper_url(self, instrument_id: str) -> str:
        return reverse(
            "therapist_measures_paper",
            kwargs={"client_id": self.client_record.public_id, "instrument_id": instrument_id},
        )

    def test_it_puts_the_error_on_the_question_not_asked_in_a_paper_form(self) -> None:
        data = {**ASQ_ALL_NO, "q5": "yes", "q4_how": "Tablets", "completed_on": self.today().isoformat()}
        response = self.client.post(self.paper_url("asq"), data)
        self.assertContains(response, Q5_NOT_ASKED, status_code=400)
        self.assertContains(
            response,
            "Question 4a is not asked with these answers: it is asked only when the answer to question 4 is “Yes”.",
            status_code=400,
        )
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"q5", "q4_how"})
        self.assertFalse(Administration.objects.exists())

    def test_it_puts_the_error_on_the_question_not_asked_in_a_correction(self) -> None:
        original = self.send(self.give("asq"), ASQ_ALL_NO)
        url = reverse(
            "therapist_measures_correct",
            kwargs={"client_id": self.client_record.public_id, "administration_id": original.public_id},
        )
        response = self.client.post(url, {**ASQ_ALL_NO, "q5": "yes", "reason": "Typo"})
        self.assertContains(response, Q5_NOT_ASKED, status_code=400)
        self.assertEqual(set(response.context["form"].errors), {"q5"})
        self.assertEqual(Administration.objects.count(), 1)

    def test_it_says_on_the_paper_form_when_question_5_is_asked(self) -> None:
        page = self.client.get(self.paper_url("asq")).content.decode()
        self.assertIn(
            "Asked only when the answer to question 1, 2, 3 or 4 is “Yes”; leave it empty otherwise. "
            "When it is asked and left empty, it counts as “Yes”.",
            page,
        )
        self.assertIn("Asked only when the answer to question 4 is “Yes”; leave it empty otherwise.", page)
        self.assertIn("<legend>5. Are you having thoughts of killing yourself right now?</legend>", page)

    def test_it_says_when_a_question_follows_a_score_or_a_number(self) -> None:
        phq9_page = self.client.get(self.paper_url("phq9")).content.decode()
        self.assertIn(
            "Asked only when the “Depression severity” score is above 0; leave it empty otherwise.", phq9_page
        )
        readiness_page = self.client.get(self.paper_url("readiness")).content.decode()
        self.assertIn("Asked only when the answer to question 1 is below 10; leave it empty otherwise.", readiness_page)
