from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from goals.actions import do_add_goal, do_add_step, do_review_goal, do_tick_step
from goals.models import Goal, GoalStatus, Review, Step
from lib.testing import WaymarkTestCase


class ClientPageTests(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_invites_alex_to_set_a_first_goal(self) -> None:
        response = self.client.get(reverse("goals"))
        self.assertContains(response, "<h1>Your goals</h1>", html=True)
        self.assertContains(response, "Relationship repair and amends")
        self.assertContains(response, f'href="{reverse("goals_new")}"')

    def test_it_adds_a_goal_with_a_first_step_and_opens_it(self) -> None:
        response = self.client.post(
            reverse("goals_new"),
            {"domain": "self_care", "title": "Asleep by 11", "first_step": "Phone in the kitchen"},
        )
        goal = Goal.objects.get()
        self.assertRedirects(response, reverse("goal", args=[goal.public_id]))
        page = self.client.get(reverse("goal", args=[goal.public_id]))
        self.assertContains(page, "Asleep by 11")
        self.assertContains(page, "Phone in the kitchen")
        self.assertContains(page, "Self-care and natural rewards")

    def test_it_explains_what_is_missing_or_too_long_and_saves_nothing(self) -> None:
        for data, words in [
            ({"title": "No area"}, "Choose the area this goal belongs to"),
            ({"domain": "self_care"}, "Give the goal a name"),
            ({"domain": "astrology", "title": "x"}, "Choose one of the six areas"),
            ({"domain": "meaning", "title": "t" * 121}, "at most 120 characters"),
        ]:
            with self.subTest(data=data):
                self.assertContains(self.client.post(reverse("goals_new"), data), words, status_code=400)
        self.assertFalse(Goal.objects.exists())

    def test_it_ticks_a_step_and_returns_only_the_steps_to_htmx(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "meaning", "Volunteer", first_step="List three places")
        step = goal.steps.get()
        tick = reverse("goal_step_tick", args=[goal.public_id, step.public_id])
        response = self.client.post(tick, {"done": "1"}, headers={"HX-Request": "true"})
        self.assertContains(response, 'aria-pressed="true"')
        self.assertNotContains(response, "<html")
        self.assertTrue(Step.objects.get().is_done)
        response = self.client.post(tick, {"done": "0"})
        self.assertRedirects(response, reverse("goal", args=[goal.public_id]) + "#steps")
        self.assertFalse(Step.objects.get().is_done)

    def test_it_adds_a_step_and_a_review(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "social", "One plan a week")
        self.client.post(reverse("goal_step_add", args=[goal.public_id]), {"text": "Coffee after the meeting"})
        self.client.post(reverse("goal_review", args=[goal.public_id]), {"progress": "4", "note": "A start."})
        page = self.client.get(reverse("goal", args=[goal.public_id]))
        self.assertContains(page, "Coffee after the meeting")
        self.assertContains(page, "<strong>4/10</strong>", html=True)
        self.assertContains(self.client.get(reverse("goals")), "last review 4/10")

    def test_it_refuses_a_review_out_of_range_or_a_blank_step(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "social", "One plan a week")
        response = self.client.post(reverse("goal_review", args=[goal.public_id]), {"progress": "11"})
        self.assertContains(response, "Choose a number from 0 to 10", status_code=400)
        response = self.client.post(reverse("goal_step_add", args=[goal.public_id]), {"text": ""})
        self.assertContains(response, "Write the step", status_code=400)
        self.assertFalse(Review.objects.exists() or Step.objects.exists())

    def test_it_answers_404_for_a_goal_or_step_of_someone_else(self) -> None:
        bos = do_add_goal(self.bo_record.user, self.bo_record, "meaning", "Bo's goal", first_step="Bo's step")
        mine = do_add_goal(self.alex, self.client_record, "meaning", "Mine")
        bo_step = bos.steps.get()
        self.assertEqual(self.client.get(reverse("goal", args=[bos.public_id])).status_code, 404)
        self.assertEqual(self.client.get(reverse("goal_edit", args=[bos.public_id])).status_code, 404)
        for url, data in [
            (reverse("goal_step_add", args=[bos.public_id]), {"text": "x"}),
            (reverse("goal_review", args=[bos.public_id]), {"progress": "5"}),
            (reverse("goal_step_tick", args=[bos.public_id, bo_step.public_id]), {"done": "1"}),
            (reverse("goal_step_tick", args=[mine.public_id, bo_step.public_id]), {"done": "1"}),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual((Step.objects.count(), Review.objects.count()), (1, 0))
        self.assertIsNone(Step.objects.get().done_at)

    def test_it_marks_a_goal_achieved(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "internet", "Screen-free evenings")
        data = {"status": "achieved", "domain": "internet", "title": "Screen-free evenings", "description": ""}
        self.client.post(reverse("goal_edit", args=[goal.public_id]), data)
        self.assertEqual(Goal.objects.get().status, GoalStatus.ACHIEVED)
        self.assertContains(self.client.get(reverse("goals")), "Achieved and set aside (1)")

    def test_it_lists_goals_in_the_same_number_of_queries_however_many(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.client.get(reverse("goals"))
            return len(captured)

        goal = do_add_goal(self.alex, self.client_record, "meaning", "First", first_step="One")
        do_review_goal(self.alex, goal, 2)
        count()  # the first request of a session writes to it
        short = count()
        for n in range(8):
            goal = do_add_goal(self.alex, self.client_record, "social", f"Goal {n}")
            for m in range(4):
                do_tick_step(self.alex, do_add_step(self.alex, goal, f"Step {m}"), True)
                do_review_goal(self.therapist, goal, m)
        self.assertEqual(count(), short)


class TherapistPageTests(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.therapist)
        self.goal = do_add_goal(self.alex, self.client_record, "relationships", "Rebuild trust", first_step="Call")

    def test_it_shows_alexs_goals_and_audits_the_read(self) -> None:
        response = self.client.get(reverse("client_goals", args=[self.client_record.public_id]))
        self.assertContains(response, "<h1>Alex: goals</h1>", html=True)
        self.assertContains(response, reverse("client_goal", args=[self.client_record.public_id, self.goal.public_id]))
        self.assertTrue(AuditEvent.objects.filter(what="goals.view", client_ref=self.client_record.public_id).exists())

    def test_it_reviews_a_goal_on_alexs_record_and_he_sees_it(self) -> None:
        url = reverse("client_goal_review", args=[self.client_record.public_id, self.goal.public_id])
        response = self.client.post(url, {"progress": "6", "note": "Good steps."})
        self.assertRedirects(
            response, reverse("client_goal", args=[self.client_record.public_id, self.goal.public_id]) + "#reviews"
        )
        self.login(self.alex)
        page = self.client.get(reverse("goal", args=[self.goal.public_id]))
        self.assertContains(page, "Dr Tan")
        self.assertContains(page, "Good steps.")

    def test_it_shows_the_goals_card_on_the_client_record(self) -> None:
        do_review_goal(self.alex, self.goal, 3)
        response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, 'id="goals-card"')
        self.assertContains(response, "1 in progress")
        self.assertContains(response, "(relationship repair and amends, 3/10)")

    def test_it_answers_404_for_another_therapists_client_or_a_goal_of_theirs(self) -> None:
        bos = do_add_goal(self.bo_record.user, self.bo_record, "meaning", "Bo's goal")
        self.assertEqual(self.client.get(reverse("client_goals", args=[self.bo_record.public_id])).status_code, 404)
        forged = reverse("client_goal", args=[self.client_record.public_id, bos.public_id])
        self.assertEqual(self.client.get(forged).status_code, 404)
        review = reverse("client_goal_review", args=[self.client_record.public_id, bos.public_id])
        self.assertEqual(self.client.post(review, {"progress": "5"}).status_code, 404)
        self.assertFalse(Review.objects.exists())


class HomeCardTests(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_stays_quiet_before_stage_4_until_there_are_goals(self) -> None:
        self.assertNotContains(self.client.get(reverse("home")), 'id="goals-home"')
        do_add_goal(self.alex, self.client_record, "self_care", "Walks", first_step="Sunday walk")
        response = self.client.get(reverse("home"))
        self.assertContains(response, "1 goal you are working on")
        self.assertContains(response, "0 of 1 steps done")

    def test_it_invites_a_first_goal_in_stage_4(self) -> None:
        type(self.client_record).objects.filter(pk=self.client_record.pk).update(stage=4)
        self.assertContains(self.client.get(reverse("home")), "Set a first goal")
