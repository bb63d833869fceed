"""What Alex's therapist reads of his tracking: decrypted, paged, audited, and nobody else's."""

import uuid
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from tracking.actions import LapseEntry, UrgeEntry, do_check_in, do_log_urge, do_record_lapse
from tracking.models import CheckIn, Outcome
from tracking.queries import client_today, summary_for

from .support import answers


class TherapistPagesTest(WaymarkTestCase):
    def url(self, name: str, client_id: uuid.UUID | None = None) -> str:
        return reverse(name, args=[client_id or self.client_record.public_id])

    def write_alexs_week(self) -> None:
        now = timezone.now()
        do_check_in(self.alex, client_today(self.client_record), answers(note="Quillfeather walk", lonely=True))
        do_log_urge(self.alex, UrgeEntry(occurred_at=now, intensity=7, outcome=Outcome.RODE_IT_OUT, notes="Inkwell"))
        do_record_lapse(self.alex, LapseEntry(occurred_at=now - timedelta(days=2), vulnerability="Tired out"))

    def test_it_shows_the_treating_therapist_everything_decrypted_and_audits_each_read(self) -> None:
        self.write_alexs_week()
        self.login(self.therapist)
        for name, text in [
            ("tracking_client", "Quillfeather walk"),
            ("tracking_client_urges", "Inkwell"),
            ("tracking_client_lapses", "Tired out"),
        ]:
            with self.subTest(page=name):
                response = self.client.get(self.url(name))
                self.assertContains(response, text)
                self.assertContains(response, "lapse, last 7 days")
        reads = AuditEvent.objects.filter(action=Action.READ, actor_ref=self.therapist.public_id)
        self.assertEqual(
            sorted(reads.values_list("what", flat=True)), ["tracking.checkins", "tracking.lapses", "tracking.urges"]
        )
        self.assertEqual(set(reads.values_list("client_ref", flat=True)), {self.client_record.public_id})

    def test_it_hides_alexs_tracking_from_everyone_else_with_the_same_404(self) -> None:
        for person in (self.other_therapist, self.outsider):
            self.login(person)
            for name in ("tracking_client", "tracking_client_urges", "tracking_client_lapses"):
                self.assertEqual(self.client.get(self.url(name)).status_code, 404, (person, name))
        self.login(self.therapist)
        self.assertEqual(self.client.get(self.url("tracking_client", uuid.uuid4())).status_code, 404)
        self.assertEqual(self.client.get(self.url("tracking_client", self.bo_record.public_id)).status_code, 404)

    def test_it_pages_years_of_check_ins_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.therapist)
        CheckIn.objects.create(client=self.client_record, day=date(2024, 1, 1), mood=3, urge=2, sober=True)
        self.client.get(self.url("tracking_client"))
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.url("tracking_client"))
        CheckIn.objects.bulk_create(
            CheckIn(client=self.client_record, day=date(2021, 1, 1) + timedelta(days=n), mood=3, urge=2, sober=True)
            for n in range(1000)
        )
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url("tracking_client"), {"page": 3})
        self.assertContains(response, "Page 3 of 34")

    def test_it_puts_a_summary_on_the_client_record(self) -> None:
        self.write_alexs_week()
        self.login(self.therapist)
        response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, "1 urge and 1 lapse in the last 7 days")
        self.assertContains(response, self.url("tracking_client"))


class SummaryTest(WaymarkTestCase):
    def test_it_sums_up_a_client_for_the_caseload(self) -> None:
        now = timezone.now()
        self.client_record.created_at = now - timedelta(days=30)
        self.client_record.save()
        do_check_in(self.alex, client_today(self.client_record), answers())
        for days_ago in (1, 3, 9):
            do_log_urge(
                self.alex,
                UrgeEntry(occurred_at=now - timedelta(days=days_ago), intensity=5, outcome=Outcome.RODE_IT_OUT),
            )
        do_record_lapse(self.alex, LapseEntry(occurred_at=now - timedelta(days=10)))
        with self.assertNumQueries(4):
            summary = summary_for(self.client_record)
        self.assertEqual(summary.last_check_in, client_today(self.client_record))
        self.assertEqual((summary.urges_this_week, summary.lapses_last_7_days), (2, 0))
        self.assertEqual(summary.streak.lapse_count, 1)
