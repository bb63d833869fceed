"""The client's daily work on a phone in Debian's Chromium: a check-in, an urge ridden out through SOS,
a lapse looked at kindly, and the recovery plan signed by client and therapist.

Same rules as test_journey.py: every page loaded is checked with axe; /sos/ and /today/ are saved as
screenshots in screenshots/ for a person to look at.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from plan.actions import do_start_plan
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, BrowserTestCase, Journey
from tracking.tests.support import agree_plan

SOBER_SO_FAR = 12


class DailyWorkTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
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

    def alex_on_a_phone(self) -> Journey:
        agree_plan(self.alex_record, timezone.localdate() - timedelta(days=SOBER_SO_FAR))
        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        return phone

    @pytest.mark.browser
    def test_it_takes_a_daily_check_in_and_updates_the_streak(self) -> None:
        phone = self.alex_on_a_phone()
        page = phone.page
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").tap()
        phone.check("Today")
        streak = page.locator("#streak")
        expect(streak).to_contain_text(f"{SOBER_SO_FAR} days")
        expect(streak).to_contain_text("0check-ins")
        page.get_by_role("group", name="How is your mood?").get_by_text("Good", exact=True).tap()
        page.get_by_label("Urges today").fill("3")
        page.locator("label").get_by_text("Yes", exact=True).tap()
        page.locator("label").get_by_text("Tired", exact=True).tap()
        page.get_by_role("button", name="Save check-in").tap()
        expect(page.locator("#streak").get_by_role("status")).to_be_visible()
        expect(page.locator("#streak")).to_contain_text("1check-in")
        phone.check("Today")
        phone.capture("today")
        phone.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_rides_out_an_urge_through_sos_and_logs_it(self) -> None:
        phone = self.alex_on_a_phone()
        page = phone.page
        page.get_by_role("link", name="Urge right now? Open SOS").tap()
        phone.check("SOS")
        expect(page.get_by_role("link", name="Help now").first).to_be_visible()
        page.get_by_role("slider", name="How strong is the urge right now?").fill("8")
        expect(page.locator('output[for="id_before"]')).to_have_text("8")
        page.get_by_role("button", name="Start the 10-minute timer").tap()
        expect(page.locator(".sos-breath").first).to_contain_text("Breathe")
        phone.capture("sos")
        page.get_by_role("navigation", name="On this page").get_by_role("link", name="Log it").tap()
        page.get_by_role("slider", name="How strong is the urge now?").fill("3")
        page.locator("label", has_text="I rode it out").tap()
        page.get_by_role("button", name="Log this urge").tap()
        phone.check("My urges")
        expect(page.get_by_role("status")).to_contain_text("You rode it out")
        expect(page.get_by_role("listitem").filter(has_text="I rode it out")).to_contain_text("Strength 8 of 10")
        phone.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_records_a_lapse_with_its_chain_and_keeps_the_longest_streak(self) -> None:
        phone = self.alex_on_a_phone()
        page = phone.page
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").tap()
        phone.check("Today")
        page.get_by_role("link", name="Record a lapse").tap()
        phone.check("Record a lapse")
        expect(page.get_by_text("not a verdict on you")).to_be_visible()
        page.get_by_label("What happened?").fill("Late at night, alone, scrolling in bed.")
        page.get_by_label("What made me more vulnerable?").fill("A long week and no sleep.")
        page.get_by_label("What set it off?").fill("An image while scrolling.")
        page.get_by_label("What did I think, feel and want?").fill("Low and restless.")
        page.get_by_label("What did I do?").fill("Opened the browser.")
        page.get_by_label("What happened afterwards?").fill("Felt flat, could not sleep.")
        page.get_by_label(re.compile("go through this with my therapist")).tap()
        page.get_by_role("button", name="Save").tap()
        expect(page.get_by_role("status")).to_contain_text("Thank you for writing this down")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Lapse on")
        phone.check(page.get_by_role("heading", level=1).inner_text())
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").tap()
        phone.check("Today")
        streak = page.locator("#streak")
        expect(streak).to_contain_text("0 days")
        expect(streak).to_contain_text("A lapse is something to learn from")
        expect(streak.get_by_role("listitem").filter(has_text="longest streak")).to_contain_text(str(SOBER_SO_FAR))
        phone.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_has_the_plan_signed_by_client_and_therapist(self) -> None:
        do_start_plan(
            self.therapist,
            self.alex_record,
            timezone.localdate(),
            90,
            "Watching porn, on any device.",
            {"inner": ["Watching porn"], "middle": ["Scrolling in bed"], "outer": ["Morning run"]},
        )
        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        phone.page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").tap()
        phone.check("Your plan")
        phone.page.get_by_role("button", name="Sign this plan").tap()
        phone.check("Your plan")
        expect(phone.page.get_by_text("Waiting for your therapist to sign")).to_be_visible()

        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go(f"/clients/{self.alex_record.public_id}/plan/")
        desk.check("Alex: recovery plan")
        desk.page.get_by_role("button", name="Sign as therapist").click()
        desk.check("Alex: recovery plan")
        expect(desk.page.locator(".plan-agreement")).to_contain_text("Agreed")
        desk.assert_every_page_checked()

        phone.page.reload()
        phone.check("Your plan")
        expect(phone.page.locator(".plan-agreement").locator(".pill")).to_have_text("Agreed")
        phone.assert_every_page_checked()
