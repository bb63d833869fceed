"""Generated history (the demo and `manage.py generate_history`): plausible, encrypted, and loaded once."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.db.models import Count

from lib import crypto
from lib.testing import WaymarkTestCase
from privacy.access_log import zone_of
from tracking.history import generate_history
from tracking.models import CheckIn, Lapse, Outcome, Urge
from tracking.queries import streak_for

from .support import stored


class GeneratorTest(WaymarkTestCase):
    def test_it_makes_three_years_of_plausible_days(self) -> None:
        made = generate_history(self.client_record, 1095)
        zone = zone_of(self.client_record)
        self.assertEqual(CheckIn.objects.filter(client=self.client_record).count(), made.check_ins)
        self.assertTrue(900 < made.check_ins < 1095, made.check_ins)  # about six days in seven
        # Urges come late in the evening and at night, rarely before dawn, and more at weekends.
        times = [moment.astimezone(zone) for moment in Urge.objects.values_list("occurred_at", flat=True)]
        late = sum(1 for t in times if t.hour >= 20 or t.hour < 2)
        dawn = sum(1 for t in times if 3 <= t.hour < 7)
        self.assertGreater(late, len(times) / 2)
        self.assertLess(dawn, len(times) / 20)
        weekend = sum(1 for t in times if t.weekday() >= 5) / 2
        weekday = sum(1 for t in times if t.weekday() < 5) / 5
        self.assertGreater(weekend, weekday)
        # Each lapse came from an urge that ended in one, with its chain written, and its day is not sober.
        lapses = list(Lapse.objects.select_related("urge"))
        self.assertEqual(len(lapses), made.lapses)
        self.assertGreater(made.lapses, 5)
        for lapse in lapses:
            assert lapse.urge is not None
            self.assertEqual(lapse.urge.outcome, Outcome.LAPSE)
            self.assertTrue(lapse.chain_started)
            day = lapse.occurred_at.astimezone(zone).date()
            self.assertFalse(CheckIn.objects.get(client=self.client_record, day=day).sober)
        streak = streak_for(self.client_record)
        self.assertEqual(streak.lapse_count, made.lapses)
        self.assertGreater(streak.longest_days, 100)
        # The gaps between lapses widen.
        self.assertGreater(streak.days_between_lapses[-1], streak.days_between_lapses[0])

    def test_it_encrypts_what_bulk_create_writes(self) -> None:
        generate_history(self.client_record, 60, lapses=2)
        note = CheckIn.objects.exclude(note="").first()
        lapse = Lapse.objects.first()
        assert note is not None and lapse is not None
        raw_note = stored("tracking_checkin", "note", note.public_id)
        self.assertTrue(crypto.is_token(raw_note))
        self.assertNotIn(note.note, raw_note)
        raw_chain = stored("tracking_lapse", "vulnerability", lapse.public_id)
        self.assertTrue(crypto.is_token(raw_chain))
        self.assertNotIn(lapse.vulnerability, raw_chain)


class GenerateHistoryCommandTest(WaymarkTestCase):
    def test_it_fills_a_clients_history_once(self) -> None:
        out = StringIO()
        call_command("generate_history", "ALEX@example.com", "--days", "30", stdout=out)
        self.assertIn("check-ins", out.getvalue())
        self.assertEqual(CheckIn.objects.values("day").annotate(n=Count("pk")).filter(n__gt=1).count(), 0)  # one a day
        with self.assertRaisesMessage(CommandError, "already has check-ins"):
            call_command("generate_history", "alex@example.com", "--days", "30")

    def test_it_refuses_someone_who_is_not_a_client(self) -> None:
        with self.assertRaisesMessage(CommandError, "No client"):
            call_command("generate_history", "tan@example.com")
