"""The course on a phone in Debian's Chromium: Alex opens the module his therapist suggested, loses his
connection as he saves his reflection (shared), keeps his words on the page and sees them saved once it is
back, marks the module read; Dr Tan sees that and the shared reflection. Every page is checked with axe;
the library, the reader, the offline note, the journal and the therapist's page are saved in screenshots/.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from accounts.models import Role
from homework.models import Kind, Task
from learning import catalogue
from learning.models import JournalEntry
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, SHOTS, BrowserTestCase, Journey

ANSWER = "Loss of control, mostly: I say ten minutes and it is two in the morning."
OFFLINE = "No connection right now. Your words are still here and will be saved when you\u2019re back online."
SIGNED_OUT_IDLE = (
    "You have been signed out after a quiet spell, so this cannot be saved now. "
    "Copy your words before you leave this page, then sign in again."
)
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class LearningTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        self.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        self.practice.add_default_crisis_lines()
        self.therapist = make_user(self.practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        self.alex_record = make_client(self.practice, "alex@example.com", "Alex", self.therapist)
        self.module = catalogue.modules()[0]
        Task.objects.create(
            client=self.alex_record,
            kind=Kind.READING,
            ref=self.module.slug,
            title="Read this before our next session",
            assigned_by=self.therapist,
        )

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    @pytest.mark.browser
    def test_it_reads_a_module_answers_its_reflection_and_the_therapist_sees_it(self) -> None:
        phone = self.tab(PHONE)
        page = phone.page
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        card = page.locator("section", has=page.get_by_role("heading", name="Learn"))
        expect(card).to_contain_text("Your therapist suggested:")
        card.scroll_into_view_if_needed()
        card.screenshot(path=str(SHOTS / "learning-home-card-phone.png"))
        card.get_by_role("link", name="Open the library").tap()
        phone.check("Learn")
        first = page.get_by_role("listitem").first
        expect(first).to_contain_text("Suggested by your therapist")
        expect(first).to_contain_text("New")
        phone.capture("learning-library")

        first.get_by_role("link", name=self.module.title).tap()
        phone.check(self.module.title)
        expect(page.get_by_role("heading", level=2).first).to_be_visible()
        expect(page.locator(".article-body h1")).to_have_count(0)
        phone.capture("learning-reader")

        # The connection drops as Alex sends his answer: the words stay on the page, and go once it is back.
        reflection = page.locator("#reflection-1")
        reflection.get_by_label(self.module.reflections[0]).fill(ANSWER)
        reflection.get_by_label("Share with my therapist").check()
        page.context.set_offline(True)
        reflection.get_by_role("button", name="Save to my journal").tap()
        expect(reflection.get_by_role("status")).to_have_text(OFFLINE)
        expect(reflection.get_by_label(self.module.reflections[0])).to_have_value(ANSWER)
        reflection.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "learning-offline-phone.png"))
        self.assertFalse(JournalEntry.objects.exists())
        page.context.set_offline(False)
        expect(page.locator(".messages")).to_contain_text("Saved to your journal and shared with your therapist.")
        phone.check(self.module.title)
        expect(page.locator("#reflection-1 .reflection-saved")).to_contain_text(ANSWER)
        expect(page.get_by_label(self.module.reflections[0])).to_have_value("")  # a fresh box for the next answer
        entry = JournalEntry.objects.get()
        self.assertEqual((entry.text, entry.shared_with_therapist), (ANSWER, True))

        page.get_by_role("button", name="I\u2019ve finished reading").tap()
        phone.check("Learn")
        expect(page.locator(".messages")).to_contain_text("is marked as read")
        row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=self.module.title))
        expect(row).to_contain_text("Read")
        expect(row).not_to_contain_text("Suggested by your therapist")

        page.get_by_role("link", name="Your journal").tap()
        phone.check("Your journal")
        shared = page.get_by_role("listitem").filter(has_text=ANSWER)
        expect(shared).to_contain_text("Shared with your therapist")
        expect(shared.get_by_role("button", name="Stop sharing")).to_be_visible()
        phone.capture("learning-journal")
        phone.assert_every_page_checked()

        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        # The record page's course card is tested in learning/tests/test_views.py; straight to the course page.
        desk.go(f"/clients/{self.alex_record.public_id}/learning/")
        desk.check("Reading and reflections")
        expect(desk.page.get_by_role("row", name=re.compile(re.escape(self.module.title)))).to_contain_text("Finished")
        expect(desk.page.locator(".journal-entry")).to_contain_text(ANSWER)
        desk.capture("learning-therapist")
        desk.assert_every_page_checked()

    @pytest.mark.browser
    def test_a_client_writing_for_longer_than_the_idle_limit_stays_signed_in(self) -> None:
        """Typing keeps the session alive (drafts.js asks for /healthz every two minutes); a quiet page does not."""
        prompt = self.module.reflections[0]
        # The server's clock and the page's move together; the real test takes seconds.
        with time_machine.travel(START, tick=True) as server_clock:
            phone = self.tab(PHONE)
            page = phone.page
            page.clock.install(time=START)
            phone.sign_in("alex@example.com", PASSWORD)
            phone.check("Hello, Alex")
            phone.go(f"/learn/{self.module.slug}/")
            phone.check(self.module.title)
            box = page.locator("#reflection-1").get_by_label(prompt)
            written = ""
            for minute in range(0, 25, 5):  # 25 minutes of writing, a sentence every five
                for _ in range(2):
                    server_clock.shift(timedelta(minutes=2, seconds=30))
                    page.clock.fast_forward("02:30")
                    written += f"Minute {minute}, still writing. "
                    with page.expect_response(re.compile(r"/healthz$")) as keep_alive:
                        box.fill(written)
                    self.assertEqual(keep_alive.value.status, 200)
            page.locator("#reflection-1").get_by_role("button", name="Save to my journal").tap()
            expect(page.locator(".messages")).to_contain_text("Saved to your journal.")
            phone.check(self.module.title)
            self.assertEqual(JournalEntry.objects.get().text, written.strip())

            # Left alone for longer than the limit, the page sends nothing, and the session ends.
            server_clock.shift(timedelta(minutes=16))
            page.clock.fast_forward("16:00")
            box.fill("Back again.")
            expect(page.locator("#reflection-1").get_by_role("status")).to_have_text(SIGNED_OUT_IDLE)
            expect(box).to_have_value("Back again.")
        phone.assert_every_page_checked()
