from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caseload.models import Client
from demo import people
from intake.demo import add_demo_intakes
from intake.models import IntakeHistory
from intake.summary import incongruence_is_high, narrative


class DemoIntakeTest(TestCase):
    def setUp(self) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_it_gives_every_demo_client_a_sent_intake_with_every_topic(self) -> None:
        intakes = IntakeHistory.objects.select_related("client__user")
        self.assertEqual(sorted(i.client.user.email for i in intakes), sorted(c.email for c in people.CLIENTS))
        for intake in intakes:
            self.assertTrue(intake.all_done, intake.client)
            assert intake.submitted_at is not None, intake.client
            self.assertGreater(intake.submitted_at, intake.client.created_at)

    def test_it_varies_the_stories(self) -> None:
        stories = {i.client.user.email: narrative(i) for i in IntakeHistory.objects.select_related("client__user")}
        self.assertEqual(len({tuple(s) for s in stories.values()}), len(people.CLIENTS))
        self.assertIn("Preferred not to say when they first saw pornography.", stories["sam@demo.waymark.test"])
        ravi = IntakeHistory.objects.get(client__user__email="ravi@demo.waymark.test")
        self.assertTrue(incongruence_is_high(ravi))
        lin = IntakeHistory.objects.get(client__user__email="lin@demo.waymark.test")
        self.assertIsNotNone(lin.changed_after_submission())

    def test_it_adds_nothing_the_second_time(self) -> None:
        before = list(IntakeHistory.objects.values_list("pk", "updated_at"))
        self.assertEqual(add_demo_intakes(), 0)
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(list(IntakeHistory.objects.values_list("pk", "updated_at")), before)
        self.assertEqual(Client.objects.count(), len(people.CLIENTS))
