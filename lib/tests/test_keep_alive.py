"""A client writing a long answer is not signed out mid-sentence: while they type, static/waymark/drafts.js
asks for /healthz every couple of minutes, and that request counts as activity for the idle timeout
(accounts.middleware.SessionTimeoutMiddleware). A page left alone asks nothing and still times out."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from learning.models import JournalEntry
from learning.tests.support import fixture_course
from lib.testing import WaymarkTestCase

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LOGIN_URL = reverse("account_login")


@fixture_course
class KeepAliveTest(WaymarkTestCase):
    def reflect(self) -> Any:
        url = reverse("learning_reflect", args=["alpha", 1])
        return self.client.post(url, {"r1-text": "Written over half an hour.", "r1-key": "k-1"})

    def test_typing_for_half_an_hour_keeps_the_client_signed_in(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.alex)
            self.assertEqual(self.client.get(reverse("learning_module", args=["alpha"])).status_code, 200)
            for _ in range(15):  # the page's keep-alive while Alex types, every two minutes
                clock.shift(timedelta(minutes=2))
                self.assertEqual(self.client.get(reverse("healthz")).status_code, 200)
            clock.shift(timedelta(minutes=2))
            response = self.reflect()
        url = reverse("learning_module", args=["alpha"]) + "#reflection-1"
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertEqual(JournalEntry.objects.get().text, "Written over half an hour.")

    def test_a_page_left_alone_still_times_out(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.alex)
            self.client.get(reverse("learning_module", args=["alpha"]))
            clock.shift(timedelta(minutes=settings.WAYMARK_IDLE_MINUTES_CLIENT + 1))
            response = self.reflect()
        self.assertRedirects(response, LOGIN_URL + "?timeout=1", fetch_redirect_response=False)
        self.assertFalse(JournalEntry.objects.exists())

    def test_a_keep_alive_after_a_quiet_spell_does_not_bring_the_session_back(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.alex)
            self.client.get(reverse("learning_module", args=["alpha"]))
            clock.shift(timedelta(minutes=settings.WAYMARK_IDLE_MINUTES_CLIENT + 1))
            keep_alive = self.client.get(reverse("healthz"))
            self.assertRedirects(keep_alive, LOGIN_URL + "?timeout=1", fetch_redirect_response=False)
            refused = self.reflect()
        self.assertTrue(refused["Location"].startswith(LOGIN_URL))
        self.assertFalse(JournalEntry.objects.exists())

    def test_drafts_js_asks_the_right_address_often_enough(self) -> None:
        path = finders.find("waymark/drafts.js")
        assert isinstance(path, str)
        script = Path(path).read_text(encoding="utf-8")
        self.assertIn(f'var KEEP_ALIVE_URL = "{reverse("healthz")}";', script)
        every = re.search(r"var KEEP_ALIVE_MS = (\d+);", script)
        assert every is not None
        # Well inside the idle limit, and not so often that it is a request a keystroke.
        self.assertLessEqual(int(every[1]), 3 * 60_000)
        self.assertGreaterEqual(int(every[1]), 60_000)
