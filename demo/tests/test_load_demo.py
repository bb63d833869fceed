from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from accounts.models import Role, User
from audit.log import verify_chain
from audit.models import AuditEvent
from caseload.models import Client
from safety.models import RiskAlert


class LoadDemoTest(TestCase):
    def load(self) -> str:
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_it_creates_the_demo_practice_and_prints_every_log_in(self) -> None:
        output = self.load()
        self.assertEqual(User.objects.filter(role=Role.THERAPIST).count(), 2)
        self.assertEqual(Client.objects.count(), 5)
        self.assertEqual(sorted(Client.objects.values_list("stage", flat=True)), [1, 2, 2, 3, 4])
        for user in User.objects.all():
            self.assertIn(user.email, output)
        self.assertIn("TOTP secret", output)
        self.assertIn("waymark demo practice", output)

    def test_it_gives_clients_months_of_access_history_with_a_sound_chain(self) -> None:
        self.load()
        lin = Client.objects.get(user__email="lin@demo.waymark.test")
        reads = AuditEvent.objects.filter(client_ref=lin.public_id, what="client.record")
        self.assertGreater(reads.count(), 30)
        self.assertEqual(list(verify_chain()), [])

    def test_it_shows_the_suicidality_pathway_one_alert_waiting_one_acknowledged(self) -> None:
        self.load()
        waiting = RiskAlert.objects.filter(acknowledged_at__isnull=True).select_related("client__user")
        self.assertEqual([alert.client.user.email for alert in waiting], ["sam@demo.waymark.test"])
        done = RiskAlert.objects.get(acknowledged_at__isnull=False)
        self.assertEqual(done.client.user.email, "ravi@demo.waymark.test")
        self.assertIn("safety plan", done.acknowledgement_note)

    def test_it_can_be_run_twice(self) -> None:
        self.load()
        self.load()
        self.assertEqual(Client.objects.count(), 5)
        self.assertEqual(RiskAlert.objects.count(), 2)
