"""A PHQ-9 on a phone in Debian's Chromium: one card at a time swapped in place, the browser's Back
button, a changed answer, and the result. Every full page loaded is checked with axe (tests/browser).
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from lib.testing import PASSWORD, activate_totp, make_client, make_user
from measures.actions import do_schedule
from measures.models import Administration, Status
from measures.views.client import item_url
from practice.models import Practice
from tests.browser.support import PHONE, BrowserTestCase, Journey

# The answer Alex taps for each PHQ-9 item: a total of 8, item 9 at 0 (a change on the way makes it 10).
TAPS = ["Several days"] * 8 + ["Not at all"]


class QuestionnaireInTheBrowserTest(BrowserTestCase):
    def setUp(self) -> None:
        practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        practice.add_default_crisis_lines()
        therapist = make_user(practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        activate_totp(therapist)
        self.alex_record = make_client(practice, "alex@example.com", "Alex", therapist)
        self.phq9 = do_schedule(therapist, self.alex_record, "phq9").administrations.get()

    def question(self, item_id: str) -> str:
        """A question's address: a token, never the item id."""
        return self.live_server_url + item_url(self.phq9, item_id)

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, f"{self.live_server_url}/healthz")

    @pytest.mark.browser
    def test_it_walks_a_phq9_on_a_phone_card_by_card(self) -> None:
        phone = self.tab(PHONE)
        page = phone.page
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        page.get_by_role("link", name="Start PHQ-9").tap()
        phone.check("PHQ-9")
        phone.capture("questionnaire-item")
        full_loads = len(phone.loaded)

        for number, answer in enumerate(TAPS, start=1):
            expect(page.locator("progress")).to_have_text(re.compile(rf"^{number} of (9|10)$"))
            page.get_by_label(answer, exact=True).tap()
            page.get_by_role("button", name="Next").tap()
            expect(page).to_have_url(self.question(f"q{number + 1}"))
        # Each Next swapped the card in place: no page was loaded again.
        self.assertEqual(len(phone.loaded), full_loads)

        # The browser's Back button shows item 9 again, with the answer Alex gave.
        page.go_back()
        expect(page).to_have_url(self.question("q9"))
        phone.check("PHQ-9")
        expect(page.get_by_label("Not at all", exact=True)).to_be_checked()

        # Back twice more to item 7, and change the answer there.
        page.get_by_role("link", name="Back").tap()
        page.get_by_role("link", name="Back").tap()
        expect(page.locator("#question-text")).to_contain_text("Trouble concentrating")
        expect(page.get_by_label("Several days", exact=True)).to_be_checked()
        page.get_by_label("Nearly every day", exact=True).tap()
        page.get_by_role("button", name="Next").tap()
        expect(page.locator("#question-text")).to_contain_text("Moving or speaking so slowly")

        # Stop here and come back later: the home page offers to continue, where Alex left off.
        phone.go("/")
        phone.check("Hello, Alex")
        page.get_by_role("link", name="Continue PHQ-9").tap()
        expect(page).to_have_url(self.question("q10"))
        phone.check("PHQ-9")
        page.get_by_label("Somewhat difficult", exact=True).tap()
        page.get_by_role("button", name="Next").tap()

        expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
        phone.capture("questionnaire-review")
        send = page.get_by_role("button", name="Send my answers")
        send.tap()
        phone.check("Thank you")
        expect(page.get_by_text("are in the range this questionnaire calls moderate")).to_be_visible()
        phone.capture("questionnaire-result")
        phone.assert_every_page_checked()

        self.phq9.refresh_from_db()
        self.assertEqual((self.phq9.status, self.phq9.total), (Status.SUBMITTED, 10))
        self.assertEqual(Administration.objects.submitted().count(), 1)
