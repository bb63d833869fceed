from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from caseload.actions import do_discharge
from goals.actions import do_add_goal, do_add_step, do_change_goal, do_review_goal, do_tick_step
from goals.models import Goal, GoalStatus, Review, Step
from lib.testing import WaymarkTestCase


class GoalActionTests(WaymarkTestCase):
    def goal(self) -> Goal:
        return do_add_goal(self.alex, self.client_record, "relationships", "Rebuild trust with my sister")

    def test_it_adds_a_goal_with_a_first_step_for_alex_or_his_therapist(self) -> None:
        mine = do_add_goal(self.alex, self.client_record, "self_care", "  Asleep by 11 ", first_step="Phone away")
        theirs = do_add_goal(self.therapist, self.client_record, "trauma", "Start trauma therapy")
        self.assertEqual((mine.title, mine.status, mine.created_by), ("Asleep by 11", GoalStatus.ACTIVE, self.alex))
        self.assertEqual([s.text for s in mine.steps.all()], ["Phone away"])
        self.assertEqual(theirs.created_by, self.therapist)
        self.assertEqual(AuditEvent.objects.filter(what="goals.add").count(), 2)

    def test_it_lets_only_alex_and_his_therapist_write(self) -> None:
        goal = self.goal()
        step = do_add_step(self.alex, goal, "Call her on Sunday")
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider, self.bo_record.user):
            with self.subTest(person=person.name):
                with self.assertRaises(PermissionDenied):
                    do_add_goal(person, self.client_record, "meaning", "Theirs")
                with self.assertRaises(PermissionDenied):
                    do_add_step(person, goal, "Theirs")
                with self.assertRaises(PermissionDenied):
                    do_tick_step(person, step, True)
                with self.assertRaises(PermissionDenied):
                    do_review_goal(person, goal, 5)
        self.assertEqual((Goal.objects.count(), Step.objects.count(), Review.objects.count()), (1, 1, 0))
        self.assertIsNone(Step.objects.get().done_at)

    def test_it_refuses_a_blank_or_too_long_title_an_unknown_area_and_a_wild_date(self) -> None:
        for kwargs in (
            {"domain": "relationships", "title": "   "},
            {"domain": "relationships", "title": "t" * 121},
            {"domain": "astrology", "title": "Stars"},
            {"domain": "meaning", "title": "Ok", "description": "d" * 1001},
            {"domain": "meaning", "title": "Ok", "first_step": "s" * 301},
            {"domain": "meaning", "title": "Ok", "target_date": timezone.localdate() + timedelta(days=365 * 6)},
            {"domain": "meaning", "title": "Ok", "target_date": timezone.localdate() - timedelta(days=2)},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                do_add_goal(self.alex, self.client_record, **kwargs)
        self.assertFalse(Goal.objects.exists())

    def test_it_ticks_a_step_once_and_can_untick_it(self) -> None:
        step = do_add_step(self.alex, self.goal(), "Call her on Sunday")
        do_tick_step(self.alex, step, True)
        do_tick_step(self.therapist, step, True)
        self.assertEqual(AuditEvent.objects.filter(what="goals.step.tick").count(), 1)
        self.assertTrue(Step.objects.get().is_done)
        do_tick_step(self.alex, step, False)
        self.assertFalse(Step.objects.get().is_done)

    def test_it_keeps_steps_in_the_order_written_and_refuses_an_empty_one(self) -> None:
        goal = self.goal()
        for text in ("First", "Second", "Third"):
            do_add_step(self.alex, goal, text)
        with self.assertRaises(ValidationError):
            do_add_step(self.alex, goal, "  ")
        with self.assertRaises(ValidationError):
            do_add_step(self.alex, goal, "s" * 301)
        self.assertEqual([s.text for s in goal.steps.all()], ["First", "Second", "Third"])

    def test_it_takes_reviews_from_zero_to_ten_only(self) -> None:
        goal = self.goal()
        for progress in (-1, 11):
            with self.assertRaises(ValidationError):
                do_review_goal(self.alex, goal, progress)
        with self.assertRaises(ValidationError):
            do_review_goal(self.alex, goal, 5, "n" * 1001)
        do_review_goal(self.alex, goal, 0)
        do_review_goal(self.therapist, goal, 10, "Fully there.")
        self.assertEqual(list(goal.reviews.values_list("progress", flat=True)), [10, 0])

    def test_it_marks_a_goal_achieved_and_refuses_an_unknown_status(self) -> None:
        goal = self.goal()
        with self.assertRaises(ValidationError):
            do_change_goal(
                self.alex,
                goal,
                status="abandoned",
                domain=goal.domain,
                title=goal.title,
                description="",
                target_date=None,
            )
        do_change_goal(
            self.therapist,
            goal,
            status=GoalStatus.ACHIEVED,
            domain=goal.domain,
            title=goal.title,
            description="",
            target_date=None,
        )
        self.assertEqual(Goal.objects.get().status, GoalStatus.ACHIEVED)

    def test_it_stops_the_therapist_writing_once_alex_is_discharged(self) -> None:
        goal = self.goal()
        do_discharge(self.therapist, self.client_record, "Finished.")
        with self.assertRaises(ValidationError):
            do_review_goal(self.therapist, goal, 7)
        self.assertFalse(Review.objects.exists())

    def test_it_keeps_the_words_encrypted_and_out_of_the_audit_log(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "relationships", "Amends to Jo", "Write the letter")
        do_review_goal(self.alex, goal, 3, "Drafted it")
        with connection.cursor() as cursor:
            cursor.execute("SELECT title, description FROM goals_goal")
            title, description = cursor.fetchone()
            cursor.execute("SELECT note FROM goals_review")
            (note,) = cursor.fetchone()
        # Whole phrases: a short word could turn up in random ciphertext by chance.
        self.assertNotIn("Amends to Jo", title)
        self.assertNotIn("Write the letter", description)
        self.assertNotIn("Drafted it", note)
        self.assertNotIn("Amends to Jo", str(list(AuditEvent.objects.values())))
