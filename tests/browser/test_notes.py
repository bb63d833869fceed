"""The therapist's session notes and discharge in Debian's Chromium, at desktop width.

Dr Tan reads the handover note that came with Alex from Dr Lee, writes a DAP note, signs it, finds
it locked, adds an addendum, then discharges Alex; Alex's home tells him kindly that the programme
has ended. Every page is checked with axe; screenshots of the handover, the note, the discharge page
and the read-only record go to screenshots/ for a person to look at.
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from caseload.actions import do_transfer_client
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, BrowserTestCase, Journey

HANDOVER = "Alex is steady and engaged. Evenings alone are the hard time; the safety plan is up to date."


class SessionNotesTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        self.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        self.practice.add_default_crisis_lines()
        self.therapist = make_user(self.practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        dr_lee = make_user(self.practice, "lee@example.com", Role.THERAPIST, "Dr Lee")
        self.alex_record = make_client(self.practice, "alex@example.com", "Alex", dr_lee)
        do_transfer_client(dr_lee, self.alex_record, self.therapist, HANDOVER)

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    def dr_tan_at_her_desk(self) -> Journey:
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go(f"/clients/{self.alex_record.public_id}/")
        desk.check("Alex")
        return desk

    def reads_the_handover(self, desk: Journey) -> None:
        handover = desk.page.locator(".handover")
        expect(handover).to_contain_text("Handover note from Dr Lee")
        expect(handover).to_contain_text(HANDOVER)
        desk.capture("record-handover")
        handover.get_by_role("button", name="Mark as read").click()
        desk.check("Alex")
        expect(desk.page.locator(".handover")).to_have_count(0)

    @pytest.mark.browser
    def test_it_writes_signs_locks_and_adds_to_a_note_then_discharges(self) -> None:
        desk = self.dr_tan_at_her_desk()
        self.reads_the_handover(desk)
        page = desk.page
        page.get_by_role("link", name="Write a session note").click()
        desk.check("New session note")
        desk.capture("notes-new")
        page.get_by_label("Length (minutes)").fill("55")
        page.get_by_label("Data").fill("Alex described a hard week at work and two urges late at night.")
        page.get_by_label("Assessment").fill("Coping well and honest about the urges. No risk indicators.")
        page.get_by_label("Plan").fill("Evening routine: phone out of the bedroom. Review next week.")
        page.get_by_role("button", name="Save the draft").click()
        desk.check(re.compile(r"^Session of "))  # type: ignore[arg-type]
        expect(page.locator("#note-status")).to_contain_text("Draft")
        desk.capture("notes-draft")

        page.get_by_label(re.compile("Sign it and lock it")).check()
        page.get_by_role("button", name="Sign the note").click()
        desk.check(re.compile(r"^Session of "))  # type: ignore[arg-type]
        expect(page.locator("#note-status")).to_contain_text("Signed and locked by Dr Tan")
        expect(page.locator("#note-status")).to_contain_text("The words are as signed.")
        expect(page.get_by_role("link", name="Change the draft")).to_have_count(0)
        note_url = page.url

        desk.go(note_url.removeprefix(self.live_server_url) + "edit/")
        desk.check("Nothing was changed")
        expect(page.get_by_role("alert")).to_contain_text("This note is signed")
        page.get_by_role("link", name="Go back").click()
        desk.check(re.compile(r"^Session of "))  # type: ignore[arg-type]

        page.get_by_label("Addendum").fill("Correction: the session was 50 minutes, not 55.")
        page.get_by_role("button", name="Add and sign the addendum").click()
        desk.check(re.compile(r"^Session of "))  # type: ignore[arg-type]
        addendum = page.locator(".addendum")
        expect(addendum).to_contain_text("Correction: the session was 50 minutes")
        expect(addendum).to_contain_text("Signed by Dr Tan")
        desk.capture("notes-signed")

        page.get_by_role("link", name="All session notes").click()
        desk.check("Session notes")
        desk.capture("notes-list")
        expect(page.locator("tbody tr")).to_have_count(1)
        expect(page.locator("tbody")).to_contain_text("Signed")
        page.get_by_role("link", name="Alex").first.click()
        desk.check("Alex")
        expect(page.locator("#notes-card").locator("..")).to_contain_text("Signed")

        page.get_by_role("link", name="Discharge Alex…").click()
        desk.check("Discharge Alex")
        desk.capture("discharge")
        page.get_by_label("Discharge note (optional)").fill("Programme complete; goals met. Welcome back any time.")
        page.get_by_label("I understand the record becomes read-only").check()
        page.get_by_role("button", name="Discharge Alex").click()
        desk.check("Alex")
        expect(page.get_by_role("heading", name=re.compile("Discharged on .* read-only"))).to_be_visible()
        expect(page.get_by_role("button", name="Transfer client")).to_have_count(0)
        expect(page.get_by_role("link", name="Write a session note")).to_have_count(0)
        desk.capture("record-discharged")

        desk.go("/clients/discharged/")
        desk.check("Discharged clients")
        expect(page.locator("tbody")).to_contain_text("Alex")
        desk.assert_every_page_checked()

        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        expect(phone.page.get_by_role("heading", name="Your programme with the practice has ended")).to_be_visible()
        phone.capture("home-discharged")
        phone.assert_every_page_checked()
