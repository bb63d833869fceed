import uuid
from typing import Any

from audit.models import Action, AuditEvent
from caseload.actions import do_transfer_client

from .base import ApiTestCase


class ClientsApiTest(ApiTestCase):
    def ids(self, response: Any) -> list[str]:
        return [row["id"] for row in response.json()]

    def test_it_shows_a_client_only_themselves(self) -> None:
        response = self.as_user(self.alex, "/clients")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            [
                {
                    "id": str(self.client_record.public_id),
                    "name": "Alex",
                    "stage": 1,
                    "stage_name": "Education and assessment",
                }
            ],
        )

    def test_it_shows_a_therapist_her_own_clients_and_nobody_elses(self) -> None:
        self.assertEqual(self.ids(self.as_user(self.therapist, "/clients")), [str(self.client_record.public_id)])
        self.assertEqual(self.ids(self.as_user(self.other_therapist, "/clients")), [str(self.bo_record.public_id)])

    def test_it_shows_supporters_admins_and_outsiders_no_clients(self) -> None:
        for person in (self.supporter, self.admin, self.outsider):
            response = self.as_user(person, "/clients")
            self.assertEqual((response.status_code, response.json()), (200, []), person)

    def test_it_lists_clients_in_a_fixed_number_of_queries(self) -> None:
        token = self.token_for(self.therapist)
        self.api_get("/clients", token)  # notes the token's first use
        # The token, the therapist's authenticator, the clients.
        with self.assertNumQueries(3):
            self.assertEqual(self.api_get("/clients", token).status_code, 200)

    def test_it_shows_the_treating_therapist_one_client_and_audits_it(self) -> None:
        response = self.as_user(self.therapist, f"/clients/{self.client_record.public_id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "Alex")
        event = AuditEvent.objects.get(what="api.client")
        self.assertEqual(event.action, Action.READ)
        self.assertEqual(event.actor_ref, self.therapist.public_id)
        self.assertEqual(event.client_ref, self.client_record.public_id)

    def test_it_shows_a_client_their_own_record_without_an_audit_row(self) -> None:
        response = self.as_user(self.alex, f"/clients/{self.client_record.public_id}")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AuditEvent.objects.filter(what="api.client").exists())

    def test_it_hides_a_client_from_everyone_else_with_the_same_404(self) -> None:
        made_up = self.as_user(self.therapist, f"/clients/{uuid.uuid4()}")
        self.assertEqual((made_up.status_code, made_up.json()), (404, {"error": "Not found."}))
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider):
            response = self.as_user(person, f"/clients/{self.client_record.public_id}")
            self.assertEqual((response.status_code, response.json()), (404, made_up.json()), person)
        self.assertEqual(self.as_user(self.therapist, f"/clients/{self.bo_record.public_id}").status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(what="api.client").exists())

    def test_it_answers_a_malformed_id_with_a_json_404(self) -> None:
        token = self.token_for(self.therapist)
        for bad in ("not-a-uuid", "1", str(self.client_record.public_id)[:-1], "'; select 1 --"):
            response = self.api_get(f"/clients/{bad}", token)
            self.assertEqual((response.status_code, response.json()), (404, {"error": "Not found."}), bad)

    def test_it_ends_a_therapists_access_as_soon_as_the_client_moves_on(self) -> None:
        token = self.token_for(self.therapist)
        url = f"/clients/{self.client_record.public_id}"
        self.assertEqual(self.api_get(url, token).status_code, 200)
        do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Handover note.")
        self.assertEqual(self.api_get(url, token).status_code, 404)
        self.assertEqual(self.api_get("/clients", token).json(), [])
