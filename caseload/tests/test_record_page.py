"""The client record page: its timeline card, and a fixed number of queries whatever the history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload.models import Client
from caseload.timeline import RECORD_PAGE_SIZE
from lib.testing import WaymarkTestCase, make_client
from reports.tests.history import SECRET, add_history


class RecordPageTests(WaymarkTestCase):
    """Ten days against three years of everything."""

    short: Client

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.short = make_client(cls.practice, "short@example.com", "Short", cls.therapist)
        add_history(cls.short, cls.therapist, days=10)
        add_history(cls.client_record, cls.therapist, days=3 * 365)

    def url(self, client: Client) -> str:
        return reverse("client_record", args=[client.public_id])

    def test_it_shows_the_newest_of_the_timeline(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url(self.client_record))
        self.assertEqual(len(response.context["timeline"].entries), RECORD_PAGE_SIZE)
        self.assertContains(response, 'id="timeline-card"')
        self.assertContains(response, "Older entries")
        self.assertContains(response, reverse("client_timeline", args=[self.client_record.public_id]))
        card = response.content.decode().split('id="timeline"', 1)[1].split("</section>", 1)[0]
        self.assertIn("Session note · 30 min · draft", card)
        self.assertNotIn(SECRET, card)

    def test_it_runs_the_same_queries_for_ten_days_and_three_years(self) -> None:
        self.login(self.therapist)
        counts = []
        for client in (self.short, self.client_record):
            self.client.get(self.url(client))  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.url(client))
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1], counts)
        print(f"\nclient record page: {counts[0]} queries")
