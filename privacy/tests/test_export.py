import json
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from api.actions import do_create_token, do_revoke_token
from audit.log import record
from audit.models import Action, AuditEvent
from caseload.actions import do_transfer_client
from caseload.models import Client
from lib.testing import WaymarkTestCase
from privacy.export import EXPORT_SECTIONS, register_section

EVENING = datetime(2025, 3, 1, 20, 0, tzinfo=UTC)  # already 2 March in Singapore


def as_json(value: object) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def favourite_colour(client: Client) -> tuple[str, object]:
    return "favourite_colour", {"client": client.name, "colour": "teal"}


class ExportTest(WaymarkTestCase):
    url = reverse("privacy_export")

    def download(self) -> tuple[Any, dict[str, Any]]:
        self.login(self.alex)
        with time_machine.travel(EVENING, tick=False):
            response = self.client.post(self.url)
        self.assertEqual(response.status_code, 200)
        return response, json.loads(response.content)

    def test_it_downloads_a_file_with_a_neutral_name_in_the_clients_date(self) -> None:
        response, _ = self.download()
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="my-data-2025-03-02.json"')
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        self.assertIn("no-store", response["Cache-Control"])

    def test_it_holds_the_profile_practice_and_stage(self) -> None:
        _, data = self.download()
        self.assertEqual(
            data["profile"],
            {
                "email": "alex@example.com",
                "name": "Alex",
                "time_zone": "Asia/Singapore",
                "date_joined": as_json(self.alex.date_joined),
            },
        )
        self.assertEqual(data["practice"], {"name": "Harbour Practice"})
        self.assertEqual(data["stage"], {"number": 1, "name": "Education and assessment"})
        self.assertEqual(data["exported_at"], "2025-03-01T20:00:00Z")
        self.assertIsNone(data["deletion_request"])

    def test_it_lists_every_therapist_with_their_dates(self) -> None:
        first = self.client_record.assignments.get()
        moved_at = first.started_at + timedelta(days=30)
        with time_machine.travel(moved_at, tick=False):
            do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Handover note.")
        _, data = self.download()
        self.assertEqual(
            data["therapists"],
            [
                {"therapist": "Dr Tan", "from": as_json(first.started_at), "to": as_json(moved_at)},
                {"therapist": "Dr Lee", "from": as_json(moved_at), "to": None},
            ],
        )

    def test_it_lists_consents_and_supporters(self) -> None:
        consent = self.alex.consents.get()
        grant = self.client_record.grants.get()
        _, data = self.download()
        self.assertEqual(data["consents"], [{"version": "v1", "given": as_json(consent.given_at), "withdrawn": None}])
        self.assertEqual(
            data["supporters"],
            [
                {
                    "supporter": "Sam",
                    "relationship": "partner",
                    "scopes": ["streak"],
                    "created": as_json(grant.created_at),
                    "expires": None,
                    "revoked": None,
                }
            ],
        )

    def test_it_includes_who_looked_at_the_record(self) -> None:
        with time_machine.travel(datetime(2025, 2, 1, 1, 30, tzinfo=UTC), tick=False):
            record(Action.READ, "client.record", actor=self.therapist, client=self.client_record)
        _, data = self.download()
        self.assertEqual(
            data["access_log"],
            [{"when": "2025-02-01T09:30:00+08:00", "who": "Dr Tan (therapist)", "what": "Opened your record"}],
        )

    def test_it_lists_api_tokens_without_their_secrets(self) -> None:
        with time_machine.travel(datetime(2025, 2, 1, tzinfo=UTC), tick=False):
            token, secret = do_create_token(self.alex, "Sleep tracker")
            do_revoke_token(self.alex, token)
        response, data = self.download()
        self.assertEqual(
            data["api_tokens"],
            [
                {
                    "name": "Sleep tracker",
                    "created": "2025-02-01T00:00:00Z",
                    "last_used": None,
                    "revoked": "2025-02-01T00:00:00Z",
                }
            ],
        )
        self.assertNotIn(token.token_hash, response.content.decode())
        self.assertNotIn(secret, response.content.decode())

    def test_it_holds_nothing_about_other_clients(self) -> None:
        record(Action.READ, "client.record", actor=self.other_therapist, client=self.bo_record)
        response, data = self.download()
        self.assertNotIn("bo@example.com", response.content.decode())
        self.assertEqual(data["access_log"], [])

    def test_it_is_audited_as_an_export(self) -> None:
        self.download()
        event = AuditEvent.objects.get(action=Action.EXPORT)
        self.assertEqual(event.actor_ref, self.alex.public_id)
        self.assertEqual(event.client_ref, self.client_record.public_id)

    def test_it_includes_sections_other_apps_register(self) -> None:
        register_section(favourite_colour)
        register_section(favourite_colour)
        self.addCleanup(EXPORT_SECTIONS.remove, favourite_colour)
        _, data = self.download()
        self.assertEqual(data["favourite_colour"], {"client": "Alex", "colour": "teal"})
        self.assertEqual(EXPORT_SECTIONS.count(favourite_colour), 1)
