from django.urls import reverse
from django.utils import timezone

from lib.testing import WaymarkTestCase
from privacy.export import build_export
from safety.tests.support import make_alert


class ClientDataTest(WaymarkTestCase):
    def test_it_puts_the_clients_alerts_in_their_export(self) -> None:
        alert = make_alert(self.client_record)
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = self.therapist
        alert.acknowledgement_note = "Called Alex."
        alert.save()
        make_alert(self.bo_record)
        rows = build_export(self.client_record)["risk_alerts"]
        assert isinstance(rows, list)
        [row] = rows
        self.assertEqual(row["reason"], "ASQ: acute positive screen — imminent risk")
        self.assertEqual(row["acknowledged_by"], "Dr Tan")
        self.assertEqual(row["what_was_done"], "Called Alex.")

    def test_it_shows_the_client_who_read_their_alert(self) -> None:
        alert = make_alert(self.client_record)
        self.login(self.therapist)
        self.client.get(reverse("alert", args=[alert.public_id]))
        self.login(self.alex)
        response = self.client.get(reverse("privacy_access_log"))
        self.assertContains(response, "Read an alert about your answers")
