"""Motivation work for the cast, made through the actions as a person would make it."""

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from caseload.models import Client
from lib.testing import WaymarkTestCase
from measures import registry
from measures.actions import do_save_answer, do_self_start, do_submit
from measures.models import Administration
from measures.scoring import shown_items
from motivation.actions import ValueChoice, do_save_balance, do_save_values
from motivation.models import BalanceVersion, ValuesVersion

OCT_3 = datetime(2025, 10, 3, 2, 0, tzinfo=UTC)  # 10:00 in Singapore
OCT_24 = datetime(2025, 10, 24, 2, 0, tzinfo=UTC)
NOV_1 = datetime(2025, 11, 1, 2, 0, tzinfo=UTC)

FIRST = {
    "stay_benefits": ["It helps me switch off", "Always there when I can't sleep"],
    "stay_costs": ["Tired every morning"],
    "change_benefits": ["More sleep"],
    "change_costs": ["I would miss the escape", "Admitting it is a problem"],
}
SECOND = {
    "stay_benefits": ["It helps me switch off"],
    "stay_costs": ["Tired every morning", "The hiding wears me down"],
    "change_benefits": ["More sleep", "Being honest with Mia"],
    "change_costs": ["I would miss the escape"],
}
VALUES = [
    ValueChoice("Honesty", top=True, why="I hate hiding things.", fit="It clashes: there is always a secret."),
    ValueChoice("Health", top=True, why="Running keeps me steady."),
    ValueChoice("Family"),
]
RULERS = {"importance": 6, "importance_why": "My partner noticed.", "confidence": 3, "readiness": 5}


class MotivationTestCase(WaymarkTestCase):
    def count_queries(self, url: str, user: User | None = None) -> int:
        """Queries for one page, once signing in has settled the session."""
        self.login(user or self.alex)
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def balance(
        self, boxes: Mapping[str, list[str]] = FIRST, at: datetime = OCT_3, client: Client | None = None
    ) -> BalanceVersion:
        client = client or self.client_record
        with time_machine.travel(at, tick=False):
            return do_save_balance(client.user, client, boxes)

    def values(
        self, values: list[ValueChoice] = VALUES, at: datetime = OCT_3, client: Client | None = None
    ) -> ValuesVersion:
        client = client or self.client_record
        with time_machine.travel(at, tick=False):
            return do_save_values(client.user, client, values)

    def rulers(self, answers: Mapping[str, object] = RULERS, at: datetime = OCT_3) -> Administration:
        """Alex takes the rulers of his own accord and sends them."""
        with time_machine.travel(at, tick=False):
            administration = do_self_start(self.alex, self.client_record, "readiness")
            for item_id in shown_items(registry.get("readiness"), answers):
                if item_id in answers:
                    administration = do_save_answer(self.alex, administration, item_id, answers[item_id])
            return do_submit(self.alex, administration, uuid.uuid4())
