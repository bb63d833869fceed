"""The client's story in Debian's Chromium: written on a phone, one question per screen, resumed after
leaving, words that survive a lost connection on the open page (never in browser storage) and are saved
once it is back; the therapist reads it on a desktop and comments; the client sees the note. Every page
loaded is checked with axe; the main pages are saved in screenshots/.
"""

import re
from typing import Any

import pytest
from playwright.sync_api import Dialog, expect

from accounts.models import Role
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from narrative.models import StepComment, StepVersion
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, SHOTS, BrowserTestCase, Journey

STARTED = "I was about twelve, on a friend's laptop. It felt like a secret world that was only mine."
GREW = "At university it went from now and then to most nights, mostly on my phone."
WORSE = "When my dad was ill, and again after the break-up."
OFFLINE = "No connection right now. Your words are still here and will be saved when you\u2019re back online."
STORED = "() => Object.keys(localStorage).concat(Object.keys(sessionStorage))"
HTMX_PATH = "htmx-current-path-for-history"  # htmx remembers the page's address there, never words


class StoryJourneyTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        neutral_site = self.settings(WAYMARK_NEUTRAL_SITE=self.neutral)
        neutral_site.enable()
        self.addCleanup(neutral_site.disable)
        self.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        self.practice.add_default_crisis_lines()
        self.therapist = make_user(self.practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        self.alex_record = make_client(self.practice, "alex@example.com", "Alex", self.therapist)

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    def write(self, phone: Journey, words: str) -> None:
        """Type as a person would, then wait for the quiet save two seconds later."""
        box = phone.page.get_by_label("Your answer")
        box.fill(words[:-1])
        box.press_sequentially(words[-1])
        expect(phone.page.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=10_000)

    @pytest.mark.browser
    def test_it_asks_before_unsaved_words_are_left_behind_but_never_on_quick_exit(self) -> None:
        phone = self.tab(PHONE)
        page = phone.page
        dialogs: list[str] = []

        def answer(dialog: Dialog) -> None:
            dialogs.append(dialog.type)
            dialog.dismiss()  # "Stay on this page"

        page.on("dialog", answer)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        phone.go("/story/beginning/")
        phone.check("How and when did it start?")
        page.route(re.compile(r".*/story/beginning/$"), lambda route: route.abort("internetdisconnected"))
        page.get_by_label("Your answer").fill(STARTED)
        expect(page.get_by_role("status")).to_have_text(OFFLINE, timeout=10_000)

        page.get_by_role("link", name="All steps").tap()
        expect(page.get_by_label("Your answer")).to_have_value(STARTED)
        self.assertEqual(dialogs, ["beforeunload"])
        self.assertTrue(page.url.endswith("/story/beginning/"))

        page.unroute(re.compile(r".*/story/beginning/$"))
        page.get_by_role("button", name="Exit").tap()
        page.wait_for_url(self.neutral)
        self.assertEqual(dialogs, ["beforeunload"])  # quick exit is never held up by a question
        self.assertLessEqual(set(page.evaluate(STORED)), {HTMX_PATH})  # the neutral page is on this site here
        self.assertFalse(StepVersion.objects.exists())

    @pytest.mark.browser
    def test_it_keeps_words_too_long_to_save_in_the_box_and_says_what_to_change(self) -> None:
        phone = self.tab(PHONE)
        page = phone.page
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        phone.go("/story/beginning/")
        phone.check("How and when did it start?")
        words = "It began slowly. " * 300
        page.get_by_label("Your answer").fill(words)
        expect(page.get_by_role("status")).to_contain_text("can hold up to 5,000 characters", timeout=10_000)
        page.get_by_role("button", name="Next").tap()
        expect(page.get_by_role("alert")).to_contain_text("can hold up to 5,000 characters")
        phone.check("How and when did it start?")  # the server's page, with its note
        expect(page.get_by_label("Your answer")).to_have_value(words)
        self.assertFalse(StepVersion.objects.exists())
        phone.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_writes_two_steps_resumes_at_the_third_and_shows_the_therapists_note(self) -> None:
        phone = self.tab(PHONE)
        page = phone.page
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        page.get_by_role("link", name="Start your story").tap()
        phone.check("My story")
        phone.capture("story-overview-empty")
        page.get_by_role("link", name="Start with the first question").tap()
        phone.check("How and when did it start?")
        expect(page.get_by_text("Up to 5,000 characters.")).to_be_visible()
        self.write(phone, STARTED)
        expect(page.locator("#story-count")).to_have_text(f"{len(STARTED)} of 5,000 used.")
        phone.capture("story-step")
        page.get_by_role("button", name="Next").tap()
        phone.check("How did it grow over time?")
        page.get_by_label("Your answer").fill(GREW)
        page.get_by_role("button", name="Next").tap()  # saved by the button, whether or not autosave ran
        phone.check("What was happening in your life each time it got worse?")

        # Leave for home; coming back carries on at the first step without words.
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").tap()
        phone.check("Hello, Alex")
        card = page.locator("section", has=page.locator("#story-card"))
        expect(card).to_contain_text("You have written 2 of 6 steps")
        card.get_by_role("link", name="Carry on: when it got worse").tap()
        phone.check("What was happening in your life each time it got worse?")
        self.assertEqual(
            [v.text for v in StepVersion.objects.filter(client=self.alex_record).order_by("step")], [STARTED, GREW]
        )

        # The connection drops as Alex presses Next: the words stay on the page, and go once it is back.
        page.get_by_label("Your answer").fill(WORSE)
        page.context.set_offline(True)
        page.get_by_role("button", name="Next").tap()
        expect(page.get_by_role("status")).to_have_text(OFFLINE)
        expect(page.get_by_label("Your answer")).to_have_value(WORSE)
        phone.capture("story-offline")
        self.assertTrue(page.url.endswith("/story/harder-times/"))
        self.assertFalse(StepVersion.objects.filter(step="harder-times").exists())
        self.assertLessEqual(set(page.evaluate(STORED)), {HTMX_PATH})  # kept on the open page only
        page.context.set_offline(False)
        phone.check("What does it do for you?")  # saved by itself, then on to the next step
        self.assertEqual(StepVersion.objects.get(step="harder-times").text, WORSE)

        # The therapist reads the story on a desktop and leaves a note on the first step.
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go(f"/clients/{self.alex_record.public_id}/story/")
        desk.check("Alex: story")
        for words in (STARTED, GREW, WORSE):
            expect(desk.page.get_by_text(words)).to_be_visible()
        first = desk.page.locator("#step-beginning")
        first.get_by_text("Add a comment").click()
        first.get_by_label("Comment on this step").fill("Thank you, Alex. Shall we start here on Thursday?")
        first.get_by_role("button", name="Save comment").click()
        desk.check("Alex: story")
        expect(desk.page.get_by_role("status")).to_contain_text("Alex will see it under")
        expect(desk.page.locator("#step-beginning")).to_contain_text("not read yet")
        desk.capture("story-therapist")
        self.assertEqual(StepComment.objects.get().step, "beginning")
        desk.assert_every_page_checked()

        # Alex sees the note: on the home card, the overview and under the step.
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").tap()
        phone.check("Hello, Alex")
        expect(card).to_contain_text("Your therapist left a note on how it started")
        card.get_by_role("link", name="See all steps").tap()
        phone.check("My story")
        expect(page.get_by_text("New note")).to_be_visible()
        phone.capture("story-overview")
        page.get_by_role("link", name="how it started", exact=True).tap()
        phone.check("How and when did it start?")
        expect(page.get_by_text("Thank you, Alex. Shall we start here on Thursday?")).to_be_visible()
        expect(page.get_by_text("Dr Tan,")).to_be_visible()
        phone.capture("story-step-with-note")
        phone.go("/story/what-it-does/")
        phone.check("What does it do for you?")
        # Offline again while writing: the quiet save waits for the connection, then happens by itself.
        page.context.set_offline(True)
        page.locator("label", has_text="Escape").tap()
        page.get_by_label("In your own words").fill("It takes me somewhere nothing is asked of me.")
        expect(page.get_by_role("status")).to_have_text(OFFLINE, timeout=10_000)
        self.assertFalse(StepVersion.objects.filter(step="what-it-does").exists())
        page.context.set_offline(False)
        expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=10_000)
        saved = StepVersion.objects.get(step="what-it-does")
        self.assertEqual((saved.text, saved.chosen), ("It takes me somewhere nothing is asked of me.", ["escape"]))
        phone.capture("story-what-it-does")
        phone.go("/story/print/")
        phone.check("My story")
        expect(page.get_by_role("button", name="Print")).to_be_visible()
        expect(page.get_by_text("Ticked: Escape")).to_be_visible()
        phone.capture("story-print")
        page.emulate_media(media="print")
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        expect(page.get_by_role("button", name="Print")).to_be_hidden()
        page.screenshot(path=SHOTS / "story-print-as-printed.png", full_page=True)
        phone.assert_every_page_checked()
