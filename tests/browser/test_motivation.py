"""Stage 1 motivation on a phone: the client fills the decisional balance, loses the connection as they save
a revisit (the words stay on the open page and are saved once it is back), comes back to the dated
versions; the therapist reads it on a desktop.

Every page loaded is checked with axe; screenshots of the balance, its editor, the rulers, the values and the
therapist's page go to screenshots/ for a person to look at.
"""

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Dialog, expect

from accounts.models import Role
from demo.measures_demo import _answer
from lib.testing import PASSWORD, activate_totp, make_client, make_user, totp_code
from measures.actions import do_self_start
from motivation.demo import ALEX_RULERS
from motivation.models import BalanceVersion
from practice.models import Practice
from privacy.access_log import zone_of
from tests.browser.support import DESKTOP, PHONE, SHOTS, BrowserTestCase, Journey

OFFLINE = "No connection right now. Your words are still here and will be saved when you\u2019re back online."
STORED = "() => Object.keys(localStorage).concat(Object.keys(sessionStorage))"
HTMX_PATH = "htmx-current-path-for-history"  # htmx remembers the page's address there, never words
BOXES = {
    "Good things about how things are now": ["It helps me switch off", "Always there at night"],
    "Not so good things about how things are now": ["Tired every morning"],
    "Good things about changing": ["More sleep", "Being honest with Mia"],
    "Not so good things about changing": ["I would miss the escape"],
}


class MotivationJourneyTest(BrowserTestCase):
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

    def fill_box(self, phone: Journey, title: str, items: list[str]) -> None:
        box = phone.page.get_by_role("group", name=title, exact=True)
        for n, text in enumerate(items, start=1):
            if n > 2:  # two rows come ready; more with "Add another"
                box.get_by_role("button", name="Add another").tap()
            box.get_by_label(f"{title}, item {n}", exact=True).fill(text)

    @pytest.mark.browser
    def test_it_has_the_client_weigh_things_up_and_the_therapist_read_it(self) -> None:
        phone = self.tab(PHONE)
        page = phone.page
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        expect(page.get_by_text("Not sure yet what you want? That is normal.")).to_be_visible()
        card = page.get_by_role("region", name="Thinking about change")
        card.screenshot(path=SHOTS / "motivation-home-card-phone.png")
        page.get_by_role("link", name="Explore the tools").tap()
        phone.check("Thinking about change")
        page.get_by_role("link", name="Start the decisional balance").tap()
        phone.check("Decisional balance")

        for title, items in BOXES.items():
            self.fill_box(phone, title, items)
        phone.capture("motivation-balance-edit")
        page.get_by_role("button", name="Save this version").tap()
        page.wait_for_url("**/motivation/balance/")
        phone.check("Decisional balance")
        expect(page.get_by_role("status")).to_contain_text("Saved, with today's date")
        for items in BOXES.values():
            for text in items:
                expect(page.get_by_text(text, exact=True)).to_be_visible()
        first = BalanceVersion.objects.get()

        # Weeks later (moved back here): Alex revisits; the connection drops as he saves.
        BalanceVersion.objects.filter(pk=first.pk).update(
            created_at=first.created_at.replace(year=2025, month=10, day=3)
        )
        page.get_by_role("link", name="Revisit and save a new version").tap()
        phone.check("Decisional balance")
        expect(page.get_by_text("Starting from your version of 3 October 2025.")).to_be_visible()
        costs = "Not so good things about how things are now"
        box = page.get_by_role("group", name=costs, exact=True)
        box.get_by_label(f"{costs}, item 2", exact=True).fill("The hiding wears me down")
        stay = page.get_by_role("group", name="Good things about how things are now", exact=True)
        stay.get_by_role("button", name="Remove good things about how things are now, item 2").tap()
        page.context.set_offline(True)
        page.get_by_role("button", name="Save this version").tap()
        expect(page.get_by_role("status")).to_have_text(OFFLINE)
        expect(box.get_by_label(f"{costs}, item 2", exact=True)).to_have_value("The hiding wears me down")
        expect(stay.get_by_role("textbox")).to_have_count(3)  # two items and two spare rows, one removed
        expect(stay.get_by_role("textbox").nth(1)).to_have_value("")
        phone.capture("motivation-balance-offline")
        self.assertTrue(page.url.endswith("/motivation/balance/edit/"))
        self.assertEqual(BalanceVersion.objects.count(), 1)
        self.assertLessEqual(set(page.evaluate(STORED)), {HTMX_PATH})  # kept on the open page only
        page.context.set_offline(False)
        page.wait_for_url("**/motivation/balance/")  # saved by itself once the connection is back
        phone.check("Decisional balance")
        self.assertEqual(BalanceVersion.objects.count(), 2)
        expect(page.get_by_role("status")).to_contain_text("Saved, with today's date")
        expect(page.locator(".lead")).to_contain_text("Compared with 3 October 2025: 1 new item, 1 no longer listed.")
        expect(page.get_by_text("The hiding wears me down")).to_be_visible()
        expect(page.locator(".balance-gone")).to_contain_text("Always there at night")
        expect(page.get_by_role("region", name="Every version").get_by_role("listitem")).to_have_count(2)
        phone.capture("motivation-balance")
        page.get_by_role("region", name="Every version").get_by_role("link").first.tap()
        page.wait_for_url(re.compile(r".*/motivation/balance/[0-9a-f-]{36}/$"))
        phone.check("Decisional balance")
        expect(page.locator(".lead")).to_contain_text("Your version of 3 October 2025.")
        self.assertEqual(BalanceVersion.objects.count(), 2)
        # A row added and left blank is no unsaved change: Cancel leaves without asking.
        phone.go("/motivation/balance/edit/")
        phone.check("Decisional balance")
        dialogs: list[str] = []

        def answer(dialog: Dialog) -> None:
            dialogs.append(dialog.type)
            dialog.dismiss()

        page.on("dialog", answer)
        stay.get_by_role("button", name="Add another").tap()
        expect(stay.get_by_role("textbox")).to_have_count(4)  # one item, two spare rows and the new one
        page.get_by_role("link", name="Cancel").tap()
        page.wait_for_url("**/motivation/balance/")
        phone.check("Decisional balance")
        self.assertEqual(dialogs, [])
        phone.assert_every_page_checked()

        self.therapist_reads_it()

    def therapist_reads_it(self) -> None:
        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go(f"/clients/{self.alex_record.public_id}/")
        desk.check("Alex")
        record_card = desk.page.get_by_role("region", name="Motivation", exact=True)
        expect(record_card).to_contain_text("last saved")
        record_card.screenshot(path=SHOTS / "motivation-record-card-desktop.png")
        desk.page.get_by_role("link", name="Open motivation").click()
        desk.check("Alex: motivation")
        balance = desk.page.get_by_role("region", name="Decisional balance")
        expect(balance).to_contain_text("The hiding wears me down")
        expect(balance).to_contain_text("2 versions")
        expect(balance.get_by_text("New since 3 Oct")).to_be_visible()
        desk.capture("motivation-therapist")
        balance.get_by_role("link", name="3 Oct 2025").click()
        desk.check("Alex: decisional balance")
        expect(desk.page.get_by_text("Always there at night")).to_be_visible()
        desk.assert_every_page_checked()

    @pytest.mark.browser
    def test_it_shows_rulers_and_values_and_puts_the_values_on_sos(self) -> None:
        zone = zone_of(self.alex_record)
        for day, answers in ((3, {"importance": 8, "confidence": 4, "readiness": 6}), (24, ALEX_RULERS)):
            administration = do_self_start(self.alex_record.user, self.alex_record, "readiness")
            _answer(self.alex_record, administration, answers, date(2025, 10, day), zone)
        phone = self.tab(PHONE)
        page = phone.page
        phone.sign_in("alex@example.com", PASSWORD)
        phone.check("Hello, Alex")
        phone.go("/motivation/rulers/")
        phone.check("Rulers")
        expect(page.get_by_text("↑ up 1").first).to_be_visible()
        expect(page.get_by_text("Mia noticed something was wrong.", exact=False)).to_be_visible()
        phone.capture("motivation-rulers")
        phone.go("/motivation/values/edit/")
        phone.check("What matters to me")
        page.get_by_role("checkbox", name=re.compile("^Honesty")).check()
        page.get_by_role("group", name="Honesty", exact=True).get_by_label("One of the most important to me").check()
        page.get_by_role("group", name="Honesty", exact=True).get_by_label("Why it matters to me").fill(
            "No more secrets."
        )
        page.get_by_label("Something else that matters to me (1)").fill("Running")
        own = page.get_by_role("group", name="Your own value (1)", exact=True)
        expect(own.get_by_label("One of the most important to me")).to_be_visible()
        page.get_by_role("checkbox", name=re.compile("^Family")).check()
        phone.capture("motivation-values-edit")
        page.get_by_role("button", name="Save").tap()
        page.wait_for_url("**/motivation/values/")
        phone.check("What matters to me")
        expect(page.get_by_role("region", name="What matters to you now")).to_contain_text("No more secrets.")
        phone.capture("motivation-values")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="SOS").tap()
        phone.check("SOS")
        expect(page.locator(".sos-values")).to_contain_text("Honesty: No more secrets.")
        phone.go("/motivation/")
        phone.check("Thinking about change")
        phone.capture("motivation-overview")
        phone.assert_every_page_checked()

        desk = self.tab(DESKTOP)
        desk.sign_in("tan@example.com", PASSWORD)
        desk.check("Two-Factor Authentication")
        desk.page.get_by_label("Code").fill(totp_code(self.secret))
        desk.page.get_by_role("button", name="Sign in").click()
        desk.check("Your clients")
        desk.go(f"/clients/{self.alex_record.public_id}/motivation/")
        desk.check("Alex: motivation")
        expect(desk.page.get_by_role("region", name="Rulers")).to_contain_text("I've started telling my therapist")
        expect(desk.page.get_by_role("region", name="What matters to Alex")).to_contain_text("No more secrets.")
        desk.capture("motivation-therapist-rulers-values")
        desk.assert_every_page_checked()
