"""Shared set-up for browser tests: Debian's Chromium through Playwright, axe checks, screenshots."""

import os
import re
import unittest
from pathlib import Path
from typing import Any, ClassVar

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core import mail
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(settings.BASE_DIR) / "screenshots"
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
WIDTHS = {"phone": 390, "desktop": 1280}
BAD_IMPACTS = {"serious", "critical"}
NEW_PASSWORD = "a long and quiet river at dawn"


def invitation_link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    found = re.search(r"https?://\S+/invite/\S+/", str(message.body))
    assert found, f"No invitation link in the email to {email}: {message.body!r}"
    return found.group(0)


class Journey:
    """One person's browser tab: every page it loads is checked with axe before the test moves on."""

    def __init__(self, context: BrowserContext, base_url: str, neutral: str) -> None:
        self.page: Page = context.new_page()
        self.base_url = base_url
        self.neutral = neutral
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        self.page.on("load", lambda page: self.loaded.append(page.url))

    def go(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        return self.page

    def check(self, heading: str) -> None:
        """The page shows this heading and has no serious or critical accessibility problem."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        violations = Axe().run(self.page).response["violations"]
        bad = [v for v in violations if v["impact"] in BAD_IMPACTS]
        assert not bad, f"axe found problems on {self.page.url}:\n" + "\n".join(
            f"- [{v['impact']}] {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            + "".join(f"\n    {n['failureSummary']}" for n in v["nodes"][:3])
            for v in bad
        )
        self.checked.add(self.page.url)

    def capture(self, name: str) -> None:
        """Full-page screenshots at phone and desktop width."""
        size = self.page.viewport_size
        assert size is not None
        SHOTS.mkdir(exist_ok=True)
        for label, width in WIDTHS.items():
            self.page.set_viewport_size({"width": width, "height": size["height"]})
            self.page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
        self.page.set_viewport_size(size)

    def assert_every_page_checked(self) -> None:
        unchecked = [url for url in self.loaded if url not in self.checked and url != self.neutral]
        assert not unchecked, f"Pages loaded without an accessibility check: {unchecked}"

    def sign_in(self, email: str, password: str, *, capture: bool = False) -> None:
        self.go("/accounts/login/")
        self.check("Sign in")
        if capture:
            self.capture("sign-in")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()


@unittest.skipIf(
    not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true",
    "Debian's chromium is not installed: run make browser-deps",
)
class BrowserTestCase(StaticLiveServerTestCase):
    """A live server and one headless Chromium for the class; fails under CI when Chromium is missing."""

    playwright: ClassVar[Playwright]
    browser: ClassVar[Browser]
    saved_async_unsafe: ClassVar[str | None]

    @classmethod
    def setUpClass(cls) -> None:
        if not os.path.exists(CHROMIUM):
            raise AssertionError(f"{CHROMIUM} is missing and CI needs the browser tests: run make browser-deps")
        super().setUpClass()
        # Playwright's sync API runs an event loop in this thread; the ORM calls here are still synchronous.
        cls.saved_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        if cls.saved_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.saved_async_unsafe
        super().tearDownClass()
