"""The safety plan: the client's pages, the therapist's page, the crisis page's link, and what is stored."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from lib.testing import WaymarkTestCase
from safety.models import SafetyPlan
from safety.plan_actions import do_mark_safety_plan_reviewed, do_save_safety_plan

STEPS = {
    "warning_signs": "Lying awake past 3 am",
    "people": "My sister Jo 9123 4567\nMy neighbour",
}


class SafetyPlanActionTest(WaymarkTestCase):
    def test_it_saves_the_steps_one_item_per_line_and_audits_it(self) -> None:
        plan = do_save_safety_plan(self.alex, self.client_record, {"coping": "  Walk \n\n Tea  \n"})
        self.assertEqual(plan.coping, "Walk\nTea")
        self.assertTrue(AuditEvent.objects.filter(what="safety_plan.save", client_ref=self.client_record.public_id))

    def test_it_lets_the_treating_therapist_write_but_not_another(self) -> None:
        do_save_safety_plan(self.therapist, self.client_record, STEPS)
        with self.assertRaises(PermissionDenied):
            do_save_safety_plan(self.other_therapist, self.client_record, {"coping": "Walk"})
        with self.assertRaises(PermissionDenied):
            do_save_safety_plan(self.supporter, self.client_record, {"coping": "Walk"})
        self.assertEqual(SafetyPlan.objects.get(client=self.client_record).coping, "")

    def test_it_refuses_a_step_that_is_too_long(self) -> None:
        with self.assertRaises(ValidationError):
            do_save_safety_plan(self.alex, self.client_record, {"coping": "x" * 2_001})
        self.assertFalse(SafetyPlan.objects.exists())

    def test_it_keeps_the_steps_encrypted_at_rest(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, STEPS)
        with connection.cursor() as cursor:
            cursor.execute("SELECT warning_signs, people FROM safety_safetyplan")
            raw = " ".join(cursor.fetchone())
        self.assertNotIn("Lying awake", raw)
        self.assertNotIn("9123", raw)

    def test_it_lets_only_the_treating_therapist_mark_it_reviewed(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, STEPS)
        with self.assertRaises(PermissionDenied):
            do_mark_safety_plan_reviewed(self.alex, self.client_record)
        plan = do_mark_safety_plan_reviewed(self.therapist, self.client_record)
        self.assertTrue(plan.reviewed_since_change)
        do_save_safety_plan(self.alex, self.client_record, {"coping": "Walk"})
        self.assertFalse(SafetyPlan.objects.get(client=self.client_record).reviewed_since_change)


class ClientSafetyPlanPageTest(WaymarkTestCase):
    def test_it_shows_the_steps_with_tappable_numbers_and_the_practices_lines(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, STEPS)
        self.login(self.alex)
        response = self.client.get(reverse("safety_plan"))
        self.assertContains(response, "My sister Jo 9123 4567")
        self.assertContains(response, 'href="tel:91234567"')
        line = self.practice.crisis_lines.first()
        assert line is not None
        self.assertContains(response, f'href="{line.tel_href}"')

    def test_it_offers_to_make_a_plan_when_there_is_none(self) -> None:
        self.login(self.alex)
        response = self.client.get(reverse("safety_plan"))
        self.assertContains(response, "Make your safety plan")

    def test_it_saves_the_plan_from_the_edit_page(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("safety_plan_edit"), {"coping": "Walk\r\nTea"})
        self.assertRedirects(response, reverse("safety_plan"))
        self.assertEqual(SafetyPlan.objects.get(client=self.client_record).coping, "Walk\nTea")

    def test_it_keeps_what_was_typed_when_a_step_is_too_long(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("safety_plan_edit"), {"coping": "Walk", "people": "x" * 2_001})
        self.assertContains(response, "2,000 characters", status_code=400)
        self.assertContains(response, "Walk", status_code=400)
        self.assertFalse(SafetyPlan.objects.exists())

    def test_it_runs_the_same_queries_however_long_the_plan(self) -> None:
        self.login(self.alex)
        do_save_safety_plan(self.alex, self.client_record, {"coping": "Walk"})
        with self.assertNumQueries(6):
            self.client.get(reverse("safety_plan"))
        do_save_safety_plan(self.alex, self.client_record, {name: "A line 9123 4567\n" * 50 for name in STEPS})
        with self.assertNumQueries(6):
            self.client.get(reverse("safety_plan"))


class TherapistSafetyPlanPageTest(WaymarkTestCase):
    def test_it_shows_the_plan_to_the_treating_therapist_and_audits_the_read(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, STEPS)
        self.login(self.therapist)
        response = self.client.get(reverse("client_safety_plan", args=[self.client_record.public_id]))
        self.assertContains(response, "Lying awake past 3 am")
        self.assertTrue(AuditEvent.objects.filter(what="safety_plan.view", actor_ref=self.therapist.public_id))

    def test_it_gives_another_therapist_a_404(self) -> None:
        self.login(self.other_therapist)
        response = self.client.get(reverse("client_safety_plan", args=[self.client_record.public_id]))
        self.assertEqual(response.status_code, 404)

    def test_it_does_not_let_a_therapist_edit_another_therapists_client(self) -> None:
        self.login(self.therapist)
        response = self.client.post(reverse("client_safety_plan", args=[self.bo_record.public_id]), {"coping": "x"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(SafetyPlan.objects.exists())

    def test_it_marks_the_plan_reviewed(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, STEPS)
        self.login(self.therapist)
        url = reverse("client_safety_plan_reviewed", args=[self.client_record.public_id])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Marked as reviewed")
        self.assertContains(response, "reviewed with Dr Tan")


class CrisisPageLinkTest(WaymarkTestCase):
    def test_it_links_to_the_clients_plan_when_there_is_one(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, STEPS)
        self.login(self.alex)
        response = self.client.get(reverse("crisis"))
        self.assertContains(response, f'class="plan-link" href="{reverse("safety_plan")}"')
        self.assertNotContains(response, "If you have a safety plan")

    def test_it_offers_to_make_one_when_there_is_none(self) -> None:
        self.login(self.alex)
        response = self.client.get(reverse("crisis"))
        self.assertNotContains(response, "plan-link")
        self.assertContains(response, "If you have a safety plan")
        self.assertContains(response, reverse("safety_plan_edit"))

    def test_it_shows_no_plan_link_to_someone_signed_out(self) -> None:
        response = self.client.get(reverse("crisis"))
        self.assertNotContains(response, reverse("safety_plan_edit"))
        self.assertNotContains(response, "plan-link")
