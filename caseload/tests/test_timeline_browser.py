"""The record's timeline and the progress report in Debian's Chromium, at desktop width."""

from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from practice.models import Practice
from reports.tests.history import add_history
from tests.browser.support import DESKTOP, SHOTS, BrowserTestCase, Journey


class TimelineAndReportTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        self.practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        self.practice.add_default_crisis_lines()
        self.therapist = make_user(self.practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        self.alex_record = make_client(self.practice, "alex@example.com", "Alex", self.therapist)
        add_history(self.alex_record, self.therapist, days=120)

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device, accept_downloads=True)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    def dr_tan_on_alexs_record(self) -> Journey:
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go(f"/clients/{self.alex_record.public_id}/")
        desk.check("Alex")
        return desk

    @pytest.mark.browser
    def test_it_pages_and_filters_the_timeline(self) -> None:
        desk = self.dr_tan_on_alexs_record()
        page = desk.page
        card = page.locator("#timeline")
        entries = card.locator("ol.timeline > li")
        expect(entries).to_have_count(10)
        desk.capture("record-timeline-and-report")
        older = card.get_by_role("link", name="Older entries")
        assert "~" not in (older.get_attribute("href") or "~")  # the cursor is sealed, not "<time>~lapse~<id>"
        older.click()  # htmx adds the next page in place
        expect(entries).to_have_count(35)
        assert page.url.endswith(f"/clients/{self.alex_record.public_id}/")
        SHOTS.mkdir(exist_ok=True)
        card.screenshot(path=SHOTS / "timeline-card-desktop.png")
        card.get_by_role("link", name="Open the whole timeline").click()
        desk.check("Timeline")
        page.get_by_label("Lapses").check()
        page.get_by_label("Questionnaires").check()
        page.get_by_role("button", name="Show").click()
        desk.check("Timeline")
        kinds = page.locator("ol.timeline .pill").all_inner_texts()
        assert kinds and set(kinds) <= {"Lapses", "Questionnaires"}, kinds
        desk.capture("timeline-filtered")
        desk.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_downloads_the_progress_report(self) -> None:
        desk = self.dr_tan_on_alexs_record()
        page = desk.page
        card = page.locator("section", has=page.get_by_role("heading", name="Progress report"))
        with page.expect_download() as download:
            card.get_by_role("button", name="Download PDF").click()
        assert download.value.suggested_filename.startswith("progress-report-")
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        card.get_by_label("From").fill("2030-01-01")
        card.get_by_role("button", name="Download PDF").click()
        desk.check("Progress report")
        expect(page.get_by_text("The period cannot start in the future.")).to_be_visible()
        desk.capture("report-refused")
        desk.assert_every_page_checked()
