"""A question's address says nothing about the answers: an opaque token, stable, and only for its own questionnaire."""

import re
import uuid

from django.urls import reverse

from measures import registry
from measures.models import Administration
from measures.tests.client_support import ASQ_ALL_NO, ClientFlowCase
from measures.views.client import item_url, question_token

ASQ_ITEMS = [item.id for item in registry.get("asq").items]
# After "yes, I have tried to kill myself": How? and When? are asked, then question 5.
ASQ_PAST_ATTEMPT = {**ASQ_ALL_NO, "q4": "yes", "q4_how": "I'd rather say in person", "q4_when": "", "q5": "no"}


class QuestionUrlTest(ClientFlowCase):
    def walk(self, asq: Administration) -> list[str]:
        """Every address the client's pages send Alex to or link to, answering the ASQ through to its review."""
        seen = []
        location = self.client.get(reverse("measures_start", args=[asq.public_id]))["Location"]
        for item_id, value in ASQ_PAST_ATTEMPT.items():
            seen.append(location)
            page = self.client.get(location).content.decode()
            seen += re.findall(r'href="(/measures/[^"]+)"', page)
            self.assertIn(item_url(asq, item_id), location)
            location = self.client.post(location, {"value": value})["Location"]
        self.assertEqual(location, reverse("measures_review", args=[asq.public_id]))
        seen += re.findall(r'href="(/measures/[^"]+)"', self.client.get(location).content.decode())
        return seen

    def test_no_question_address_of_the_asq_contains_an_item_id(self) -> None:
        asq = self.give("asq")
        self.login(self.alex)
        seen = self.walk(asq)
        question_urls = [url for url in seen if url.startswith(f"/measures/{asq.public_id}/") and url.count("/") == 4]
        self.assertEqual(len({*question_urls} - {reverse("measures_review", args=[asq.public_id])}), len(ASQ_ITEMS))
        for url in seen:
            for item_id in ASQ_ITEMS:
                self.assertNotIn(f"/{item_id}/", url)
        for url in question_urls:
            self.assertRegex(url, rf"^/measures/{asq.public_id}/([0-9a-f]{{16}}|review)/$")

    def test_it_gives_the_same_address_every_time_so_back_and_bookmarks_work(self) -> None:
        asq = self.answer(self.give("asq"), {"q1": "no"})
        self.login(self.alex)
        self.assertEqual(item_url(asq, "q1"), item_url(Administration.objects.get(pk=asq.pk), "q1"))
        self.assertContains(self.client.get(item_url(asq, "q1")), 'value="no" id="id_value_1" checked', html=False)

    def test_it_never_matches_a_token_made_for_another_questionnaire(self) -> None:
        asq = self.give("asq")
        other = self.give("asq")
        self.assertNotEqual(question_token(asq, "q1"), question_token(other, "q1"))
        self.login(self.alex)
        borrowed = reverse("measures_item", args=[asq.public_id, question_token(other, "q1")])
        self.assertEqual(self.client.get(borrowed).status_code, 404)
        self.assertEqual(self.client.post(borrowed, {"value": "yes"}).status_code, 404)
        asq.refresh_from_db()
        self.assertEqual(asq.answers, {})

    def test_it_no_longer_answers_an_address_with_the_item_id(self) -> None:
        asq = self.give("asq")
        self.login(self.alex)
        for made_up in ("q1", "q4_how", uuid.uuid4().hex[:16]):
            with self.subTest(made_up=made_up):
                self.assertEqual(self.client.get(f"/measures/{asq.public_id}/{made_up}/").status_code, 404)
