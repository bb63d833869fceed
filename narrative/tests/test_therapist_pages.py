"""The therapist reads the story (audited), its earlier versions, and comments on a step; nobody else can."""

import uuid
from datetime import timedelta

import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from narrative.models import StepComment
from narrative.tests.support import MARCH_3, WORDS, StoryTestCase


class TherapistStoryTest(StoryTestCase):
    def url(self, client_id: uuid.UUID | None = None) -> str:
        return reverse("client_narrative", args=[client_id or self.client_record.public_id])

    def comment_url(self, step: str = "beginning", client_id: uuid.UUID | None = None) -> str:
        return reverse("client_narrative_comment", args=[client_id or self.client_record.public_id, step])

    def test_it_shows_every_step_with_comments_and_audits_the_read(self) -> None:
        self.write_all()
        self.write("what-it-does", WORDS["what-it-does"], ("escape",))
        self.comment("costs", "We will come back to this.")
        self.login(self.therapist)
        page = self.client.get(self.url()).content.decode()
        self.assertIn("<h1>Alex: story</h1>", page)
        self.assertIn("6 of 6 steps written", page)
        for words in WORDS.values():
            self.assertIn(words.replace("'", "&#x27;"), page)
        self.assertIn("Ticked:</strong> Escape", page)
        self.assertIn("We will come back to this.", page)
        self.assertIn("not read yet", page)
        self.assertIn("Comment on this step</label>", page)
        self.assertNotIn("Comment on this step:", page)
        event = AuditEvent.objects.get(what="narrative.read")
        self.assertEqual((event.actor_ref, event.client_ref), (self.therapist.public_id, self.client_record.public_id))

    def test_it_refuses_everyone_else_with_404(self) -> None:
        for person in (self.other_therapist, self.outsider, self.supporter, self.admin, self.alex):
            self.login(person)
            self.assertEqual(self.client.get(self.url()).status_code, 404, person.name)
        self.assertFalse(AuditEvent.objects.filter(what="narrative.read").exists())

    def test_it_saves_a_comment_and_the_client_sees_it_under_the_step(self) -> None:
        self.login(self.therapist)
        response = self.client.post(self.comment_url("growing"), {"growing-text": "Thank you, Alex."})
        self.assertRedirects(response, self.url() + "#step-growing", fetch_redirect_response=False)
        comment = StepComment.objects.get()
        self.assertEqual((comment.step, comment.text, comment.author), ("growing", "Thank you, Alex.", self.therapist))
        self.login(self.alex)
        self.assertIn("Thank you, Alex.", self.client.get(reverse("narrative_step", args=["growing"])).content.decode())

    def test_it_refuses_an_empty_comment_with_a_clear_message(self) -> None:
        self.login(self.therapist)
        response = self.client.post(self.comment_url("growing"), {"growing-text": "   "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Write your comment first: it is empty.", response.content.decode())
        self.assertFalse(StepComment.objects.exists())

    def test_it_keeps_an_overlong_comment_in_the_form(self) -> None:
        words = "Thank you. " * 200
        self.login(self.therapist)
        response = self.client.post(self.comment_url("costs"), {"costs-text": words})
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("2,000 characters or fewer", page)
        self.assertIn(words.strip(), page)
        self.assertFalse(StepComment.objects.exists())

    def test_it_answers_a_comment_on_another_clients_story_with_404_and_stores_nothing(self) -> None:
        self.login(self.therapist)
        for url in (
            self.comment_url(client_id=self.bo_record.public_id),  # Dr Lee's client
            self.comment_url(client_id=uuid.uuid4()),  # made up
            self.comment_url(step="no-such-step"),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"beginning-text": "Hello"}).status_code, 404)
        self.login(self.other_therapist)
        self.assertEqual(self.client.post(self.comment_url(), {"beginning-text": "Hello"}).status_code, 404)
        self.assertFalse(StepComment.objects.exists())

    def test_it_shows_a_discharged_clients_story_read_only(self) -> None:
        self.write("beginning")
        self.client_record.discharged_at = timezone.now()
        self.client_record.access_ends_at = timezone.now() + timedelta(days=30)
        self.client_record.save()
        self.login(self.therapist)
        page = self.client.get(self.url()).content.decode()
        self.assertIn("the story is read-only", page)
        self.assertNotIn("Add a comment", page)
        response = self.client.post(self.comment_url(), {"beginning-text": "Hello"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("read-only", response.content.decode())
        self.assertFalse(StepComment.objects.exists())

    def test_it_lists_every_version_of_a_step_and_audits_it(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.write("beginning", "First go")
        with time_machine.travel(MARCH_3 + timedelta(days=1), tick=False):
            self.write("beginning", "Second go")
        self.login(self.therapist)
        page = self.client.get(self.url()).content.decode()
        versions = reverse("client_narrative_versions", args=[self.client_record.public_id, "beginning"])
        self.assertIn(f'href="{versions}">Earlier versions (1)', page)
        page = self.client.get(versions).content.decode()
        self.assertLess(page.index("Second go"), page.index("First go"))
        self.assertTrue(AuditEvent.objects.filter(what="narrative.versions").exists())
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(versions).status_code, 404)

    def test_it_reads_the_same_number_of_queries_however_long_the_story(self) -> None:
        self.write("beginning")
        self.login(self.therapist)
        self.client.get(self.url())
        with self.assertNumQueries(11) as short:
            self.client.get(self.url())
        self.long_history()
        with self.assertNumQueries(len(short.captured_queries)):
            self.client.get(self.url())


class RecordCardTest(StoryTestCase):
    def card(self) -> str:
        return render_to_string("narrative/record_card.html", {"client": self.client_record, "user": self.therapist})

    def test_it_shows_progress_and_when_it_was_last_updated(self) -> None:
        self.assertIn("Not started yet.", self.card())
        with time_machine.travel(MARCH_3, tick=False):
            self.write("beginning")
            self.write("costs")
        card = self.card()
        self.assertIn("2 of 6 steps written, last updated 3 Mar 2025.", card)
        self.assertIn(reverse("client_narrative", args=[self.client_record.public_id]), card)

    def test_it_reads_one_query_however_long_the_story(self) -> None:
        with self.assertNumQueries(1):
            self.card()
        self.long_history()
        with self.assertNumQueries(1):
            self.card()

    def test_it_is_on_the_client_record(self) -> None:
        self.write("beginning")
        self.login(self.therapist)
        page = self.client.get(reverse("client_record", args=[self.client_record.public_id])).content.decode()
        self.assertIn("1 of 6 steps written", page)
