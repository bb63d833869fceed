from django.urls import reverse
from django.utils import timezone

from audit.log import verify_chain
from audit.models import AuditEvent
from lib.testing import WaymarkTestCase, make_client
from safety.models import RiskAlert
from safety.tests.support import make_alert


class AlertListAuditTest(WaymarkTestCase):
    def test_it_tells_each_listed_client_that_their_alert_was_read(self) -> None:
        noor = make_client(self.practice, "noor@example.com", "Noor", self.therapist)
        make_alert(self.client_record)
        make_alert(noor)
        make_alert(noor)
        self.login(self.therapist)
        self.assertEqual(self.client.get(reverse("alerts")).status_code, 200)
        reads = AuditEvent.objects.filter(what="risk_alert.list", actor_ref=self.therapist.public_id)
        self.assertEqual(
            sorted(str(ref) for ref in reads.values_list("client_ref", flat=True)),
            sorted([str(self.client_record.public_id), str(noor.public_id)]),
        )
        self.assertEqual(list(verify_chain()), [])


class FormerLeadTest(WaymarkTestCase):
    def test_it_ends_a_former_leads_access_to_alerts_escalated_to_them(self) -> None:
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()
        alert = make_alert(self.client_record)
        RiskAlert.objects.filter(pk=alert.pk).update(escalated_at=timezone.now(), escalated_to=self.other_therapist)
        self.login(self.other_therapist)
        url = reverse("alert", args=[alert.public_id])
        self.assertEqual(self.client.get(url).status_code, 200)

        self.practice.clinical_lead = None
        self.practice.save()
        self.assertEqual(self.client.get(url).status_code, 404)
