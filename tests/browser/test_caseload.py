"""The therapist's caseload in Debian's Chromium: who needs attention first, filtered without a reload.

A handful of clients with a year of data each, every flag represented once. The page is checked
with axe at desktop and phone width and saved as screenshots/caseload-*.png.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from caseload.models import Client, Stage
from caseload.tests.test_triage_queries import give_history, phq9
from homework.models import Kind, Task
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from measures.actions import do_enter_paper_form
from measures.models import Administration
from practice.models import Practice
from tests.browser.support import DESKTOP, PHONE, SHOTS, BrowserTestCase, Journey
from tracking.models import CheckIn, Lapse
from tracking.tests.support import agree_plan

PEOPLE = ("Alex Morgan", "Jordan Lee", "Sam Patel", "Ravi Kumar", "Lin Chen", "Kim Ng", "Noor Haddad")


class CaseloadTest(BrowserTestCase):
    def setUp(self) -> None:
        self.neutral = f"{self.live_server_url}/healthz"
        practice = Practice.objects.create(name="Harbour Practice", client_facing_name="Harbour", time_zone="UTC")
        practice.add_default_crisis_lines()
        self.therapist = make_user(practice, "tan@example.com", Role.THERAPIST, "Dr Tan")
        self.secret = activate_totp(self.therapist)
        today = timezone.localdate()
        clients = {}
        for n, name in enumerate(PEOPLE):
            email = name.split()[0].lower() + "@example.com"
            client = clients[name.split()[0]] = make_client(practice, email, name, self.therapist)
            give_history(client, 365, today=today, lapse_every=120 + 7 * n, level=3 + n)
            agree_plan(client, today - timedelta(days=300 - 20 * n))
            Client.objects.filter(pk=client.pk).update(
                stage=1 + n % 4, stage_since=timezone.now() - timedelta(days=10 + 9 * n)
            )
            Task.objects.create(client=client, kind=Kind.READING, title="Read the next module")
        do_enter_paper_form(self.therapist, clients["Alex"], "phq9", phq9(16, item9=1), today)  # alert + critical
        Lapse.objects.create(client=clients["Jordan"], occurred_at=timezone.now() - timedelta(days=2))
        CheckIn.objects.filter(client=clients["Sam"], day__gte=today - timedelta(days=4)).delete()
        Administration.objects.create(client=clients["Ravi"], instrument_id="gad7", due_on=today - timedelta(days=5))
        do_enter_paper_form(self.therapist, clients["Lin"], "phq9", phq9(20), today)  # a sharp rise

    def tab(self, device: dict[str, Any]) -> Journey:
        context = self.browser.new_context(**device)
        self.addCleanup(context.close)
        return Journey(context, self.live_server_url, self.neutral)

    @pytest.mark.browser
    def test_it_shows_who_needs_attention_first_and_filters_in_place(self) -> None:
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go("/clients/")
        desk.check("Your clients")
        names = desk.page.locator(".client-name")
        expect(names).to_have_count(len(PEOPLE))
        expect(names.first).to_have_text("Alex Morgan")
        expect(desk.page.locator("tbody tr").first).to_contain_text("Risk alert")
        desk.capture("caseload")

        desk.page.get_by_label("Needs attention for").select_option("lapse")  # htmx swaps the table
        expect(names).to_have_count(1)
        expect(names.first).to_have_text("Jordan Lee")
        assert desk.page.url.endswith("flag=lapse") or "flag=lapse" in desk.page.url
        desk.page.get_by_label("Name").fill("Jordan")  # sent by POST: the name stays out of the address bar
        desk.page.get_by_role("button", name="Show").click()
        expect(names).to_have_count(1)
        expect(desk.page.get_by_role("status")).to_contain_text("1 client found")
        assert "Jordan" not in desk.page.url and "q=" not in desk.page.url, desk.page.url
        desk.page.get_by_label("Name").fill("nobody")
        desk.page.get_by_role("button", name="Show").click()
        expect(desk.page.get_by_text("No active client matches")).to_be_visible()
        assert "nobody" not in desk.page.url, desk.page.url
        desk.check("Your clients")

        desk.page.set_viewport_size({"width": PHONE["viewport"]["width"], "height": PHONE["viewport"]["height"]})
        desk.go(f"/clients/?stage={Stage.EDUCATION}")
        desk.check("Your clients")
        desk.page.screenshot(path=SHOTS / "caseload-stage-1-phone.png", full_page=True)
        desk.assert_every_page_checked()
