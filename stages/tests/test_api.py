"""/api/v1/stage: the client's own stage, their therapist's reading (audited, with notes), and moves."""

import json
from typing import Any

from django.test.client import Client as HttpClient

from accounts.models import User
from api.tests.base import ApiTestCase
from audit.models import AuditEvent
from caseload.models import Client
from stages.actions import do_move_stage
from stages.models import StageChange


class StageApiTest(ApiTestCase):
    def post(self, user: User, body: dict[str, Any]) -> Any:
        return HttpClient().post(
            "/api/v1/stage",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token_for(user)}",
        )

    def stage(self) -> int:
        return Client.objects.get(pk=self.client_record.pk).stage

    def test_it_gives_alex_his_stage_and_history_without_the_therapists_words(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "Clinical note", "Clinical reason")
        answer = self.as_user(self.alex, "/stage").json()
        self.assertEqual((answer["stage"], answer["stage_name"]), (2, "Abstinence"))
        self.assertIsNone(answer["checklist"])
        [move] = answer["history"]
        self.assertEqual((move["from_stage"], move["to_stage"], move["moved_by"]), (1, 2, "Dr Tan"))
        self.assertEqual((move["note"], move["reason"]), (None, None))
        self.assertFalse(AuditEvent.objects.filter(what="api.stage").exists())

    def test_it_gives_the_therapist_the_checklist_and_her_notes_and_audits_the_read(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "Clinical note", "Clinical reason")
        answer = self.as_user(self.therapist, f"/stage?client={self.client_record.public_id}").json()
        self.assertEqual(
            [c["id"] for c in answer["checklist"]], ["plan_signed", "devices", "prevention", "safety_plan"]
        )
        self.assertEqual(answer["history"][0]["note"], "Clinical note")
        self.assertTrue(AuditEvent.objects.filter(what="api.stage", client_ref=self.client_record.public_id).exists())

    def test_it_answers_404_without_a_client_or_for_someone_elses(self) -> None:
        self.assertEqual(self.as_user(self.therapist, "/stage").status_code, 404)
        for user in (self.other_therapist, self.supporter, self.admin, self.outsider):
            with self.subTest(user=user.name):
                response = self.as_user(user, f"/stage?client={self.client_record.public_id}")
                self.assertEqual(response.status_code, 404)
                self.assertIn("error", response.json())

    def test_it_lets_the_therapist_move_alex_and_refuses_everyone_else(self) -> None:
        body = {
            "client": str(self.client_record.public_id),
            "to_stage": 2,
            "note": "Keen to start.",
            "reason": "Plan first.",
            "seen_stage": 1,
        }
        self.assertEqual(self.post(self.alex, body).status_code, 403)
        self.assertEqual(self.post(self.other_therapist, body).status_code, 404)
        self.assertEqual(self.stage(), 1)
        response = self.post(self.therapist, body)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["stage"], 2)
        self.assertEqual(self.stage(), 2)

    def test_it_answers_a_move_that_cannot_be_made_with_409_and_a_reason(self) -> None:
        client = str(self.client_record.public_id)
        for body, status, words in [
            ({"client": client, "to_stage": 2, "note": "n"}, 409, "Give a reason"),
            ({"client": client, "to_stage": 2, "note": "  ", "reason": "x"}, 409, "Write a short note"),
            ({"client": client, "to_stage": 2, "reason": "x"}, 422, "note"),
            ({"client": client, "to_stage": 1, "note": "n", "reason": "x"}, 409, "already in stage 1"),
            ({"client": client, "to_stage": 2, "note": "n", "reason": "x", "seen_stage": 3}, 409, "While you were"),
            (
                {"client": client, "to_stage": 2, "note": "n", "reason": "x", "confirmed": ["intake"]},
                409,
                "cannot be confirmed",
            ),
            ({"client": client, "to_stage": 5, "note": "n", "reason": "x"}, 422, "to_stage"),
            ({"client": client, "to_stage": 2, "note": "n", "reason": "r" * 2001}, 422, "reason"),
            ({"client": client, "to_stage": 2, "note": "n", "reason": "x", "extra": 1}, 422, "extra"),
        ]:
            with self.subTest(body=body):
                response = self.post(self.therapist, body)
                self.assertEqual(response.status_code, status)
                self.assertIn(words, response.json()["error"])
        self.assertFalse(StageChange.objects.exists())
