from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lib.testing import WaymarkTestCase
from measures.models import Administration, Status


class RecordCardTest(WaymarkTestCase):
    def submitted(self, instrument_id: str, total: int, band: str, days_ago: int) -> Administration:
        return Administration.objects.create(
            client=self.client_record,
            instrument_id=instrument_id,
            status=Status.SUBMITTED,
            due_on=timezone.localdate(),
            submitted_at=timezone.now() - timedelta(days=days_ago),
            total=total,
            result={"total": {"score": total, "band": band}},
        )

    def page(self) -> str:
        self.login(self.therapist)
        return self.client.get(reverse("client_record", args=[self.client_record.public_id])).content.decode()

    def card(self) -> str:
        """The Questionnaires card alone (the timeline further down lists older results too)."""
        page = self.page()
        start = page.index('aria-labelledby="measures-card"')
        return page[start : page.index("</section>", start)]

    def test_it_shows_the_newest_result_of_each_instrument(self) -> None:
        self.submitted("phq9", 17, "Moderately severe", days_ago=60)
        self.submitted("phq9", 9, "Mild", days_ago=2)
        self.submitted("gad7", 12, "Moderate", days_ago=2)
        card = self.card()
        self.assertIn("PHQ-9", card)
        self.assertIn("<strong>9</strong> · Mild", card)
        self.assertNotIn("Moderately severe", card)
        self.assertIn("GAD-7", card)

    def test_it_says_when_there_are_no_results(self) -> None:
        self.assertIn("No results yet.", self.page())

    def test_it_runs_the_same_queries_however_long_the_history(self) -> None:
        self.submitted("phq9", 5, "Mild", days_ago=1)
        self.login(self.therapist)
        url = reverse("client_record", args=[self.client_record.public_id])
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for days in range(2, 40):
            self.submitted("phq9", 5, "Mild", days_ago=days)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(one.captured_queries), len(many.captured_queries))
