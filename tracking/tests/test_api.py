"""/api/v1/checkins, /urges and /lapses: the client's own, their therapist's reading, strict input, JSON errors."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.test.client import Client as HttpClient

from api.tests.base import ApiTestCase
from audit.models import AuditEvent
from tracking.actions import LapseEntry, UrgeEntry, do_log_urge, do_record_lapse
from tracking.models import CheckIn, Lapse, Outcome, Urge

from .support import agree_plan

# 04:00 on 11 June 2024 in Singapore, Alex's zone.
NOW = datetime(2024, 6, 10, 20, 0, tzinfo=UTC)
CHECK_IN = {"day": "2024-06-11", "mood": 3, "urge": 4, "sober": True, "tired": True, "note": "Long day"}


@time_machine.travel(NOW, tick=False)
class TrackingApiTest(ApiTestCase):
    def post(self, path: str, body: dict[str, Any], token: str) -> Any:
        return HttpClient().post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    def test_it_takes_a_check_in_then_updates_it_then_ignores_a_resend(self) -> None:
        token = self.token_for(self.alex)
        created = self.post("/checkins", CHECK_IN | {"idempotency_key": "a"}, token)
        self.assertEqual(created.status_code, 201)
        self.assertEqual((created.json()["mood"], created.json()["note"]), (3, "Long day"))
        updated = self.post("/checkins", CHECK_IN | {"mood": 5, "idempotency_key": "b"}, token)
        self.assertEqual((updated.status_code, updated.json()["mood"]), (200, 5))
        resent = self.post("/checkins", CHECK_IN | {"mood": 5, "idempotency_key": "b"}, token)
        self.assertEqual(resent.json()["updated_at"], updated.json()["updated_at"])
        self.assertEqual(CheckIn.objects.count(), 1)
        listed = self.as_user(self.alex, "/checkins")
        self.assertEqual([row["mood"] for row in listed.json()], [5])

    def test_it_answers_bad_input_with_a_json_error(self) -> None:
        token = self.token_for(self.alex)
        for body, status, words in [
            (CHECK_IN | {"day": "2024-06-12"}, 409, "not a day still to come"),
            (CHECK_IN | {"day": "2024-06-01"}, 409, "last 7 days"),
            (CHECK_IN | {"urge": 11}, 422, "urge"),
            (CHECK_IN | {"surprise": 1}, 422, "surprise"),
            (CHECK_IN | {"sleep_hours": 25}, 422, "sleep_hours"),
        ]:
            with self.subTest(body=body):
                response = self.post("/checkins", body, token)
                self.assertEqual(response.status_code, status)
                self.assertIn(words, response.json()["error"])
        self.assertFalse(CheckIn.objects.exists())

    def test_it_logs_an_urge_and_refuses_an_intensity_of_eleven(self) -> None:
        token = self.token_for(self.alex)
        urge = {
            "occurred_at": "2024-06-11T03:00:00+08:00",
            "intensity": 6,
            "outcome": "rode_it_out",
            "trigger": "stress",
        }
        response = self.post("/urges", urge, token)
        self.assertEqual(response.status_code, 201)
        self.assertEqual((response.json()["trigger"], response.json()["lapse_id"]), ("Stress", None))
        self.assertEqual(self.post("/urges", urge | {"intensity": 11}, token).status_code, 422)
        self.assertEqual(self.post("/urges", urge | {"occurred_at": "2024-06-11T03:00:00"}, token).status_code, 422)
        lapsed = self.post("/urges", urge | {"outcome": "lapse"}, token)
        self.assertEqual(lapsed.json()["lapse_id"], str(Lapse.objects.get().public_id))
        self.assertEqual(Urge.objects.count(), 2)

    def test_it_records_a_lapse_but_not_before_the_plan(self) -> None:
        agree_plan(self.client_record, datetime(2024, 6, 5).date())
        token = self.token_for(self.alex)
        early = self.post("/lapses", {"occurred_at": "2024-06-04T22:00:00+08:00"}, token)
        self.assertEqual((early.status_code, early.json()), (409, {"error": "This is before your plan started."}))
        made = self.post("/lapses", {"occurred_at": "2024-06-09T22:00:00+08:00", "behaviour": "Scrolled"}, token)
        self.assertEqual((made.status_code, made.json()["behaviour"]), (201, "Scrolled"))

    def test_it_lets_the_therapist_read_with_the_client_named_and_audits_it(self) -> None:
        do_log_urge(self.alex, UrgeEntry(occurred_at=NOW, intensity=4, outcome=Outcome.RODE_IT_OUT, notes="Tea"))
        do_record_lapse(self.alex, LapseEntry(occurred_at=NOW, what_happened="Late night"))
        token = self.token_for(self.therapist)
        alex = self.client_record.public_id
        self.assertEqual(self.api_get(f"/urges?client={alex}", token).json()[0]["notes"], "Tea")
        self.assertEqual(self.api_get(f"/lapses?client={alex}", token).json()[0]["what_happened"], "Late night")
        self.assertEqual(self.api_get(f"/checkins?client={alex}", token).json(), [])
        self.assertEqual(
            sorted(AuditEvent.objects.filter(what__startswith="api.").values_list("what", flat=True)),
            ["api.checkins", "api.lapses", "api.urges"],
        )
        missing = self.api_get("/urges", token)
        self.assertEqual(
            (missing.status_code, missing.json()["error"]), (404, "Not found. Name the client with ?client=<id>.")
        )

    def test_it_hides_a_client_from_everyone_else_with_the_same_404(self) -> None:
        do_log_urge(self.alex, UrgeEntry(occurred_at=NOW, intensity=4, outcome=Outcome.RODE_IT_OUT))
        alex = self.client_record.public_id
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider, self.bo_record.user):
            for path in (f"/urges?client={alex}", f"/urges?client={uuid.uuid4()}"):
                with self.subTest(person=person, path=path):
                    response = self.as_user(person, path)
                    self.assertEqual((response.status_code, response.json()), (404, {"error": "Not found."}))

    def test_it_lets_only_the_client_write(self) -> None:
        for person in (self.therapist, self.supporter, self.admin):
            with self.subTest(person=person):
                response = self.post("/checkins", CHECK_IN, self.token_for(person))
                self.assertEqual(response.status_code, 403)
                self.assertIn("Only the client", response.json()["error"])
        self.assertFalse(CheckIn.objects.exists())

    def test_it_pages_newest_first(self) -> None:
        Urge.objects.bulk_create(
            Urge(
                client=self.client_record, occurred_at=NOW - timedelta(hours=n), intensity=n % 11, outcome="rode_it_out"
            )
            for n in range(5)
        )
        rows = self.as_user(self.alex, "/urges?limit=2&offset=1").json()
        self.assertEqual([row["intensity"] for row in rows], [1, 2])
        self.assertEqual(self.as_user(self.alex, "/urges?limit=101").status_code, 422)

    def test_it_needs_the_csrf_token_from_a_browser(self) -> None:
        browser = self.csrf_checking_browser(self.alex)
        response = browser.post("/api/v1/checkins", json.dumps(CHECK_IN), content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_puts_every_operation_in_the_schema(self) -> None:
        paths = self.api_get("/openapi.json").json()["paths"]
        for path in ("/api/v1/checkins", "/api/v1/urges", "/api/v1/lapses"):
            self.assertEqual(sorted(paths[path]), ["get", "post"], path)
