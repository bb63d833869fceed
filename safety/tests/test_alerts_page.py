from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from lib.testing import WaymarkTestCase, make_client
from safety.models import AlertSeverity, RiskAlert
from safety.tests.support import ACUTE_ASQ, make_alert, submit


class AlertsPageTest(WaymarkTestCase):
    def test_it_lists_act_now_first_then_oldest_first_in_plain_words(self) -> None:
        make_alert(self.client_record, AlertSeverity.URGENT, minutes_ago=30)
        cy = make_client(self.practice, "cy@example.com", "Cy", self.therapist)
        make_alert(cy, AlertSeverity.CRITICAL, minutes_ago=5)
        make_alert(self.client_record, AlertSeverity.CRITICAL, minutes_ago=20)
        self.login(self.therapist)
        response = self.client.get(reverse("alerts"))
        waiting = [(a.client.name, a.severity) for a in response.context["waiting"]]
        self.assertEqual(waiting, [("Alex", "critical"), ("Cy", "critical"), ("Alex", "urgent")])
        self.assertContains(response, "Act now", count=2)
        self.assertContains(response, "Today", count=1)
        self.assertContains(response, "ASQ: acute positive screen — imminent risk")
        self.assertContains(response, "ASQ: non-acute positive screen")

    def test_it_names_phq9_item_9_in_words(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "phq9", {f"q{n}": 0 for n in range(1, 9)} | {"q9": 1, "q10": 0})
        self.login(self.therapist)
        response = self.client.get(reverse("alerts"))
        self.assertContains(
            response, "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0"
        )
        self.assertContains(response, "Today")

    def test_it_links_each_alert_to_the_answers_it_came_from(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            administration = submit(self.client_record, "asq", ACUTE_ASQ)
        self.login(self.therapist)
        response = self.client.get(reverse("alerts"))
        expected = reverse(
            "therapist_measures_result",
            kwargs={"client_id": self.client_record.public_id, "administration_id": administration.public_id},
        )
        self.assertContains(response, f'href="{expected}"')

    def test_it_prompts_a_review_of_the_clients_safety_plan_from_each_alert(self) -> None:
        make_alert(self.client_record, AlertSeverity.URGENT)
        self.login(self.therapist)
        plan_url = reverse("client_safety_plan", args=[self.client_record.public_id])
        link = f'<a href="{plan_url}">Review Alex\u2019s safety plan</a>'
        self.assertContains(self.client.get(reverse("alerts")), link, html=True)
        self.assertEqual(self.client.get(plan_url).status_code, 200)

    def test_it_shows_recently_acknowledged_alerts_after_the_waiting_ones(self) -> None:
        old = make_alert(self.client_record, minutes_ago=90)
        old.acknowledged_at = timezone.now()
        old.acknowledged_by = self.therapist
        old.acknowledgement_note = "Called Alex; safety plan reviewed."
        old.save()
        make_alert(self.client_record, AlertSeverity.URGENT)
        self.login(self.therapist)
        response = self.client.get(reverse("alerts"))
        self.assertEqual([a.pk for a in response.context["done"]], [old.pk])
        self.assertContains(response, "Called Alex; safety plan reviewed.")
        self.assertContains(response, "Acknowledged</strong> by you")

    def test_it_shows_another_therapists_client_to_nobody_else(self) -> None:
        make_alert(self.bo_record)
        self.login(self.therapist)
        response = self.client.get(reverse("alerts"))
        self.assertEqual(response.context["waiting"], [])
        self.assertContains(response, "Nothing is waiting for you.")

    def test_it_runs_the_same_number_of_queries_for_one_alert_or_twenty(self) -> None:
        self.login(self.therapist)
        make_alert(self.client_record)
        self.client.get(reverse("alerts"))  # the first request of a session does some one-off writes
        with CaptureQueriesContext(connection) as one:
            self.client.get(reverse("alerts"))
        for n in range(19):
            client = make_client(self.practice, f"c{n}@example.com", f"Client {n}", self.therapist)
            alert = make_alert(client, AlertSeverity.URGENT if n % 2 else AlertSeverity.CRITICAL, minutes_ago=n)
            if n % 3 == 0:
                alert.acknowledged_at = timezone.now()
                alert.acknowledged_by = self.therapist
                alert.acknowledgement_note = "Called."
                alert.save()
        with self.assertNumQueries(len(one)):
            response = self.client.get(reverse("alerts"))
        self.assertEqual(len(response.context["waiting"]) + len(response.context["done"]), 20)


class BannerTest(WaymarkTestCase):
    def test_it_tells_the_therapist_how_many_alerts_need_them(self) -> None:
        make_alert(self.client_record, AlertSeverity.CRITICAL)
        make_alert(self.client_record, AlertSeverity.URGENT)
        make_alert(self.bo_record, AlertSeverity.CRITICAL)
        self.login(self.therapist)
        response = self.client.get(reverse("caseload"))
        self.assertContains(response, "2 alerts need you</strong> — 1 act now")
        self.assertContains(response, f'href="{reverse("alerts")}"')

    def test_it_says_needs_for_one_alert_and_leaves_out_act_now_when_none_is_critical(self) -> None:
        make_alert(self.client_record, AlertSeverity.URGENT)
        self.login(self.therapist)
        response = self.client.get(reverse("caseload"))
        self.assertContains(response, "1 alert needs you</strong>")
        self.assertNotContains(response, "act now")

    def test_it_is_not_there_when_nothing_is_waiting(self) -> None:
        alert = make_alert(self.client_record)
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = self.therapist
        alert.save()
        self.login(self.therapist)
        self.assertNotContains(self.client.get(reverse("caseload")), "need you")

    def test_it_costs_the_same_queries_whatever_the_number_of_alerts(self) -> None:
        self.login(self.therapist)
        make_alert(self.client_record)
        self.client.get(reverse("caseload"))
        with CaptureQueriesContext(connection) as one:
            self.client.get(reverse("caseload"))
        for _ in range(20):
            make_alert(self.client_record, AlertSeverity.URGENT)
        with self.assertNumQueries(len(one)):
            self.assertContains(self.client.get(reverse("caseload")), "21 alerts need you")


class AlertPageTest(WaymarkTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alert = make_alert(self.client_record)
        self.url = reverse("alert", args=[self.alert.public_id])
        self.ack_url = reverse("alert_acknowledge", args=[self.alert.public_id])

    def acknowledge(self, user: User, note: str = "Called Alex, safety plan reviewed.") -> Any:
        self.login(user)
        return self.client.post(self.ack_url, {"note": note})

    def test_it_shows_the_treating_therapist_the_alert_and_audits_the_read(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url)
        self.assertContains(response, "Alert for Alex")
        self.assertContains(response, "Act now")
        plan_url = reverse("client_safety_plan", args=[self.client_record.public_id])
        self.assertContains(response, f'<a href="{plan_url}">Review Alex\u2019s safety plan</a>', html=True)
        self.assertTrue(
            AuditEvent.objects.filter(
                what="risk_alert.read", actor_ref=self.therapist.public_id, target_ref=str(self.alert.public_id)
            ).exists()
        )

    def test_it_records_what_the_therapist_did(self) -> None:
        response = self.acknowledge(self.therapist)
        self.assertRedirects(response, reverse("alerts"), fetch_redirect_response=False)
        self.alert.refresh_from_db()
        self.assertEqual(self.alert.acknowledged_by, self.therapist)
        self.assertEqual(self.alert.acknowledgement_note, "Called Alex, safety plan reviewed.")
        self.assertTrue(AuditEvent.objects.filter(what="risk_alert.acknowledge").exists())
        page = self.client.get(reverse("alerts"))
        self.assertContains(page, "acknowledged. Thank you.")
        self.assertNotContains(self.client.get(reverse("caseload")), "need you")

    def test_it_keeps_the_note_encrypted_in_the_database(self) -> None:
        self.acknowledge(self.therapist)
        with connection.cursor() as cursor:
            cursor.execute("SELECT acknowledgement_note FROM safety_riskalert WHERE id = %s", [self.alert.pk])
            stored = cursor.fetchone()[0]
        self.assertNotIn("safety plan", stored)

    def test_it_asks_for_a_note(self) -> None:
        response = self.acknowledge(self.therapist, note="   ")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Say briefly what you did", status_code=400)
        self.alert.refresh_from_db()
        self.assertIsNone(self.alert.acknowledged_at)

    def test_it_changes_nothing_when_acknowledged_twice(self) -> None:
        self.acknowledge(self.therapist)
        first = RiskAlert.objects.get(pk=self.alert.pk)
        response = self.acknowledge(self.therapist, note="Something else")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.url), "You already acknowledged this alert, so nothing was changed.")
        self.alert.refresh_from_db()
        self.assertEqual(self.alert.acknowledged_at, first.acknowledged_at)
        self.assertEqual(self.alert.acknowledgement_note, "Called Alex, safety plan reviewed.")
        self.assertEqual(AuditEvent.objects.filter(what="risk_alert.acknowledge").count(), 1)

    def test_it_is_not_found_for_anyone_but_the_treating_therapist(self) -> None:
        for person in (self.other_therapist, self.supporter, self.admin, self.alex, self.outsider):
            with self.subTest(person=person.name):
                self.login(person)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.ack_url, {"note": "Seen"}).status_code, 404)
        self.alert.refresh_from_db()
        self.assertIsNone(self.alert.acknowledged_at)

    def test_the_clinical_lead_sees_it_only_once_it_is_escalated_to_them(self) -> None:
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("caseload")), "need you")

        self.alert.escalated_at = timezone.now()
        self.alert.escalated_to = self.other_therapist
        self.alert.save()
        self.assertContains(self.client.get(reverse("caseload")), "1 alert needs you")
        page = self.client.get(self.url)
        self.assertContains(page, "You see this as the practice\u2019s clinical lead")
        self.assertContains(page, "Dr Tan treats Alex")
        # The lead reads the alert, not Alex's record or safety plan.
        self.assertNotContains(page, reverse("client_record", args=[self.client_record.public_id]))
        self.assertNotContains(page, reverse("client_safety_plan", args=[self.client_record.public_id]))
        self.assertEqual(
            self.client.get(reverse("client_record", args=[self.client_record.public_id])).status_code, 404
        )
        response = self.acknowledge(self.other_therapist, note="Reached Alex by phone; Dr Tan informed.")
        self.assertRedirects(response, reverse("alerts"))
        self.alert.refresh_from_db()
        self.assertEqual(self.alert.acknowledged_by, self.other_therapist)

    def test_an_escalated_alert_stays_hidden_from_a_lead_of_another_practice(self) -> None:
        self.alert.escalated_at = timezone.now()
        self.alert.escalated_to = self.outsider
        self.alert.save()
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_follows_the_client_to_their_new_therapist(self) -> None:
        from caseload.actions import do_transfer_client

        do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Handover note.")
        self.login(self.therapist)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_an_overdue_alert_says_so(self) -> None:
        self.alert.acknowledge_by = timezone.now() - timedelta(minutes=1)
        self.alert.save()
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url), "(overdue)")
