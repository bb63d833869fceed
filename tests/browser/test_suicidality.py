"""The suicidality pathway in Debian's Chromium: an acute ASQ on a phone, crisis help at once, and the
therapist, on a desktop, acknowledging the alert.

Same rules as test_journey.py: every page loaded is checked with axe, and the main pages are saved as
screenshots in screenshots/ for a person to look at.
"""

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from measures.models import Administration
from practice.models import Practice
from safety.models import RiskAlert
from tests.browser.support import DESKTOP, PHONE, BrowserTestCase, Journey

# The ASQ as a person at imminent risk answers it: question 1 and question 5 yes, the rest no.
YES_WHEN_ASKED = ("wished you were dead", "right now")


class SuicidalityPathwayTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        self.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        self.practice.add_default_crisis_lines()
        self.therapist = make_user(self.practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        self.alex_record = make_client(self.practice, "alex@example.com", "Alex", self.therapist)
        Administration.objects.create(client=self.alex_record, instrument_id="asq", due_on=timezone.localdate())

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    def answer_the_asq(self, phone: Journey) -> None:
        """One question a screen: tap Yes or No, then Next, until the answers are shown for checking."""
        page = phone.page
        for _ in range(10):
            if page.get_by_role("heading", name="Check your answers").is_visible():
                return
            question = page.locator("#question-text").inner_text()
            answer = "Yes" if any(words in question for words in YES_WHEN_ASKED) else "No"
            page.get_by_label(answer, exact=True).tap()
            here = page.url
            page.get_by_role("button", name="Next").tap()
            expect(page).not_to_have_url(here)
        raise AssertionError("The ASQ never reached its review step")

    @pytest.mark.browser
    def test_it_takes_an_acute_screen_from_the_clients_phone_to_the_therapists_acknowledgement(self) -> None:
        # Alex answers the ASQ on a phone: question 1 yes, question 5 yes.
        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        phone.page.get_by_role("link", name="Start ASQ").tap()
        phone.check("ASQ")
        self.answer_the_asq(phone)
        phone.check("ASQ")
        expect(phone.page.locator("ol.review")).to_contain_text("Yes")
        phone.page.get_by_role("button", name="Send my answers").tap()

        # Crisis help at once, saying the therapist knows, with numbers to tap.
        phone.check("Help right now")
        expect(phone.page).to_have_url(re.compile(r"/help/$"))
        expect(phone.page.get_by_text("Thank you for answering honestly. Please reach out now")).to_be_visible()
        expect(phone.page.get_by_text("We have let your therapist know.")).to_be_visible()
        for number in ("995", "1767", "1771"):
            call = phone.page.get_by_role("link", name=f"Call {number}")
            expect(call).to_have_attribute("href", f"tel:{number}")
            box = call.bounding_box()
            assert box is not None and box["height"] >= 44, f"Call {number} is too small to tap: {box}"
        expect(phone.page.get_by_role("heading", name="If you have a safety plan, follow it now")).to_be_visible()
        phone.capture("crisis-after-check")
        phone.assert_every_page_checked()

        alert = RiskAlert.objects.get(client=self.alex_record)
        self.assertEqual(alert.severity, "critical")
        self.assertEqual([m.to for m in mail.outbox], [["tan@example.com"]])
        self.assertEqual(mail.outbox[0].subject, "You have a new update")

        # Dr Tan signs in on a desktop with a password and a code, and sees the banner.
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        banner = desk.page.get_by_role("link", name="1 alert needs you — 1 act now")
        expect(banner).to_be_visible()
        banner.click()

        desk.check("Alerts")
        card = desk.page.get_by_role("article").filter(has_text="Alex")
        expect(card).to_contain_text("Act now")
        expect(card).to_contain_text("ASQ: acute positive screen — imminent risk")
        desk.capture("alerts")
        card.get_by_role("link", name="Alex", exact=True).click()

        # She opens it, says what she did, and acknowledges it.
        desk.check("Alert for Alex")
        desk.capture("alert")
        desk.page.get_by_label("What did you do?").fill("Called Alex; we went through the safety plan together.")
        desk.page.get_by_role("button", name="Acknowledge").click()
        desk.check("Alerts")
        expect(desk.page.get_by_role("status")).to_contain_text("Alert for Alex acknowledged")
        expect(desk.page.get_by_text("Nothing is waiting for you.")).to_be_visible()

        # The banner is gone.
        desk.page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
        desk.check("Your clients")
        expect(desk.page.get_by_text(re.compile(r"alerts? needs? you"))).to_have_count(0)
        desk.assert_every_page_checked()
        alert.refresh_from_db()
        self.assertEqual(alert.acknowledged_by, self.therapist)
