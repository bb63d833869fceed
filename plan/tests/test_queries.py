import json
from datetime import UTC, date, datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload.models import Client
from plan.models import CircleItem, PlanVersion
from plan.queries import current_agreed_version, inner_circle, newest_and_agreed, newest_version
from plan.tests.support import INNER, PlanTestCase

MARCH_3 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
MARCH_25 = datetime(2025, 3, 25, 2, 0, tzinfo=UTC)


class QueriesTest(PlanTestCase):
    def test_it_finds_nothing_for_a_client_without_a_plan(self) -> None:
        with self.assertNumQueries(3):
            self.assertIsNone(newest_version(self.client_record))
            self.assertIsNone(current_agreed_version(self.client_record))
            self.assertEqual(inner_circle(self.client_record), [])

    def test_it_uses_the_newest_draft_until_a_version_is_agreed(self) -> None:
        self.start()
        self.revise(circles={"inner": ["Cam sites"]})
        self.assertEqual(newest_version(self.client_record).number, 2)  # type: ignore[union-attr]
        self.assertIsNone(current_agreed_version(self.client_record))
        self.assertEqual(inner_circle(self.client_record), ["Cam sites"])

    def test_it_keeps_to_the_agreed_version_while_a_newer_one_waits_for_signatures(self) -> None:
        self.agree(self.start())
        self.revise(circles={"inner": ["Cam sites"]})
        self.assertEqual(current_agreed_version(self.client_record).number, 1)  # type: ignore[union-attr]
        with self.assertNumQueries(2):
            self.assertEqual(inner_circle(self.client_record), INNER)

    def test_it_finds_the_newest_and_the_agreed_version_in_one_query(self) -> None:
        self.agree(self.start())
        self.revise(abstinence_days=60)
        with self.assertNumQueries(1):
            newest, agreed = newest_and_agreed(self.client_record)
        self.assertEqual((newest.number, agreed.number), (2, 1))  # type: ignore[union-attr]

    def test_it_never_mixes_up_two_clients_plans(self) -> None:
        self.agree(self.start())
        self.start(self.bo_record.user, self.bo_record, circles={"inner": ["Hook-up apps"]})
        self.assertEqual(inner_circle(self.bo_record), ["Hook-up apps"])
        self.assertIsNone(current_agreed_version(self.bo_record))


class EncryptionTest(PlanTestCase):
    def test_it_keeps_no_plain_text_of_the_plan_in_the_database(self) -> None:
        version = self.start(breach_definition="Anything on the laptop after midnight")
        with connection.cursor() as cursor:
            cursor.execute("SELECT breach_definition FROM plan_planversion WHERE id = %s", [version.pk])
            [(breach,)] = cursor.fetchall()
            cursor.execute("SELECT text FROM plan_circleitem")
            items = [row[0] for row in cursor.fetchall()]
        self.assertNotIn("laptop", breach)
        self.assertTrue(breach.startswith("k1$"))
        self.assertEqual(len(items), 8)
        for raw in items:
            self.assertTrue(raw.startswith("k1$"))
            self.assertFalse(any(text in raw for text in INNER))
        self.assertEqual(PlanVersion.objects.get().breach_definition, "Anything on the laptop after midnight")
        self.assertIn("Cam sites", [item.text for item in CircleItem.objects.all()])


class HomeCardTest(PlanTestCase):
    def home(self) -> str:
        self.login(self.alex)
        with time_machine.travel(MARCH_25, tick=False):
            response = self.client.get(reverse("home"))
        return response.content.decode()

    def test_it_invites_a_client_without_a_plan_to_make_one_with_their_therapist(self) -> None:
        self.assertIn("Make your plan with your therapist", self.home())

    def test_it_shows_the_day_of_the_agreed_plan(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.agree(self.start(abstinence_starts_on=date(2025, 3, 3)))
        page = self.home()
        self.assertIn("<strong>Day 23 of 90</strong> · until 31 May", page)
        self.assertIn(reverse("plan"), page)
        self.assertNotIn("waiting to be signed", page)

    def test_it_says_a_new_version_is_waiting(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.agree(self.start(abstinence_starts_on=date(2025, 3, 3)))
            self.revise(abstinence_days=60)
        page = self.home()
        self.assertIn("<strong>Day 23 of 90</strong> · until 31 May", page)
        self.assertIn("A new version is ready for you to sign.", page)

    def test_it_runs_the_same_number_of_queries_for_one_version_or_ten(self) -> None:
        self.agree(self.start())
        one = self.count_queries()
        for days in range(60, 69):
            self.revise(abstinence_days=days)
        self.assertEqual(self.count_queries(), one)

    def count_queries(self) -> int:
        self.login(self.alex)
        self.client.get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("home"))
        return len(queries)


class ExportTest(PlanTestCase):
    def test_it_exports_every_version_with_its_circles(self) -> None:
        self.agree(self.start())
        self.revise(self.therapist, circles={"inner": [*INNER, "Dating apps"]}, change_note="After our session")
        self.login(self.alex)
        data = json.loads(self.client.post(reverse("privacy_export")).content)
        first, second = data["recovery_plan"]
        self.assertEqual(first["version"], 1)
        self.assertEqual(first["circles"]["inner"], INNER)
        self.assertEqual(first["therapist"], "Dr Tan")
        self.assertIsNotNone(first["client_signed"])
        self.assertEqual(second["circles"]["inner"], [*INNER, "Dating apps"])
        self.assertEqual((second["created_by"], second["change_note"]), ("Dr Tan", "After our session"))
        self.assertIsNone(second["therapist_signed"])

    def test_it_exports_an_empty_list_without_a_plan(self) -> None:
        self.login(self.alex)
        data = json.loads(self.client.post(reverse("privacy_export")).content)
        self.assertEqual(data["recovery_plan"], [])


class DemoPlansTest(TestCase):
    def test_it_gives_four_demo_clients_an_agreed_plan_that_grew_over_versions(self) -> None:
        call_command("load_demo", stdout=StringIO())
        for name in ("Jordan", "Sam", "Ravi", "Lin"):
            client = Client.objects.get(user__display_name=name)
            agreed = current_agreed_version(client)
            newest = newest_version(client)
            self.assertIsNotNone(agreed, name)
            self.assertIn(newest.number, (2, 3), name)  # type: ignore[union-attr]
            self.assertTrue(inner_circle(client), name)
        self.assertIsNone(newest_version(Client.objects.get(user__display_name="Alex")))
        jordan = Client.objects.get(user__display_name="Jordan")
        self.assertIn("Watching pornography", inner_circle(jordan))
        self.assertFalse(newest_version(jordan).is_agreed)  # type: ignore[union-attr]
