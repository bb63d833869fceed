"""End to end in Debian's Chromium: an admin invites a therapist, who invites a client, who leaves quickly.

Every page the journey loads is checked with axe-core, and the main pages are saved as full-page
screenshots at phone and desktop width in screenshots/ (gitignored) for a person to look at.
"""

import re
import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from accounts.models import Role
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from practice.models import Practice
from tests.browser.support import (
    DESKTOP,
    NEW_PASSWORD,
    PHONE,
    BrowserTestCase,
    Journey,
    invitation_link,
)


class BrowserJourneyTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        neutral_site = self.settings(WAYMARK_NEUTRAL_SITE=self.neutral)
        neutral_site.enable()
        self.addCleanup(neutral_site.disable)
        self.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        self.practice.add_default_crisis_lines()

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    def accept_invitation(self, tab: Journey, link: str, name: str) -> None:
        tab.page.goto(link)
        tab.check("Set up your account")
        tab.page.get_by_label("What should we call you?").fill(name)
        tab.page.get_by_label("Choose a password").fill(NEW_PASSWORD)
        tab.page.get_by_label("Type it again").fill(NEW_PASSWORD)
        tab.page.get_by_role("button", name="Create my account").click()

    def session_key(self, tab: Journey) -> str:
        cookies = {c["name"]: c["value"] for c in tab.page.context.cookies()}
        key = cookies[settings.SESSION_COOKIE_NAME]
        assert Session.objects.filter(session_key=key).exists()
        return key

    def leaves_for_the_neutral_site_signed_out(self, tab: Journey, session_key: str) -> None:
        tab.page.wait_for_url(self.neutral)
        # The sign-out is sent with keepalive as the page leaves, so give it a moment to land.
        deadline = time.monotonic() + 5
        while Session.objects.filter(session_key=session_key).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Session.objects.filter(session_key=session_key).exists(), "The session outlived the quick exit"
        tab.go("/")
        expect(tab.page).to_have_url(re.compile(r"/accounts/login/"))
        tab.check("Sign in")

    @pytest.mark.browser
    def test_it_takes_a_practice_from_admin_to_therapist_to_client_and_out_again(self) -> None:
        admin = make_user(self.practice, "ada@example.com", Role.ADMIN, "Ada")
        admin_secret = activate_totp(admin)

        # The admin signs in with a password and a code from their app, on a desktop.
        desk = self.tab(DESKTOP)
        desk.sign_in("ada@example.com", PASSWORD, capture=True)
        desk.check("Two-Factor Authentication")
        desk.capture("sign-in-code")
        desk.page.get_by_label("Code").fill(totp_code(admin_secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("People")
        desk.page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice").click()
        desk.check("Practice settings")
        desk.capture("practice-settings")

        # ... and invites a therapist.
        desk.page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
        desk.check("People")
        desk.page.get_by_role("link", name="Invite a therapist").click()
        desk.check("Invite a therapist")
        desk.page.get_by_label("Email address").fill("tan@example.com")
        desk.page.get_by_label("Name").fill("Dr Tan")
        desk.page.get_by_role("button", name="Send invitation").click()
        desk.check("People")
        expect(desk.page.get_by_role("status")).to_contain_text("Invitation sent to tan@example.com")
        desk.assert_every_page_checked()

        # The therapist accepts, and must set up two-step sign-in before seeing anything.
        therapist = self.tab(DESKTOP)
        self.accept_invitation(therapist, invitation_link("tan@example.com"), "Dr Tan")
        # allauth asks for the password again before an authenticator is added.
        if "/reauthenticate/" in therapist.page.url:
            therapist.check("Confirm Access")
            therapist.page.get_by_label("Password").fill(NEW_PASSWORD)
            therapist.page.get_by_role("button", name="Confirm").click()
        expect(therapist.page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
        therapist.check("Activate Authenticator App")
        therapist.capture("mfa-setup")
        secret = therapist.page.get_by_label("Authenticator secret").input_value()
        assert re.fullmatch(r"[A-Z2-7]{16,}", secret), f"Unexpected secret shown: {secret!r}"
        therapist.page.get_by_label("Authenticator code").fill(totp_code(secret))
        therapist.page.get_by_role("button", name="Activate").click()
        if "/recovery-codes/" in therapist.page.url:
            therapist.check("Recovery Codes")
            therapist.capture("recovery-codes")
            expect(therapist.page.get_by_label("Unused codes")).not_to_be_empty()
        therapist.page.get_by_role("link", name="Harbour").click()
        therapist.check("Your clients")

        # ... and invites a client.
        therapist.page.get_by_role("link", name="Invite a client").click()
        therapist.check("Invite a client")
        therapist.page.get_by_label("Email address").fill("noor@example.com")
        therapist.page.get_by_label("Name").fill("Noor")
        therapist.page.get_by_role("button", name="Send invitation").click()
        therapist.check("Your clients")
        # The caseload's own count line is a status region too; the message is the one that names Noor.
        expect(
            therapist.page.get_by_role("status").filter(has_text="Invitation sent to noor@example.com")
        ).to_be_visible()
        therapist.assert_every_page_checked()

        # The admin sees the therapist has joined.
        desk.page.reload()
        desk.check("People")
        expect(desk.page.get_by_role("row").filter(has_text="tan@example.com")).to_contain_text("Active")
        desk.capture("admin-people")
        desk.assert_every_page_checked()

        # The client, on a phone, accepts, agrees, finds help, and leaves with Esc twice.
        phone = self.tab(PHONE)
        self.accept_invitation(phone, invitation_link("noor@example.com"), "Noor")
        phone.check("Before you start")
        phone.capture("consent")
        phone.page.get_by_label("I have read this and I agree").tap()
        phone.page.get_by_role("button", name="Agree and continue").tap()
        phone.check("Hello, Noor")
        phone.capture("client-home")
        phone.page.get_by_role("link", name="Help now").first.tap()
        phone.check("Help right now")
        for number in ("995", "1767", "1771"):
            expect(phone.page.get_by_role("link", name=f"Call {number}")).to_have_attribute("href", f"tel:{number}")
        phone.capture("crisis")
        phone.page.go_back()
        phone.check("Hello, Noor")
        session_key = self.session_key(phone)
        phone.page.keyboard.press("Escape")
        phone.page.keyboard.press("Escape")
        self.leaves_for_the_neutral_site_signed_out(phone, session_key)
        phone.assert_every_page_checked()

        # The therapist sees their new client.
        therapist.page.reload()
        therapist.check("Your clients")
        expect(therapist.page.get_by_role("link", name="Noor")).to_be_visible()
        therapist.capture("therapist-clients")
        therapist.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_signs_a_client_out_and_away_when_they_tap_exit(self) -> None:
        make_client(self.practice, "alex@example.com", "Alex", therapist=None)
        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        session_key = self.session_key(phone)
        phone.page.get_by_role("button", name="Exit").tap()
        self.leaves_for_the_neutral_site_signed_out(phone, session_key)
        phone.assert_every_page_checked()
