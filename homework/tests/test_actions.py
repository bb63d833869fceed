"""Setting, taking off and completing tasks: who may, what is checked, what is stored and audited."""

from datetime import timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from caseload.actions import do_discharge
from caseload.models import Client
from caseload.triage import Flag, rows_for
from homework.actions import NewTask, do_assign_task, do_cancel_task, do_complete_task
from homework.models import Kind, Task
from learning import catalogue
from measures.actions import do_save_answer
from measures.models import Administration, Status
from measures.tests.support import add_unverified_instrument

from .support import NOW, TODAY, HomeworkCase


@time_machine.travel(NOW, tick=False)
class AssignTest(HomeworkCase):
    def test_it_sets_a_custom_task_encrypted_and_audited(self) -> None:
        task = self.set_task(title="A walk after lunch", instructions="Ten minutes is plenty.", due_in=3)
        task.refresh_from_db()
        self.assertEqual((task.kind, task.ref, task.title), (Kind.CUSTOM, "", "A walk after lunch"))
        self.assertEqual(
            (task.instructions, task.due_on, task.assigned_by),
            ("Ten minutes is plenty.", TODAY + timedelta(days=3), self.therapist),
        )
        self.assertTrue(task.is_open)
        stored = Task.objects.filter(pk=task.pk).values_list("title", flat=True).get()
        self.assertNotIn("walk", stored)
        event = AuditEvent.objects.get(what="homework.assign")
        self.assertEqual(event.target_ref, str(task.public_id))

    def test_it_names_a_reading_a_worksheet_and_a_plan_review_after_what_they_point_at(self) -> None:
        module = catalogue.modules()[0]
        reading = self.set_task(Kind.READING, module.slug, title="ignored")
        worksheet = self.set_task(Kind.WORKSHEET, "values")
        review = self.set_task(Kind.PLAN_REVIEW, "prevention-plan")
        self.assertEqual((reading.ref, reading.title), (module.slug, module.title))
        self.assertEqual(worksheet.title, "What matters to me")
        self.assertEqual(review.title, "My relapse-prevention plan")

    def test_it_makes_a_questionnaire_due_on_the_tasks_date(self) -> None:
        task = self.set_task(Kind.QUESTIONNAIRE, "gad7", due_in=7)
        self.assertEqual(task.title, "GAD-7: Generalized Anxiety Disorder scale")
        waiting = Administration.objects.open().get(client=self.client_record)
        self.assertEqual((waiting.instrument_id, waiting.due_on), ("gad7", TODAY + timedelta(days=7)))
        self.assertEqual(task.schedule, waiting.schedule)

    def test_it_makes_a_questionnaire_without_a_date_due_today_so_the_client_can_answer_it(self) -> None:
        self.set_task(Kind.QUESTIONNAIRE, "gad7")
        self.assertEqual(Administration.objects.open().get().due_on, TODAY)

    def test_it_does_not_flag_the_questionnaire_overdue_before_the_tasks_date(self) -> None:
        self.set_task(Kind.QUESTIONNAIRE, "gad7", due_in=7)
        with time_machine.travel(NOW + timedelta(days=2), tick=False):
            (row,) = rows_for(Client.objects.filter(pk=self.client_record.pk), self.practice)
        self.assertNotIn(Flag.OVERDUE, [badge.flag for badge in row.badges])

    def test_it_does_not_ask_a_questionnaire_twice_when_one_is_waiting(self) -> None:
        from measures.actions import do_schedule

        do_schedule(self.therapist, self.client_record, "phq9")
        task = self.set_task(Kind.QUESTIONNAIRE, "phq9")
        self.assertEqual(Administration.objects.open().filter(client=self.client_record).count(), 1)
        self.assertIsNone(task.schedule)  # not the task's to withdraw

    def test_it_refuses_forged_or_unknown_choices_and_stores_nothing(self) -> None:
        add_unverified_instrument(self.practice)
        for kind, ref, field in [
            (Kind.READING, "not-a-module", "module"),
            (Kind.QUESTIONNAIRE, "not-a-scale", "instrument"),
            (Kind.QUESTIONNAIRE, "pending-scale", "instrument"),  # wording not verified: not offered
            (Kind.WORKSHEET, "../admin", "worksheet"),
            (Kind.PLAN_REVIEW, "someone-elses-plan", "plan"),
            ("homework", "", "kind"),
        ]:
            with self.subTest(kind=kind, ref=ref), self.assertRaises(ValidationError) as caught:
                do_assign_task(self.therapist, self.client_record, NewTask(kind, ref))
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(Task.objects.exists())
        self.assertFalse(Administration.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(what="homework.assign").exists())

    def test_it_refuses_a_date_in_the_past_or_more_than_a_year_ahead(self) -> None:
        for due_in, words in [(-1, "today or a later date"), (366, "within the next 365 days")]:
            with self.subTest(due_in=due_in), self.assertRaisesMessage(ValidationError, words):
                self.set_task(due_in=due_in)
        self.assertEqual(self.set_task(due_in=0).due_on, TODAY)  # today, where Alex lives, is fine
        self.assertEqual(Task.objects.count(), 1)

    def test_it_refuses_a_custom_task_without_a_title_or_with_too_much_text(self) -> None:
        with self.assertRaisesMessage(ValidationError, "short title"):
            self.set_task(title="   ")
        with self.assertRaisesMessage(ValidationError, "2,000 characters or fewer"):
            self.set_task(instructions="x" * 2001)
        self.assertFalse(Task.objects.exists())

    def test_it_refuses_a_discharged_client(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaisesMessage(ValidationError, "Alex has been discharged; their record is read-only."):
            self.set_task()
        self.assertFalse(Task.objects.exists())

    def test_it_refuses_a_therapist_who_does_not_treat_the_client(self) -> None:
        for someone in (self.other_therapist, self.outsider, self.alex, self.supporter):
            with self.subTest(someone=someone.name), self.assertRaises(PermissionDenied):
                do_assign_task(someone, self.client_record, NewTask(Kind.CUSTOM, title="Anything"))
        self.assertFalse(Task.objects.exists())

    def test_it_refuses_a_second_open_task_for_the_same_worksheet(self) -> None:
        self.set_task(Kind.WORKSHEET, "narrative")
        with self.assertRaisesMessage(ValidationError, "“My story” is already on Alex's list."):
            self.set_task(Kind.WORKSHEET, "narrative")
        self.set_task(title="Same title twice")
        self.set_task(title="Same title twice")  # custom tasks may repeat
        self.assertEqual(Task.objects.count(), 3)


@time_machine.travel(NOW, tick=False)
class CancelTest(HomeworkCase):
    def test_it_takes_a_task_off_the_list_once(self) -> None:
        task = self.set_task()
        do_cancel_task(self.therapist, task)
        again = do_cancel_task(self.therapist, task)
        self.assertEqual(again.cancelled_at, NOW)
        self.assertFalse(Task.objects.open().exists())
        self.assertEqual(AuditEvent.objects.filter(what="homework.cancel").count(), 1)

    def test_it_keeps_a_done_task_on_the_record(self) -> None:
        task = self.done_task(note="Went well")
        with self.assertRaisesMessage(ValidationError, "already done"):
            do_cancel_task(self.therapist, task)
        task.refresh_from_db()
        self.assertIsNone(task.cancelled_at)

    def test_it_refuses_anyone_but_the_treating_therapist_and_a_discharged_record(self) -> None:
        task = self.set_task()
        with self.assertRaises(PermissionDenied):
            do_cancel_task(self.other_therapist, task)
        with self.assertRaises(PermissionDenied):
            do_cancel_task(self.alex, task)
        do_discharge(self.therapist, self.client_record, "")
        task.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "discharged"):
            do_cancel_task(self.therapist, task)
        self.assertFalse(AuditEvent.objects.filter(what="homework.cancel").exists())

    def test_it_withdraws_the_questionnaire_the_task_asked_for(self) -> None:
        task = self.set_task(Kind.QUESTIONNAIRE, "gad7", due_in=7)
        do_cancel_task(self.therapist, task)
        self.assertEqual(Administration.objects.get().status, Status.WITHDRAWN)
        self.assertFalse(Administration.objects.open().exists())
        self.assertTrue(AuditEvent.objects.filter(what="measures.schedule.end").exists())

    def test_it_leaves_a_questionnaire_the_client_has_started_so_they_can_still_send_it(self) -> None:
        task = self.set_task(Kind.QUESTIONNAIRE, "gad7")
        do_save_answer(self.alex, Administration.objects.get(), "q1", 1)
        do_cancel_task(self.therapist, task)
        self.assertEqual(Administration.objects.get().status, Status.IN_PROGRESS)

    def test_it_leaves_a_questionnaire_that_was_waiting_before_the_task(self) -> None:
        from measures.actions import do_schedule

        do_schedule(self.therapist, self.client_record, "phq9")
        do_cancel_task(self.therapist, self.set_task(Kind.QUESTIONNAIRE, "phq9"))
        self.assertEqual(Administration.objects.get().status, Status.DUE)


@time_machine.travel(NOW, tick=False)
class CompleteTest(HomeworkCase):
    def test_it_marks_a_task_done_with_the_clients_note(self) -> None:
        task = do_complete_task(self.alex, self.set_task(), "  Round the park twice.  ")
        task.refresh_from_db()
        self.assertEqual((task.completed_at, task.completion_note), (NOW, "Round the park twice."))
        self.assertEqual(AuditEvent.objects.get(what="homework.complete").actor_ref, self.alex.public_id)

    def test_it_changes_nothing_the_second_time(self) -> None:
        task = do_complete_task(self.alex, self.set_task(), "First")
        with time_machine.travel(NOW + timedelta(hours=1), tick=False):
            again = do_complete_task(self.alex, task, "Second")
        self.assertEqual((again.completed_at, again.completion_note), (NOW, "First"))
        self.assertEqual(AuditEvent.objects.filter(what="homework.complete").count(), 1)

    def test_it_refuses_a_task_taken_off_the_list(self) -> None:
        task = do_cancel_task(self.therapist, self.set_task())
        with self.assertRaisesMessage(ValidationError, "took this task off your list"):
            do_complete_task(self.alex, task)
        task.refresh_from_db()
        self.assertIsNone(task.completed_at)

    def test_it_refuses_anyone_but_the_client_and_a_note_that_is_too_long(self) -> None:
        bos = self.set_task(client=self.bo_record)
        for someone, task in [(self.alex, bos), (self.therapist, self.set_task()), (self.supporter, bos)]:
            with self.subTest(someone=someone.name), self.assertRaises(PermissionDenied):
                do_complete_task(someone, task)
        with self.assertRaisesMessage(ValidationError, "2,000 characters or fewer"):
            do_complete_task(self.alex, Task.objects.filter(client=self.client_record).get(), "x" * 2001)
        self.assertFalse(Task.objects.filter(completed_at__isnull=False).exists())
