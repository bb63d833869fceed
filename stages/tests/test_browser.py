"""At her desk, Dr Tan moves Alex to stage 2 from his record; on his phone, Alex reads about it in kind words."""

from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from caseload.models import Client
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from practice.models import Practice
from stages.tests.support import completed
from tests.browser.support import DESKTOP, PHONE, BrowserTestCase, Journey


class StageJourneyTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        practice.add_default_crisis_lines()
        self.therapist = make_user(practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        self.alex_record = make_client(practice, "alex@example.com", "Alex", self.therapist)
        for instrument in ("phq9", "gad7"):
            completed(self.alex_record, instrument)

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    @pytest.mark.browser
    def test_it_moves_alex_to_stage_2_with_a_reason_and_he_is_welcomed_there(self) -> None:
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.page.wait_for_url("**/clients/")
        desk.check(desk.page.get_by_role("heading", level=1).inner_text())
        desk.go(f"/clients/{self.alex_record.public_id}/")
        desk.check("Alex")
        card = desk.page.locator("section#stage")
        expect(card).to_contain_text("1 of 5 met")
        expect(card.get_by_role("listitem").filter(has_text="Baseline measures")).to_contain_text("Met:")
        card.get_by_text("Move Alex to another stage").click()
        expect(card.get_by_label("Move to")).to_have_value("2")
        card.get_by_label("Note").fill("Keen to start the plan.")
        card.get_by_role("button", name="Move Alex").click()
        desk.check("Alex: stage")
        expect(desk.page.locator(".stage-move .errorlist")).to_contain_text("Not met yet: Intake history sent")
        desk.capture("stage-reason-needed")
        desk.page.get_by_label("Reason").fill("Story and intake to follow in stage 2; he wants to start now.")
        desk.page.get_by_role("button", name="Move Alex").click()
        desk.check("Alex")
        expect(desk.page.get_by_role("status")).to_contain_text("Alex is now in stage 2: Abstinence")
        expect(desk.page.locator("section#stage")).to_contain_text("Ready for stage 3: connecting with others?")
        desk.capture("stage-card")
        desk.go(f"/clients/{self.alex_record.public_id}/stage/")
        desk.check("Alex: stage")
        expect(desk.page.locator("#stage-history").locator("..")).to_contain_text("Story and intake to follow")
        desk.capture("stage-page")
        desk.assert_every_page_checked()
        self.assertEqual(Client.objects.get(pk=self.alex_record.pk).stage, 2)

        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        where = phone.page.locator("section", has=phone.page.locator("#stage-home"))
        expect(where).to_contain_text("You\u2019ve moved into stage 2: abstinence.")
        expect(where).not_to_contain_text("Story and intake")
        phone.capture("stage-home")
        phone.assert_every_page_checked()
