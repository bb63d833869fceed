import uuid

from django.urls import reverse

from audit.models import AuditEvent
from lib.testing import WaymarkTestCase


class ClientRecordTest(WaymarkTestCase):
    def url(self) -> str:
        return reverse("client_record", args=[self.client_record.public_id])

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_it_hides_the_record_from_another_therapist(self) -> None:
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_hides_the_record_from_the_supporter_and_admin(self) -> None:
        for person in (self.supporter, self.admin, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(self.url()).status_code, 404, person)

    def test_it_gives_the_same_404_for_a_made_up_id(self) -> None:
        self.login(self.therapist)
        self.assertEqual(self.client.get(reverse("client_record", args=[uuid.uuid4()])).status_code, 404)

    def test_it_shows_the_record_to_the_treating_therapist_and_audits_it(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url())
        self.assertContains(response, "Alex")
        event = AuditEvent.objects.filter(what="client.record").get()
        self.assertEqual(event.actor_ref, self.therapist.public_id)
        self.assertEqual(event.client_ref, self.client_record.public_id)

    def test_it_transfers_the_client_and_ends_the_old_access(self) -> None:
        self.login(self.therapist)
        response = self.client.post(
            reverse("client_transfer", args=[self.client_record.public_id]),
            {"therapist": self.other_therapist.pk, "note": "Doing well; next session is on Tuesday."},
        )
        self.assertRedirects(response, reverse("caseload"))
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(self.url()).status_code, 200)
