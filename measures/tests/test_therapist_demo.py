"""The demo practice's questionnaire history, as a therapist would find it."""

import itertools
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caseload.models import Client
from measures import registry
from measures.change import against_baseline
from measures.models import Administration, Mode
from safety.models import RiskAlert


class DemoHistoryTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def totals(self, email: str, instrument_id: str) -> list[float]:
        rows = Administration.objects.current().filter(client__user__email=email, instrument_id=instrument_id)
        return [row.total for row in rows.order_by("submitted_at") if row.total is not None]

    def test_it_gives_each_client_a_phq9_and_gad7_every_four_weeks_since_they_joined(self) -> None:
        # Lin joined 44 weeks ago: weeks 0, 4, … 44.
        self.assertEqual(len(self.totals("alex@demo.waymark.test", "phq9")), 1)
        self.assertEqual(len(self.totals("lin@demo.waymark.test", "phq9")), 12)
        self.assertEqual(len(self.totals("lin@demo.waymark.test", "gad7")), 12)
        lin = Client.objects.get(user__email="lin@demo.waymark.test")
        days = list(
            Administration.objects.current()
            .filter(client=lin, instrument_id="phq9")
            .order_by("submitted_at")
            .values_list("submitted_at", flat=True)
        )
        moments = [moment for moment in days if moment is not None]
        self.assertEqual({(b - a).days for a, b in itertools.pairwise(moments)}, {28})

    def test_it_shows_most_clients_improving_and_one_deteriorating(self) -> None:
        phq9 = registry.get("phq9")
        latest = {}
        for email in ("jordan", "sam", "ravi", "lin"):
            totals = self.totals(f"{email}@demo.waymark.test", "phq9")
            change = against_baseline(phq9, "total", totals)[-1]
            latest[email] = change.kind if change else None
        self.assertEqual(latest["sam"], "deteriorated")
        self.assertEqual(sum(kind in ("improved", "recovered") for kind in latest.values()), 3)

    def test_it_has_the_intake_set_one_paper_form_and_one_correction(self) -> None:
        for client in Client.objects.all():
            self.assertTrue(Administration.objects.current().filter(client=client, instrument_id="asq").exists())
            self.assertTrue(Administration.objects.current().filter(client=client, instrument_id="readiness").exists())
        self.assertEqual(Administration.objects.filter(mode=Mode.PAPER, corrects__isnull=True).count(), 1)
        correction = Administration.objects.get(corrects__isnull=False)
        self.assertEqual(correction.submitted_at, correction.corrects.submitted_at if correction.corrects else None)
        # The measures history raises no alert; the only ones are the two safety/demo.py raises on purpose.
        emails = sorted(RiskAlert.objects.values_list("client__user__email", flat=True))
        self.assertEqual(emails, ["ravi@demo.waymark.test", "sam@demo.waymark.test"])

    def test_it_adds_nothing_when_loaded_again(self) -> None:
        before = Administration.objects.count()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Administration.objects.count(), before)
