"""On a phone, Alex adds a goal with a first step and ticks it; at her desk, Dr Tan reviews it."""

from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from caseload.models import Client
from goals.models import Goal, Review
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, BrowserTestCase, Journey


class GoalsJourneyTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        practice.add_default_crisis_lines()
        self.therapist = make_user(practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        self.alex_record = make_client(practice, "alex@example.com", "Alex", self.therapist)
        Client.objects.filter(pk=self.alex_record.pk).update(stage=4)

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    @pytest.mark.browser
    def test_it_has_alex_add_and_tick_a_goal_and_dr_tan_review_it(self) -> None:
        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        page = phone.page
        expect(page.locator("#goals-home").locator("..")).to_contain_text("Set a first goal")
        page.get_by_role("link", name="Set a goal").tap()
        phone.check("Your goals")
        phone.capture("goals-empty")
        page.get_by_role("link", name="Add a goal").tap()
        phone.check("A new goal")
        page.get_by_role("button", name="Add goal").tap()
        phone.check("A new goal")
        expect(page.get_by_text("Choose the area this goal belongs to.")).to_be_visible()
        page.get_by_label("Self-care and natural rewards").check()
        page.get_by_label("The goal, in a few words").fill("Asleep by 11 on weeknights")
        page.get_by_label("A first small step (optional)").fill("Phone charges in the kitchen")
        phone.capture("goals-new")
        page.get_by_role("button", name="Add goal").tap()
        phone.check("Asleep by 11 on weeknights")
        expect(page.get_by_role("status")).to_contain_text("Your goal is added.")
        step = page.get_by_role("button", name="Phone charges in the kitchen")
        expect(step).to_have_attribute("aria-pressed", "false")
        step.tap()
        expect(page.get_by_role("button", name="Phone charges in the kitchen")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page.locator("#steps")).to_contain_text("Done on")
        phone.check("Asleep by 11 on weeknights")
        page.get_by_label("Add a step").fill("Wind down with tea and a book")
        page.get_by_role("button", name="Add step").tap()
        phone.check("Asleep by 11 on weeknights")
        phone.capture("goal")
        page.get_by_role("link", name="← Your goals").tap()
        phone.check("Your goals")
        expect(page.locator(".goal-item")).to_contain_text("1 of 2 steps done")
        phone.capture("goals")
        phone.assert_every_page_checked()

        goal = Goal.objects.get()
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.page.wait_for_url("**/clients/")
        desk.check(desk.page.get_by_role("heading", level=1).inner_text())
        desk.go(f"/clients/{self.alex_record.public_id}/")
        desk.check("Alex")
        expect(desk.page.locator("#goals-card").locator("..")).to_contain_text("1 in progress")
        desk.page.get_by_role("link", name="Asleep by 11 on weeknights").click()
        desk.check("Asleep by 11 on weeknights")
        desk.page.get_by_label("How far along is it?").select_option("6")
        desk.page.get_by_label("A note (optional)").fill("Most weeknights now; Fridays are harder.")
        desk.page.get_by_role("button", name="Save review").click()
        desk.check("Asleep by 11 on weeknights")
        expect(desk.page.locator("#reviews")).to_contain_text("6/10")
        desk.capture("goal-therapist")
        desk.assert_every_page_checked()
        self.assertEqual(Review.objects.get(goal=goal).reviewed_by, self.therapist)

        page.reload()
        phone.check("Your goals")
        expect(page.locator(".goal-item")).to_contain_text("last review 6/10")
        phone.assert_every_page_checked()
