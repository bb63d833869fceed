"""/api/v1/goals: the client's own goals, their therapist's reading (audited), and writes by both."""

import json
from typing import Any

from django.test.client import Client as HttpClient

from accounts.models import User
from api.tests.base import ApiTestCase
from audit.models import AuditEvent
from goals.actions import do_add_goal
from goals.models import Goal, Review, Step


class GoalsApiTest(ApiTestCase):
    def send(self, user: User, method: str, path: str, body: dict[str, Any]) -> Any:
        return getattr(HttpClient(), method)(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token_for(user)}",
        )

    def test_it_adds_a_goal_a_step_a_tick_and_a_review_for_alex(self) -> None:
        created = self.send(
            self.alex, "post", "/goals", {"domain": "meaning", "title": "Volunteer", "first_step": "List"}
        )
        self.assertEqual(created.status_code, 201)
        goal_id = created.json()["id"]
        step = self.send(self.alex, "post", f"/goals/{goal_id}/steps", {"text": "Visit the shelter"})
        self.assertEqual(step.status_code, 201)
        ticked = self.send(self.alex, "patch", f"/goals/{goal_id}/steps/{step.json()['id']}", {"done": True})
        self.assertIsNotNone(ticked.json()["done_at"])
        review = self.send(self.therapist, "post", f"/goals/{goal_id}/reviews", {"progress": 3, "note": "Good start"})
        self.assertEqual((review.status_code, review.json()["reviewed_by"]), (201, "Dr Tan"))
        [goal] = self.as_user(self.alex, "/goals").json()
        self.assertEqual([s["text"] for s in goal["steps"]], ["List", "Visit the shelter"])
        self.assertEqual(goal["reviews"][0]["progress"], 3)

    def test_it_lets_the_therapist_read_and_add_for_alex_and_audits_the_read(self) -> None:
        client = str(self.client_record.public_id)
        created = self.send(
            self.therapist, "post", "/goals", {"client": client, "domain": "trauma", "title": "Referral"}
        )
        self.assertEqual(created.status_code, 201)
        listed = self.as_user(self.therapist, f"/goals?client={client}")
        self.assertEqual([g["title"] for g in listed.json()], ["Referral"])
        self.assertTrue(AuditEvent.objects.filter(what="api.goals", client_ref=self.client_record.public_id).exists())
        self.assertEqual(self.as_user(self.therapist, "/goals").status_code, 404)

    def test_it_answers_404_for_goals_of_someone_else(self) -> None:
        bos = do_add_goal(self.bo_record.user, self.bo_record, "meaning", "Bo's", first_step="Bo's step")
        step = bos.steps.get()
        for user in (self.alex, self.therapist, self.supporter, self.admin):
            with self.subTest(user=user.name):
                self.assertEqual(self.as_user(user, f"/goals/{bos.public_id}").status_code, 404)
                self.assertEqual(
                    self.send(user, "post", f"/goals/{bos.public_id}/steps", {"text": "x"}).status_code, 404
                )
                self.assertEqual(
                    self.send(
                        user, "patch", f"/goals/{bos.public_id}/steps/{step.public_id}", {"done": True}
                    ).status_code,
                    404,
                )
                self.assertEqual(
                    self.send(user, "post", f"/goals/{bos.public_id}/reviews", {"progress": 1}).status_code, 404
                )
        client = str(self.bo_record.public_id)
        self.assertEqual(
            self.send(
                self.therapist, "post", "/goals", {"client": client, "domain": "meaning", "title": "x"}
            ).status_code,
            404,
        )
        self.assertEqual((Goal.objects.count(), Step.objects.count(), Review.objects.count()), (1, 1, 0))
        self.assertIsNone(Step.objects.get().done_at)

    def test_it_answers_bad_input_with_a_json_error(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "social", "One plan a week")
        cases: list[tuple[str, dict[str, Any], int, str]] = [
            ("/goals", {"domain": "astrology", "title": "x"}, 422, "domain"),
            ("/goals", {"domain": "social", "title": "t" * 121}, 422, "title"),
            ("/goals", {"domain": "social", "title": "   "}, 409, "Give the goal a name"),
            (f"/goals/{goal.public_id}/reviews", {"progress": 11}, 422, "progress"),
            (f"/goals/{goal.public_id}/steps", {"text": ""}, 422, "text"),
        ]
        for path, body, status, words in cases:
            with self.subTest(body=body):
                response = self.send(self.alex, "post", path, body)
                self.assertEqual(response.status_code, status)
                self.assertIn(words, response.json()["error"])
        self.assertEqual((Goal.objects.count(), Step.objects.count(), Review.objects.count()), (1, 0, 0))
