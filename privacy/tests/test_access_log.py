from datetime import UTC, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from audit.log import record
from audit.models import Action
from lib.testing import WaymarkTestCase, make_user
from privacy.access_log import WHAT_LABELS, register_labels

MORNING = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Singapore


class AccessLogTest(WaymarkTestCase):
    url = reverse("privacy_access_log")

    def read_by(self, actor: object, what: str = "client.record", at: datetime = MORNING) -> None:
        with time_machine.travel(at, tick=False):
            record(Action.READ, what, actor=actor, client=self.client_record)  # type: ignore[arg-type]

    def rows(self) -> list[list[str]]:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return [[row.when.strftime("%d %b %Y %H:%M"), row.who, row.what] for row in response.context["rows"]]

    def test_it_shows_who_looked_when_and_what_in_the_clients_time_zone(self) -> None:
        self.read_by(self.therapist)
        self.login(self.alex)
        self.assertEqual(self.rows(), [["01 Mar 2025 10:00", "Dr Tan (therapist)", "Opened your record"]])
        response = self.client.get(self.url)
        self.assertContains(response, "1 Mar 2025, 10:00")
        self.assertContains(response, "Dr Tan (therapist)")

    def test_it_uses_the_clients_own_time_zone_when_set(self) -> None:
        self.alex.time_zone = "Europe/London"
        self.alex.save(update_fields=["time_zone"])
        self.read_by(self.therapist)
        self.login(self.alex)
        self.assertEqual(self.rows()[0][0], "01 Mar 2025 02:00")

    def test_it_leaves_out_what_the_client_did_and_other_clients_records(self) -> None:
        with time_machine.travel(MORNING, tick=False):
            record(Action.WRITE, "consent.withdraw", actor=self.alex, client=self.client_record)
            record(Action.READ, "client.record", actor=self.other_therapist, client=self.bo_record)
        self.login(self.alex)
        self.assertEqual(self.rows(), [])
        self.assertContains(self.client.get(self.url), "Nobody else has looked at your record yet.")

    def test_it_lists_newest_first_with_plain_labels(self) -> None:
        self.read_by(self.therapist, "client.record", MORNING)
        with time_machine.travel(MORNING + timedelta(hours=1), tick=False):
            record(Action.WRITE, "client.transfer", actor=self.therapist, client=self.client_record)
        self.read_by(self.therapist, "measures.something_new", MORNING + timedelta(hours=2))
        self.login(self.alex)
        self.assertEqual(
            [row[2] for row in self.rows()],
            ["Looked at your information", "Moved your care to another therapist", "Opened your record"],
        )

    def test_it_uses_labels_other_apps_register(self) -> None:
        register_labels({"test.journal": "Read your journal"})
        self.addCleanup(WHAT_LABELS.pop, "test.journal")
        self.read_by(self.therapist, "test.journal")
        self.login(self.alex)
        self.assertEqual(self.rows()[0][2], "Read your journal")

    def test_it_names_a_deleted_account_a_former_staff_member(self) -> None:
        locum = make_user(self.practice, "locum@example.com", Role.THERAPIST, "Dr Locum")
        self.read_by(locum)
        locum.delete()
        self.login(self.alex)
        self.assertEqual(self.rows()[0][1], "A former staff member")

    def test_it_says_when_an_automatic_process_did_something(self) -> None:
        with time_machine.travel(MORNING, tick=False):
            record(Action.WRITE, "reminder.sent", client=self.client_record)
        self.login(self.alex)
        self.assertEqual(
            self.rows(), [["01 Mar 2025 10:00", "An automatic process", "Made a change to your information"]]
        )

    def test_it_pages_fifty_at_a_time(self) -> None:
        for minute in range(60):
            self.read_by(self.therapist, at=MORNING + timedelta(minutes=minute))
        self.login(self.alex)
        first = self.client.get(self.url)
        self.assertEqual(len(first.context["rows"]), 50)
        self.assertEqual(first.context["rows"][0].when.minute, 59)
        self.assertContains(first, "Page 1 of 2")
        second = self.client.get(self.url, {"page": 2})
        self.assertEqual(len(second.context["rows"]), 10)
        self.assertEqual(second.context["rows"][-1].when.minute, 0)

    def test_it_takes_the_same_number_of_queries_however_long_the_log(self) -> None:
        self.read_by(self.therapist)
        self.login(self.alex)
        self.client.get(self.url)  # the session is tracked on the first request
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for minute in range(1, 60):
            self.read_by(self.therapist if minute % 2 else self.other_therapist, at=MORNING + timedelta(minutes=minute))
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["rows"]), 50)
        with self.assertNumQueries(7):
            self.client.get(self.url)
