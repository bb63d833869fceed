"""Homework end to end in Debian's Chromium: Dr Tan sets a task on a desktop, Alex sees it on his phone's home
page and marks it done with a note, and the note is on Dr Tan's record card. A worksheet Alex has already
done comes back as one to look at again, which he marks done himself.

Every page loaded is checked with axe; the record card, the home page, the task and the therapist's task list
are saved as screenshots in screenshots/ for a person to look at.
"""

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from homework.actions import NewTask, do_assign_task, do_complete_task
from homework.models import Kind, Task
from learning import catalogue
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from motivation.actions import ValueChoice, do_save_values
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, BrowserTestCase, Journey


class HomeworkTest(BrowserTestCase):
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

    def dr_tan_at_her_desk(self) -> Journey:
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        return desk

    @pytest.mark.browser
    def test_it_has_a_task_set_on_the_desktop_done_on_the_phone_and_the_note_flow_back(self) -> None:
        earlier = do_assign_task(self.therapist, self.alex_record, NewTask(Kind.WORKSHEET, "values"))
        do_complete_task(self.alex_record.user, earlier, "Family came first, then music.")
        today = timezone.localdate(timezone=ZoneInfo("Asia/Singapore"))
        module = catalogue.modules()[0]
        reading = NewTask(Kind.READING, module.slug, due_on=today)
        do_assign_task(self.therapist, self.alex_record, reading)
        do_assign_task(self.therapist, self.alex_record, NewTask(Kind.QUESTIONNAIRE, "gad7"))

        desk = self.dr_tan_at_her_desk()
        record = f"/clients/{self.alex_record.public_id}/"
        desk.go(record)
        desk.check("Alex")
        card = desk.page.locator("section", has=desk.page.locator("#homework-card"))
        card.get_by_text("Set a task").click()
        card.get_by_label("Custom task").check()
        expect(card.get_by_label("Module to read")).to_be_hidden()
        card.get_by_label("Title").fill("A walk after lunch")
        card.get_by_label("A note for the client (optional)").fill("Ten minutes is plenty. Notice how you feel after.")
        card.get_by_label("Suggested date (optional)").fill((today + timedelta(days=2)).isoformat())
        card.scroll_into_view_if_needed()
        desk.capture("homework-record-form")
        card.get_by_role("button", name="Set this task").click()
        desk.check("Alex")
        expect(desk.page.get_by_role("status")).to_contain_text("“A walk after lunch” is on Alex's list.")
        expect(card).to_contain_text("Family came first, then music.")

        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        home_card = phone.page.locator("section", has=phone.page.locator("#tasks-card"))
        expect(home_card).to_contain_text("A walk after lunch")
        expect(home_card).to_contain_text("Suggested by")
        phone.capture("homework-home")
        expect(home_card.get_by_role("link", name="Read it")).to_be_visible()
        expect(home_card.get_by_role("link", name="Answer it")).to_be_visible()
        walk = home_card.get_by_role("listitem").filter(has_text="A walk after lunch")
        walk.get_by_role("link", name="Mark as done: A walk after lunch", exact=True).tap()
        phone.check("A walk after lunch")
        expect(phone.page.get_by_text("Ten minutes is plenty.")).to_be_visible()
        phone.page.get_by_label("A note for your therapist (optional)").fill("Round the park twice. Calmer after.")
        phone.capture("homework-task")
        phone.page.get_by_role("button", name="Mark as done: A walk after lunch", exact=True).tap()
        phone.check("Your tasks")
        expect(phone.page.get_by_role("status")).to_contain_text("Marked as done")
        phone.capture("homework-tasks")
        phone.go("/")
        phone.check("Hello, Alex")
        expect(home_card).not_to_contain_text("A walk after lunch")
        expect(home_card).to_contain_text(module.title)
        phone.assert_every_page_checked()

        self.assertEqual(Task.objects.get(kind=Kind.CUSTOM).completion_note, "Round the park twice. Calmer after.")
        desk.page.reload()
        desk.check("Alex")
        expect(card).to_contain_text("Round the park twice. Calmer after.")
        card.get_by_role("link", name="All tasks and notes").click()
        desk.check("Alex: tasks")
        expect(desk.page.locator("table").last).to_contain_text("Round the park twice. Calmer after.")
        desk.capture("homework-therapist-tasks")
        desk.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_asks_alex_to_look_again_at_a_worksheet_he_has_done_and_mark_it_done_himself(self) -> None:
        do_save_values(self.alex_record.user, self.alex_record, [ValueChoice("Family", top=True)])

        desk = self.dr_tan_at_her_desk()
        desk.go(f"/clients/{self.alex_record.public_id}/tasks/")
        desk.check("Alex: tasks")
        form = desk.page.locator("form.assign-task")
        form.get_by_role("radio", name="Worksheet").check()
        form.get_by_role("combobox", name="Worksheet").select_option("values")
        form.get_by_role("button", name="Set this task").click()
        desk.check("Alex: tasks")
        expect(desk.page.get_by_role("status")).to_contain_text(
            "Alex has already done this; the task asks them to look at it again."
        )
        expect(desk.page.locator("table").first).to_contain_text("to look at again")
        desk.assert_every_page_checked()

        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        home_card = phone.page.locator("section", has=phone.page.locator("#tasks-card"))
        home_card.get_by_role("link", name="Mark as done: What matters to me", exact=True).tap()
        phone.check("What matters to me")
        expect(phone.page.get_by_text("When you have looked at it again, mark this as done.")).to_be_visible()
        expect(phone.page.get_by_text("marked done by itself")).to_have_count(0)
        phone.capture("homework-look-again")
        phone.page.get_by_role("button", name="Mark as done: What matters to me", exact=True).tap()
        phone.check("Your tasks")
        expect(phone.page.get_by_role("status")).to_contain_text("Marked as done")
        phone.assert_every_page_checked()
        self.assertIsNotNone(Task.objects.get(kind=Kind.WORKSHEET).completed_at)
