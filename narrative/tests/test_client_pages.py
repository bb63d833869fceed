"""The client's story pages: the overview, one question per screen, autosave, earlier versions, print."""

import json
from datetime import timedelta
from typing import Any

import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from narrative.models import StepComment, StepVersion
from narrative.tests.support import MARCH_3, WORDS, StoryTestCase

LATER = MARCH_3 + timedelta(days=1)


class OverviewTest(StoryTestCase):
    url = reverse("narrative")

    def view(self) -> str:
        self.login(self.alex)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_asks_anonymous_visitors_to_sign_in_and_hides_from_everyone_else(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('account_login')}?next={self.url}", fetch_redirect_response=False)
        for person in (self.therapist, self.supporter, self.admin, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 404, person.name)

    def test_it_starts_at_the_first_question(self) -> None:
        page = self.view()
        self.assertIn("0 of 6 steps written", page)
        self.assertIn(f'href="{reverse("narrative_step", args=["beginning"])}">Start with the first question', page)
        self.assertNotIn("addict", page.lower())

    def test_it_carries_on_at_the_first_step_without_words(self) -> None:
        self.write("beginning")
        self.write("harder-times")
        page = self.view()
        self.assertIn("2 of 6 steps written", page)
        self.assertIn(f'href="{reverse("narrative_step", args=["growing"])}">Carry on: how it grew', page)

    def test_it_tells_the_client_about_a_new_note_from_their_therapist(self) -> None:
        self.write("beginning")
        self.comment("beginning")
        page = self.view()
        self.assertIn("Your therapist left a note on", page)
        self.assertIn(f'<a href="{reverse("narrative_step", args=["beginning"])}">how it started</a>', page)
        self.assertIn("New note", page)

    def test_it_reads_the_same_number_of_queries_however_long_the_story(self) -> None:
        self.login(self.alex)
        self.write("beginning")
        self.client.get(self.url)
        with self.assertNumQueries(6) as short:
            self.client.get(self.url)
        self.long_history()
        with self.assertNumQueries(len(short.captured_queries)):
            self.client.get(self.url)


class StepPageTest(StoryTestCase):
    def url(self, step: str = "beginning") -> str:
        return reverse("narrative_step", args=[step])

    def post(self, step: str, text: str, go: str = "next", **extra: str) -> Any:
        self.login(self.alex)
        return self.client.post(self.url(step), {"text": text, "go": go, **extra})

    def test_it_shows_one_question_with_its_hint_and_limit(self) -> None:
        self.login(self.alex)
        page = self.client.get(self.url("growing")).content.decode()
        self.assertIn("<h1>How did it grow over time?</h1>", page)
        self.assertIn("step 2 of 6", page)
        self.assertIn("Up to 5,000 characters.", page)
        self.assertIn("Not saved yet", page)
        self.assertNotIn("maxlength", page)  # a browser would cut pasted words off silently

    def test_it_offers_the_six_things_it_can_do_with_their_explanations(self) -> None:
        self.login(self.alex)
        page = self.client.get(self.url("what-it-does")).content.decode()
        for label in ("Self-soothing", "Numbing", "Avoidance", "Escape", "Excitement", "Connection"):
            self.assertIn(f"<strong>{label}</strong>:", page)
        self.assertIn("It switches off feelings I would rather not feel.", page)

    def test_it_saves_on_next_and_moves_on_without_words_in_the_address(self) -> None:
        response = self.post("beginning", "I was twelve.")
        self.assertRedirects(response, self.url("growing"), fetch_redirect_response=False)
        self.assertNotIn("twelve", response["Location"])
        self.assertEqual(StepVersion.objects.get().text, "I was twelve.")

    def test_it_saves_on_back_too(self) -> None:
        response = self.post("growing", "More and more.", go="back")
        self.assertRedirects(response, self.url("beginning"), fetch_redirect_response=False)
        response = self.post("beginning", "I was twelve.", go="back")
        self.assertRedirects(response, reverse("narrative"), fetch_redirect_response=False)
        self.assertEqual(StepVersion.objects.count(), 2)

    def test_it_goes_to_the_overview_after_the_last_step(self) -> None:
        response = self.post("instead", "Evenings with friends.")
        self.assertRedirects(response, reverse("narrative"), fetch_redirect_response=False)
        self.assertIn("Your story is saved", self.client.get(reverse("narrative")).content.decode())

    def test_it_saves_the_ticked_boxes(self) -> None:
        self.login(self.alex)
        self.client.post(self.url("what-it-does"), {"text": "", "choices": ["escape", "numbing"], "go": "next"})
        self.assertEqual(StepVersion.objects.get().chosen, ["numbing", "escape"])
        page = self.client.get(self.url("what-it-does")).content.decode()
        self.assertRegex(page, r'value="numbing"[^>]*checked')

    def test_it_keeps_overlong_words_in_the_form_with_a_clear_message(self) -> None:
        words = "My story. " * 501
        response = self.post("beginning", words)
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("This step can hold up to 5,000 characters and yours has 5,010.", page)
        self.assertIn("Your words are all still here", page)
        self.assertIn(words.strip(), page)
        self.assertIn("data-draft-unsaved", page)  # drafts.js asks before the page is left
        self.assertFalse(StepVersion.objects.exists())

    def test_it_tells_drafts_js_where_to_go_next_and_keeps_the_finished_message(self) -> None:
        self.login(self.alex)
        data = {"text": "Evenings with friends.", "go": "next"}
        response = self.client.post(self.url("instead"), data, headers={"X-Waymark-Draft": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content), {"redirect": reverse("narrative")})
        self.assertEqual(StepVersion.objects.get().text, "Evenings with friends.")
        self.assertIn("Your story is saved", self.client.get(reverse("narrative")).content.decode())

    def test_it_answers_drafts_js_with_the_page_and_its_errors_when_the_words_are_too_long(self) -> None:
        self.login(self.alex)
        data = {"text": "a" * 5_001, "go": "next"}
        response = self.client.post(self.url("beginning"), data, headers={"X-Waymark-Draft": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("text/html", response["Content-Type"])
        self.assertFalse(StepVersion.objects.exists())

    def test_it_autosaves_and_answers_in_json(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            response = self.post("beginning", "I was", autosave="1")
            self.assertEqual(response.status_code, 200)
            body = json.loads(response.content)
            self.assertEqual(body, {"saved_at": int(MARCH_3.timestamp() * 1000), "label": "Saved at 10:00"})
            self.post("beginning", "I was twelve", autosave="1")
        self.assertEqual(StepVersion.objects.get().text, "I was twelve")

    def test_it_refuses_an_overlong_autosave_in_json_and_stores_nothing(self) -> None:
        response = self.post("beginning", "a" * 5_001, autosave="1")
        self.assertEqual(response.status_code, 400)
        self.assertIn("5,000 characters", json.loads(response.content)["error"])
        self.assertFalse(StepVersion.objects.exists())

    def test_it_shows_when_it_was_last_saved_and_links_earlier_versions(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.write("beginning", "First")
        with time_machine.travel(LATER, tick=False):
            self.write("beginning", "Second")
            self.login(self.alex)
            page = self.client.get(self.url()).content.decode()
        self.assertIn("Saved at 10:00", page)
        self.assertIn(f'href="{reverse("narrative_versions", args=["beginning"])}">Earlier versions (1)', page)
        with time_machine.travel(LATER + timedelta(days=2), tick=False):
            self.login(self.alex)  # a fresh session: the last one is long over
            self.assertIn("Saved on 4 March 2025", self.client.get(self.url()).content.decode())

    def test_it_shows_the_therapists_note_once_as_new_then_as_read(self) -> None:
        self.comment("growing", "Thank you for this, Alex.")
        self.login(self.alex)
        page = self.client.get(self.url("growing")).content.decode()
        self.assertIn("A note from your therapist", page)
        self.assertIn("Thank you for this, Alex.", page)
        self.assertIn("Dr Tan", page)
        self.assertIn(">New</span>", page)
        self.assertIsNotNone(StepComment.objects.get().seen_at)
        self.assertNotIn(">New</span>", self.client.get(self.url("growing")).content.decode())

    def test_it_answers_an_unknown_step_with_404(self) -> None:
        self.login(self.alex)
        self.assertEqual(self.client.get(self.url("no-such-step")).status_code, 404)
        self.assertEqual(self.client.post(self.url("no-such-step"), {"text": "Words"}).status_code, 404)
        self.assertEqual(self.client.get(reverse("narrative_versions", args=["no-such-step"])).status_code, 404)
        self.assertFalse(StepVersion.objects.exists())

    def test_it_hides_the_step_from_everyone_but_the_client(self) -> None:
        for person in (self.therapist, self.supporter, self.admin):
            self.login(person)
            self.assertEqual(self.client.get(self.url()).status_code, 404)
            self.assertEqual(self.client.post(self.url(), {"text": "Words", "go": "next"}).status_code, 404)
        self.assertFalse(StepVersion.objects.exists())


class VersionsAndPrintTest(StoryTestCase):
    def test_it_lists_every_version_newest_first(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.write("beginning", "First go")
        with time_machine.travel(LATER, tick=False):
            self.write("beginning", "Second go")
        self.login(self.alex)
        page = self.client.get(reverse("narrative_versions", args=["beginning"])).content.decode()
        self.assertLess(page.index("Second go"), page.index("First go"))
        self.assertIn('Version 2 <span class="pill">Current</span>', page)
        self.assertIn("Saved 3 March 2025, 10:00", page)

    def test_it_prints_every_step_without_the_navigation(self) -> None:
        self.write_all()
        self.write("what-it-does", WORDS["what-it-does"], ("numbing", "escape"))
        self.login(self.alex)
        page = self.client.get(reverse("narrative_print")).content.decode()
        for words in WORDS.values():
            self.assertIn(words.replace("'", "&#x27;"), page)
        self.assertIn("Ticked:</strong> Numbing, Escape", page)
        self.assertIn(" story-print", page)
        self.assertIn("data-story-print hidden", page)

    def test_it_prints_in_the_same_number_of_queries_however_long_the_story(self) -> None:
        self.login(self.alex)
        self.write("beginning")
        self.client.get(reverse("narrative_print"))
        with self.assertNumQueries(5) as short:
            self.client.get(reverse("narrative_print"))
        self.long_history()
        with self.assertNumQueries(len(short.captured_queries)):
            self.client.get(reverse("narrative_print"))


class HomeCardTest(StoryTestCase):
    def card(self) -> str:
        return render_to_string("narrative/home_card.html", {"client": self.client_record})

    def test_it_invites_the_client_to_start(self) -> None:
        card = self.card()
        self.assertIn("Start your story", card)
        self.assertIn(reverse("narrative"), card)

    def test_it_resumes_at_the_first_unfinished_step(self) -> None:
        self.write("beginning")
        self.write("growing")
        card = self.card()
        self.assertIn("You have written 2 of 6 steps", card)
        self.assertIn(f'href="{reverse("narrative_step", args=["harder-times"])}">Carry on: when it got worse', card)

    def test_it_mentions_new_notes_and_a_finished_story(self) -> None:
        self.write_all()
        self.comment("costs")
        self.comment("instead")
        card = self.card()
        self.assertIn("You have written every step", card)
        self.assertIn(">what it has cost</a> and <a", card)

    def test_it_reads_two_queries_however_long_the_story(self) -> None:
        self.write("beginning")
        with self.assertNumQueries(2):
            self.card()
        self.long_history()
        with self.assertNumQueries(2):
            self.card()

    def test_it_is_on_the_clients_home_page(self) -> None:
        self.write("beginning")
        self.login(self.alex)
        page = self.client.get(reverse("home")).content.decode()
        self.assertIn('id="story-card"', page)
        self.assertIn(reverse("narrative_step", args=["growing"]), page)
