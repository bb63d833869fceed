import uuid
from datetime import UTC, date, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from plan.models import PlanVersion
from plan.tests.support import INNER, PlanTestCase

MARCH_3 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
MARCH_25 = datetime(2025, 3, 25, 2, 0, tzinfo=UTC)


class TherapistPlanPageTest(PlanTestCase):
    def url(self, name: str = "client_plan", client_id: uuid.UUID | None = None) -> str:
        return reverse(name, args=[client_id or self.client_record.public_id])

    def view(self) -> str:
        self.login(self.therapist)
        with time_machine.travel(MARCH_25, tick=False):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_hides_the_plan_from_everyone_but_the_treating_therapist(self) -> None:
        self.start()
        for person in (self.other_therapist, self.outsider, self.supporter, self.admin, self.alex):
            self.login(person)
            self.assertEqual(self.client.get(self.url()).status_code, 404, person.name)
        self.login(self.therapist)
        self.assertEqual(self.client.get(self.url(client_id=self.bo_record.public_id)).status_code, 404)
        self.assertEqual(self.client.get(self.url(client_id=uuid.uuid4())).status_code, 404)

    def test_it_shows_the_plan_and_its_history_and_audits_the_read(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.agree(self.start(abstinence_starts_on=date(2025, 3, 3)))
            self.revise(circles={"inner": [*INNER, "Dating apps"]}, change_note="Added after a hard week")
        page = self.view()
        self.assertIn("Alex: recovery plan", page)
        self.assertIn("<strong>Day 23</strong> of 90", page)
        self.assertIn("Inner circle: Dating apps", page)
        self.assertIn("Added after a hard week", page)
        self.assertIn("Version 2, changed by Alex on 3 March.", page)
        self.assertIn("Sign as therapist", page)
        event = AuditEvent.objects.get(what="plan.view")
        self.assertEqual((event.actor_ref, event.client_ref), (self.therapist.public_id, self.client_record.public_id))
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("privacy_access_log")), "Looked at your recovery plan")

    def test_it_words_the_agreement_for_the_therapist(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.agree(self.start())
        self.assertIn("Agreed by Alex and you on 3 March.", self.view())

    def test_it_offers_to_draft_a_plan_when_there_is_none(self) -> None:
        page = self.view()
        self.assertIn("No plan yet", page)
        self.assertIn(self.url("client_plan_edit"), page)

    def test_it_lets_the_therapist_draft_and_sign_the_plan(self) -> None:
        self.login(self.therapist)
        data = {
            "abstinence_starts_on": self.client.get(self.url("client_plan_edit"))
            .context["form"]
            .initial["abstinence_starts_on"],
            "abstinence_days": "60",
            "inner": "Cam sites",
            "middle": "",
            "outer": "Morning run",
        }
        self.assertRedirects(self.client.post(self.url("client_plan_edit"), data), self.url())
        version = PlanVersion.objects.get()
        self.assertEqual(version.created_by, self.therapist)
        sign = reverse("client_plan_sign", args=[self.client_record.public_id, version.public_id])
        self.assertContains(self.client.post(sign, follow=True), "Signed. Thank you.")
        version.refresh_from_db()
        self.assertEqual(version.therapist_signed_by, self.therapist)
        self.assertIsNone(version.client_signed_at)

    def test_it_says_when_the_signature_makes_the_plan_agreed(self) -> None:
        version = self.start()
        self.agree(version)
        second = self.revise(abstinence_days=60)
        self.login(self.alex)
        self.client.post(reverse("plan_sign", args=[second.public_id]))
        self.login(self.therapist)
        sign = reverse("client_plan_sign", args=[self.client_record.public_id, second.public_id])
        self.assertContains(self.client.post(sign, follow=True), "Signed. The plan is agreed.")

    def test_it_refuses_to_sign_another_clients_plan_through_this_client(self) -> None:
        bos = self.start(self.bo_record.user, self.bo_record)
        self.login(self.therapist)
        sign = reverse("client_plan_sign", args=[self.client_record.public_id, bos.public_id])
        self.assertEqual(self.client.post(sign).status_code, 404)
        self.login(self.other_therapist)
        sign = reverse("client_plan_sign", args=[self.client_record.public_id, bos.public_id])
        self.assertEqual(self.client.post(sign).status_code, 404)
        bos.refresh_from_db()
        self.assertIsNone(bos.therapist_signed_at)

    def test_it_links_to_the_plan_from_the_client_record(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.start(abstinence_starts_on=date(2025, 3, 3))
        self.login(self.therapist)
        with time_machine.travel(MARCH_25, tick=False):
            response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, self.url())
        self.assertContains(response, "Waiting for you")
        self.assertContains(response, "day 23 of 90")

    def test_it_runs_the_same_number_of_queries_for_one_version_or_ten(self) -> None:
        self.agree(self.start())
        one = self.count_queries()
        for days in range(60, 69):
            self.agree(self.revise(abstinence_days=days, circles={"outer": [f"Walk {days}"]}))
        self.assertEqual(PlanVersion.objects.count(), 10)
        self.assertEqual(self.count_queries(), one)

    def count_queries(self) -> int:
        self.login(self.therapist)
        self.client.get(self.url())  # the first request after signing in also settles the session
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        return len(queries)
