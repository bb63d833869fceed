"""/api/v1/motivation/…: the client reads and writes their own; their therapist reads with ?client=; JSON errors."""

import json
from typing import Any

from django.test.client import Client as HttpClient

from api.tests.base import ApiTestCase
from audit.models import Action, AuditEvent
from motivation.models import BalanceVersion, ValuesVersion
from motivation.tests.support import FIRST, OCT_3, OCT_24, RULERS, SECOND, MotivationTestCase


class MotivationApiTest(ApiTestCase, MotivationTestCase):
    def post(self, path: str, body: Any, token: str) -> Any:
        return HttpClient().post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    def test_it_saves_and_lists_the_clients_balance(self) -> None:
        token = self.token_for(self.alex)
        made = self.post("/motivation/balance", FIRST, token)
        self.assertEqual(made.status_code, 201)
        self.assertEqual(made.json()["boxes"], FIRST)
        self.post("/motivation/balance", SECOND, token)
        listed = self.api_get("/motivation/balance", token).json()
        self.assertEqual([row["boxes"] for row in listed], [SECOND, FIRST])
        self.assertEqual(self.api_get("/motivation/balance?limit=1&offset=1", token).json()[0]["id"], made.json()["id"])

    def test_it_refuses_bad_balances_with_a_json_error(self) -> None:
        token = self.token_for(self.alex)
        self.post("/motivation/balance", FIRST, token)
        for body, status, words in [
            ({"stay_costs": ["x" * 301]}, 422, "stay_costs"),
            ({"stay_costs": [f"{n}" for n in range(21)]}, 422, "stay_costs"),
            ({"elsewhere": ["x"]}, 422, "elsewhere"),
            ({"stay_costs": ["  "]}, 409, "Write at least one thing"),
            (FIRST, 409, "Nothing has changed"),
        ]:
            with self.subTest(body=str(body)[:40]):
                response = self.post("/motivation/balance", body, token)
                self.assertEqual(response.status_code, status)
                self.assertIn(words, response.json()["error"])
        self.assertEqual(BalanceVersion.objects.count(), 1)

    def test_it_saves_and_lists_values(self) -> None:
        token = self.token_for(self.alex)
        body = {"values": [{"name": "Family"}, {"name": "Honesty", "most_important": True, "why": "No secrets"}]}
        made = self.post("/motivation/values", body, token)
        self.assertEqual(made.status_code, 201)
        self.assertEqual([v["name"] for v in made.json()["values"]], ["Honesty", "Family"])
        six = {"values": [{"name": f"V{n}", "most_important": True} for n in range(6)]}
        self.assertEqual(self.post("/motivation/values", six, token).status_code, 409)
        self.assertEqual(self.post("/motivation/values", {"values": [{"name": ""}]}, token).status_code, 422)
        self.assertEqual(len(self.api_get("/motivation/values", token).json()), 1)

    def test_it_lists_the_rulers_with_their_follow_ups(self) -> None:
        self.rulers(at=OCT_3)
        self.rulers(RULERS | {"importance": 9}, at=OCT_24)
        rows = self.as_user(self.alex, "/motivation/rulers").json()
        self.assertEqual([(r["completed_on"], r["importance"]) for r in rows], [("2025-10-24", 9), ("2025-10-03", 6)])
        self.assertEqual(
            rows[1]["follow_up"][0],
            {"question": "Importance: Why a 6 and not a lower number?", "answer": "My partner noticed."},
        )

    def test_it_lets_the_therapist_read_with_the_client_named_and_audits_it(self) -> None:
        self.balance()
        self.values()
        token = self.token_for(self.therapist)
        for path in ("/motivation/balance", "/motivation/values", "/motivation/rulers"):
            with self.subTest(path):
                self.assertEqual(self.api_get(path, token).status_code, 404)
                named = self.api_get(f"{path}?client={self.client_record.public_id}", token)
                self.assertEqual(named.status_code, 200)
        self.assertEqual(
            set(
                AuditEvent.objects.filter(action=Action.READ, what__startswith="api.motivation").values_list(
                    "what", flat=True
                )
            ),
            {"api.motivation.balance", "api.motivation.values", "api.motivation.rulers"},
        )

    def test_it_hides_another_therapists_client_and_refuses_therapist_writes(self) -> None:
        self.balance()
        other = self.token_for(self.other_therapist)
        self.assertEqual(
            self.api_get(f"/motivation/balance?client={self.client_record.public_id}", other).status_code, 404
        )
        self.assertEqual(
            self.api_get(
                f"/motivation/balance?client={self.bo_record.public_id}", self.token_for(self.alex)
            ).status_code,
            404,
        )
        refused = self.post("/motivation/balance", SECOND, self.token_for(self.therapist))
        self.assertEqual(
            (refused.status_code, refused.json()), (403, {"error": "Only the client can change their own worksheets."})
        )
        self.assertEqual(
            self.post("/motivation/values", {"values": [{"name": "X"}]}, self.token_for(self.supporter)).status_code,
            403,
        )
        self.assertEqual(BalanceVersion.objects.count(), 1)
        self.assertFalse(ValuesVersion.objects.exists())
