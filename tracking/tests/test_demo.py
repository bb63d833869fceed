"""The demo practice's tracking data: months of it for clients in stages 2 to 4, loaded once."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caseload.models import Client
from tracking.models import CheckIn, Lapse, Trigger, Urge
from tracking.queries import streak_for


class DemoTrackingTest(TestCase):
    def load(self) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_it_gives_clients_in_stages_2_to_4_months_of_tracking(self) -> None:
        self.load()
        for client in Client.objects.select_related("user", "practice"):
            check_ins = CheckIn.objects.filter(client=client).count()
            with self.subTest(client=client.name, stage=client.stage):
                if client.stage == 1:
                    self.assertEqual(check_ins, 0)
                    continue
                self.assertGreater(check_ins, 50)
                self.assertGreater(Urge.objects.filter(client=client).count(), 30)
                self.assertTrue(Trigger.objects.filter(client=client).exists())
                lapses = Lapse.objects.filter(client=client)
                self.assertIn(lapses.count(), (1, 2, 3))
                self.assertTrue(all(lapse.chain_started for lapse in lapses))
                self.assertEqual(streak_for(client).lapse_count, lapses.count())  # all within the counting

    def test_it_adds_nothing_the_second_time(self) -> None:
        self.load()
        counts = (CheckIn.objects.count(), Urge.objects.count(), Lapse.objects.count())
        self.load()
        self.assertEqual((CheckIn.objects.count(), Urge.objects.count(), Lapse.objects.count()), counts)
