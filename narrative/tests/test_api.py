"""/api/v1/story: the client reads and writes their own steps; their therapist reads (audited) and comments."""

import json
from typing import Any

from django.test.client import Client as HttpClient

from api.tests.base import ApiTestCase
from audit.models import AuditEvent
from narrative.actions import do_comment_on_step, do_save_step
from narrative.models import StepComment, StepVersion


class StoryApiTest(ApiTestCase):
    def post(self, path: str, body: dict[str, Any], token: str) -> Any:
        return HttpClient().post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    def test_it_lets_the_client_write_a_step_and_read_their_story(self) -> None:
        token = self.token_for(self.alex)
        created = self.post("/story/what-it-does", {"text": "It switches my head off.", "chosen": ["escape"]}, token)
        self.assertEqual(created.status_code, 201)
        self.assertEqual((created.json()["version"], created.json()["chosen"]), (1, ["escape"]))
        updated = self.post("/story/what-it-does", {"text": "It switches my head off, for a while."}, token)
        self.assertEqual((updated.status_code, updated.json()["version"]), (200, 1))  # within ten minutes
        story = self.api_get("/story", token).json()
        self.assertEqual((story["written"], story["total"], story["next_step"]), (1, 6, "beginning"))
        step = next(s for s in story["steps"] if s["id"] == "what-it-does")
        self.assertEqual(step["text"], "It switches my head off, for a while.")
        self.assertEqual(len(step["choices"]), 6)
        self.assertEqual(self.api_get("/story/what-it-does/versions", token).json()[0]["number"], 1)
        self.assertFalse(AuditEvent.objects.filter(what__startswith="api.narrative").exists())  # their own

    def test_it_lets_the_therapist_read_with_the_client_named_and_audits_it(self) -> None:
        do_save_step(self.alex, "beginning", "I was twelve.")
        do_comment_on_step(self.therapist, self.client_record, "beginning", "Thank you.")
        token = self.token_for(self.therapist)
        self.assertEqual(self.api_get("/story", token).status_code, 404)  # whose?
        story = self.api_get(f"/story?client={self.client_record.public_id}", token).json()
        self.assertEqual(story["steps"][0]["text"], "I was twelve.")
        self.assertEqual(story["steps"][0]["comments"][0]["text"], "Thank you.")
        step = self.api_get(f"/story/beginning?client={self.client_record.public_id}", token).json()
        self.assertEqual(step["version"], 1)
        comments = self.api_get(f"/story/beginning/comments?client={self.client_record.public_id}", token).json()
        self.assertEqual([(c["author"], c["seen_by_client"]) for c in comments], [("Dr Tan", False)])
        self.assertEqual(AuditEvent.objects.filter(what="api.narrative").count(), 2)
        self.assertEqual(AuditEvent.objects.filter(what="api.narrative.comments").count(), 1)

    def test_the_clients_read_of_a_step_marks_its_comments_seen(self) -> None:
        do_save_step(self.alex, "beginning", "I was twelve.")
        do_comment_on_step(self.therapist, self.client_record, "beginning", "Thank you.")
        do_comment_on_step(self.therapist, self.client_record, "growing", "And this one.")
        step = self.api_get("/story/beginning", self.token_for(self.alex)).json()
        self.assertEqual([c["seen_by_client"] for c in step["comments"]], [False])  # new, this once
        seen = dict(StepComment.objects.values_list("step", "seen_at"))
        self.assertIsNotNone(seen["beginning"])
        self.assertIsNone(seen["growing"])  # not read yet
        comments = self.api_get("/story/growing/comments", self.token_for(self.alex)).json()
        self.assertEqual([c["seen_by_client"] for c in comments], [False])
        self.assertFalse(StepComment.objects.filter(seen_at__isnull=True).exists())
        again = self.api_get("/story/beginning", self.token_for(self.alex)).json()
        self.assertEqual([c["seen_by_client"] for c in again["comments"]], [True])

    def test_the_therapists_read_leaves_comments_new_for_the_client(self) -> None:
        do_comment_on_step(self.therapist, self.client_record, "beginning", "Thank you.")
        token = self.token_for(self.therapist)
        self.api_get(f"/story/beginning?client={self.client_record.public_id}", token)
        self.api_get(f"/story/beginning/comments?client={self.client_record.public_id}", token)
        self.assertIsNone(StepComment.objects.get().seen_at)

    def test_it_hides_the_story_from_anyone_else(self) -> None:
        do_save_step(self.alex, "beginning", "I was twelve.")
        mine = f"?client={self.client_record.public_id}"
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider):
            with self.subTest(person=person.name):
                token = self.token_for(person)
                for path in ("/story", "/story/beginning", "/story/beginning/versions", "/story/beginning/comments"):
                    response = self.api_get(path + mine, token)
                    self.assertEqual(response.status_code, 404, path)
                    self.assertNotIn("twelve", response.content.decode())
        self.assertEqual(self.api_get("/story").status_code, 401)

    def test_it_lets_the_therapist_comment_and_nobody_else(self) -> None:
        body = {"client": str(self.client_record.public_id), "text": "Thank you for this."}
        made = self.post("/story/growing/comments", body, self.token_for(self.therapist))
        self.assertEqual(made.status_code, 201)
        self.assertEqual((made.json()["author"], made.json()["text"]), ("Dr Tan", "Thank you for this."))
        self.assertEqual(
            self.post("/story/growing/comments", body, self.token_for(self.other_therapist)).status_code, 404
        )
        self.assertEqual(self.post("/story/growing/comments", body, self.token_for(self.supporter)).status_code, 404)
        self.assertEqual(self.post("/story/growing/comments", body, self.token_for(self.alex)).status_code, 403)
        self.assertEqual(StepComment.objects.count(), 1)

    def test_it_answers_bad_input_with_a_json_error_and_stores_nothing(self) -> None:
        alex, tan = self.token_for(self.alex), self.token_for(self.therapist)
        mine = str(self.client_record.public_id)
        cases: list[tuple[str, dict[str, Any], str, int, str]] = [
            ("/story/beginning", {"text": "a" * 5_001}, alex, 409, "up to 5,000 characters"),
            ("/story/beginning", {"text": "a" * 20_001}, alex, 422, "text"),
            ("/story/beginning", {"text": "Hi", "surprise": 1}, alex, 422, "surprise"),
            ("/story/what-it-does", {"chosen": ["boredom"]}, alex, 409, "no choice called boredom"),
            ("/story/no-such-step", {"text": "Hi"}, alex, 404, "no such step"),
            ("/story/beginning", {"text": "Hi"}, tan, 403, "Only the client"),
            ("/story/beginning/comments", {"client": mine, "text": " "}, tan, 409, "empty"),
            ("/story/beginning/comments", {"client": mine, "text": "a" * 2_001}, tan, 422, "text"),
            ("/story/no-such-step/comments", {"client": mine, "text": "Hi"}, tan, 404, "no such step"),
        ]
        for path, body, token, status, words in cases:
            with self.subTest(path=path, words=words):
                response = self.post(path, body, token)
                self.assertEqual(response.status_code, status)
                self.assertIn(words, response.json()["error"])
        self.assertFalse(StepVersion.objects.exists())
        self.assertFalse(StepComment.objects.exists())
