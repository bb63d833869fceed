"""The therapist's workspace end to end in Debian's Chromium, as issue 5 asks.

Dr Tan (desktop, 1280 wide) triages her caseload, opens Alex — flagged by the risk alert his PHQ-9
raised — acknowledges the alert, writes and signs a session note, sets a task, and Alex (phone,
390 wide) does it from his home page; she moves him to stage 2 with a reason and downloads his
progress report. Only the starting data is written in Python, through the areas' own actions;
everything after that is done in the browser. Every page loaded is checked with axe; desktop
screenshots of each step go to screenshots/journey-*.png for a person to look at.
"""

import re
import uuid
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role, User
from caseload.models import Client, Stage
from caseload.tests.test_triage_queries import phq9
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from measures.actions import do_save_answer, do_schedule, do_submit
from narrative.actions import do_save_step
from practice.models import Practice
from safety.models import RiskAlert
from tests.browser.support import DESKTOP, PHONE, SHOTS, BrowserTestCase, Journey
from tracking.actions import LapseEntry, do_record_lapse

ZONE = ZoneInfo("Asia/Singapore")
TASK = "A walk after lunch"
REASON = "Intake, ASQ and rulers to follow in stage 2; he is ready to start the plan now."
SESSION = re.compile(r"^Session of ")


def answer_and_send(therapist: User, client: Client, instrument: str, answers: dict[str, int]) -> None:
    """A questionnaire as the app gives it: Dr Tan asks it, Alex answers each item and sends it."""
    administration = do_schedule(therapist, client, instrument).administrations.get()
    for item_id, value in answers.items():
        administration = do_save_answer(client.user, administration, item_id, value)
    do_submit(client.user, administration, uuid.uuid4())


class WorkspaceJourneyTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        practice = Practice.objects.create(
            name="Harbour Practice", client_facing_name="Harbour", time_zone="Asia/Singapore"
        )
        practice.add_default_crisis_lines()
        self.therapist = make_user(practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        # Alex, in stage 1: his PHQ-9 answers item 9 above "not at all", which raises a risk alert;
        # of stage 1's exit criteria, the baseline measures are done and his story is started.
        self.alex_record = make_client(practice, "alex@example.com", "Alex", self.therapist)
        answer_and_send(self.therapist, self.alex_record, "phq9", phq9(11, item9=1))
        answer_and_send(self.therapist, self.alex_record, "gad7", {f"q{n}": 1 for n in range(1, 8)})
        do_save_step(self.alex_record.user, "beginning", "It started at university, late at night.")
        # Sam had a lapse two days ago; Jordan has nothing flagged.
        sam = make_client(practice, "sam@example.com", "Sam", self.therapist)
        do_record_lapse(sam.user, LapseEntry(occurred_at=timezone.now() - timedelta(days=2)))
        make_client(practice, "jordan@example.com", "Jordan", self.therapist)
        assert RiskAlert.objects.filter(client=self.alex_record, acknowledged_at__isnull=True).exists()
        assert self.alex_record.stage == Stage.EDUCATION

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device, accept_downloads=True)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    def shot(self, desk: Journey, name: str) -> None:
        """A full-page screenshot at desktop width."""
        SHOTS.mkdir(exist_ok=True)
        desk.page.screenshot(path=SHOTS / f"journey-{name}.png", full_page=True)

    @pytest.mark.browser
    def test_it_triages_acknowledges_notes_sets_a_task_moves_a_stage_and_reports(self) -> None:
        record = f"/clients/{self.alex_record.public_id}/"

        # Dr Tan signs in (with her code) and lands on her caseload: Alex first, with the alert.
        desk = self.tab(DESKTOP)
        page = desk.page
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        page.get_by_label("Code").fill(totp_code(self.secret))
        page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        assert page.url == f"{self.live_server_url}/clients/"
        names = page.locator("#caseload-rows .client-name")
        expect(names).to_have_text(["Alex", "Sam", "Jordan"])
        rows = page.locator("#caseload-rows tbody tr")
        expect(rows.nth(0).locator(".flag").first).to_contain_text("Risk alert")
        expect(rows.nth(0)).to_contain_text("Critical answer")
        expect(rows.nth(1)).to_contain_text("Recent lapse")
        expect(rows.nth(2)).to_contain_text("Nothing flagged")
        self.shot(desk, "1-caseload")

        page.get_by_label("Needs attention for").select_option("alert")  # htmx swaps the rows in place
        expect(names).to_have_text(["Alex"])
        expect(page).to_have_url(re.compile(r"flag=alert"))
        desk.check("Your clients")
        self.shot(desk, "2-caseload-alerts")
        names.first.click()
        desk.check("Alex")
        assert page.url == self.live_server_url + record
        summary = page.locator("section.record-summary")
        expect(summary).to_contain_text("Risk alert")
        expect(page.locator("section#stage")).to_contain_text("2 of 5 met")
        self.shot(desk, "3-record")

        # She acknowledges the alert from the summary, with a note.
        summary.get_by_role("link", name=re.compile(r"raised")).click()
        desk.check("Alert for Alex")
        page.get_by_label("What did you do?").fill("Called Alex the same hour. Safe tonight; safety plan reviewed.")
        self.shot(desk, "4-alert")
        page.get_by_role("button", name="Acknowledge").click()
        desk.check("Alerts")
        expect(page.get_by_role("status")).to_contain_text("Alert for Alex acknowledged")
        desk.go(record)
        desk.check("Alex")
        expect(summary).not_to_contain_text("Risk alert")
        expect(summary.locator("div", has=page.get_by_text("Alerts waiting", exact=True))).to_contain_text("None")

        # She writes a DAP note and signs it: it is locked.
        page.get_by_role("link", name="Write a session note").click()
        desk.check("New session note")
        page.get_by_label("Length (minutes)").fill("50")
        page.get_by_label("Data").fill("Alex talked through the night he scored item 9, and what helped.")
        page.get_by_label("Assessment").fill("No plan or intent; engaged and honest. Risk reviewed and low.")
        page.get_by_label("Plan").fill("Start the recovery plan next week. A short walk after lunch daily.")
        page.get_by_role("button", name="Save the draft").click()
        desk.check(SESSION)  # type: ignore[arg-type]
        expect(page.locator("#note-status")).to_contain_text("Draft")
        page.get_by_label(re.compile("Sign it and lock it")).check()
        page.get_by_role("button", name="Sign the note").click()
        desk.check(SESSION)  # type: ignore[arg-type]
        expect(page.get_by_role("status")).to_contain_text("The note is signed.")
        expect(page.locator("#note-status")).to_contain_text("Signed and locked by Dr Tan")
        expect(page.get_by_role("link", name="Change the draft")).to_have_count(0)
        self.shot(desk, "5-note-signed")

        # She sets a custom task with a suggested date from the record's Tasks card.
        desk.go(record)
        desk.check("Alex")
        expect(page.locator("section", has=page.locator("#notes-card"))).to_contain_text("Signed")
        tasks = page.locator("section", has=page.locator("#homework-card"))
        tasks.get_by_text("Set a task").click()
        tasks.get_by_label("Custom task").check()
        tasks.get_by_label("Title").fill(TASK)
        tasks.get_by_label("A note for the client (optional)").fill("Ten minutes is plenty.")
        due = timezone.localdate(timezone=ZONE) + timedelta(days=3)
        tasks.get_by_label("Suggested date (optional)").fill(due.isoformat())
        tasks.get_by_role("button", name="Set this task").click()
        desk.check("Alex")
        expect(page.get_by_role("status")).to_contain_text(f"“{TASK}” is on Alex's list.")
        expect(tasks).to_contain_text(TASK)
        tasks.scroll_into_view_if_needed()
        self.shot(desk, "6-task-set")

        # Alex, on his phone, sees it on his home page and marks it done.
        phone = self.tab(PHONE)
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        home_tasks = phone.page.locator("section", has=phone.page.locator("#tasks-card"))
        expect(home_tasks).to_contain_text(TASK)
        expect(home_tasks).to_contain_text("Suggested by")
        phone.page.screenshot(path=SHOTS / "journey-7-alex-home-phone.png", full_page=True)
        home_tasks.get_by_role("listitem").filter(has_text=TASK).get_by_role(
            "link", name=f"Mark as done: {TASK}", exact=True
        ).tap()
        phone.check(TASK)
        phone.page.get_by_label("A note for your therapist (optional)").fill("Round the park. Calmer after.")
        phone.page.get_by_role("button", name=f"Mark as done: {TASK}", exact=True).tap()
        phone.check("Your tasks")
        expect(phone.page.get_by_role("status")).to_contain_text("Marked as done")

        # Back at the desk, the task shows as done, with Alex's note.
        page.reload()
        desk.check("Alex")
        done = tasks.get_by_role("listitem").filter(has_text=TASK)
        expect(done.locator(".pill")).to_contain_text("Done")
        expect(done).to_contain_text("Round the park. Calmer after.")
        expect(tasks).to_contain_text("No open tasks.")

        # She moves him to stage 2: criteria are not all met, so a reason is asked for.
        stage = page.locator("section#stage")
        stage.get_by_text("Move Alex to another stage").click()
        expect(stage.get_by_label("Move to")).to_have_value("2")
        stage.get_by_label("Note").fill("Keen to start; we agreed the plan's outline today.")
        stage.get_by_role("button", name="Move Alex").click()
        desk.check("Alex: stage")
        expect(page.locator(".stage-move .errorlist")).to_contain_text("Not met yet: Intake history sent")
        self.shot(desk, "8-stage-reason-needed")
        page.get_by_label("Reason").fill(REASON)
        page.get_by_role("button", name="Move Alex").click()
        desk.check("Alex")
        expect(page.get_by_role("status")).to_contain_text("Alex is now in stage 2: Abstinence")
        expect(page.locator(".lead")).to_contain_text("Stage 2: Abstinence")
        expect(stage).to_contain_text("Stage 2: Abstinence")
        expect(summary).to_contain_text("2 · Abstinence")
        moved = page.locator("#timeline ol.timeline > li").filter(has_text="Moved to stage 2: Abstinence")
        expect(moved).to_have_count(1)
        expect(moved).to_contain_text("from stage 1")
        self.shot(desk, "9-record-stage-2")
        self.assertEqual(Client.objects.get(pk=self.alex_record.pk).stage, Stage.ABSTINENCE)

        phone.go("/")
        phone.check("Hello, Alex")
        where = phone.page.locator("section", has=phone.page.locator("#stage-home"))
        expect(where).to_contain_text("You\u2019ve moved into stage 2: abstinence.")
        expect(where).not_to_contain_text("Intake, ASQ and rulers")
        expect(phone.page.locator("#tasks-card")).to_have_count(0)  # nothing open now
        phone.page.screenshot(path=SHOTS / "journey-10-alex-home-stage-2-phone.png", full_page=True)
        phone.assert_every_page_checked()

        # She downloads the progress report.
        report = page.locator("section", has=page.locator("#report-card"))
        report.scroll_into_view_if_needed()
        with page.expect_download() as download:
            report.get_by_role("button", name="Download PDF").click()
        assert download.value.suggested_filename.startswith("progress-report-")
        with open(download.value.path(), "rb") as file:
            pdf = file.read()
        assert pdf.startswith(b"%PDF-"), pdf[:20]
        assert len(pdf) > 10_000, f"The report is only {len(pdf)} bytes"
        desk.assert_every_page_checked()
