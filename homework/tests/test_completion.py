"""Completion flowing back: doing the thing a task points at marks the task done, wherever it is done."""

import time_machine
from django.utils import timezone

from audit.models import AuditEvent
from homework.completion import complete_tasks_for
from homework.models import Kind, Task
from intake.actions import do_save_intake_step, do_submit_intake
from intake.demo import DEMO_INTAKES
from learning import catalogue
from learning.actions import do_finish_module
from measures.actions import do_enter_paper_form, do_submit
from measures.models import Administration
from measures.tests.client_support import GAD7_ITEMS, ClientFlowCase
from plan.actions import Entry, do_save_prevention_plan, do_sign, do_start_plan
from safety.plan_actions import do_save_safety_plan

from .support import NOW, HomeworkCase


class Both(HomeworkCase, ClientFlowCase):
    pass


@time_machine.travel(NOW, tick=False)
class CompleteTasksForTest(HomeworkCase):
    def test_it_completes_only_the_open_tasks_of_that_kind_and_ref(self) -> None:
        values = self.set_task(Kind.WORKSHEET, "values")
        narrative = self.set_task(Kind.WORKSHEET, "narrative")
        plan = self.set_task(Kind.PLAN_REVIEW, "prevention-plan")
        bos = self.set_task(Kind.WORKSHEET, "values", client=self.bo_record)
        self.assertEqual(complete_tasks_for(self.client_record, Kind.WORKSHEET, "values"), 1)
        self.assertEqual(complete_tasks_for(self.client_record, Kind.WORKSHEET, "values"), 0)
        done = {task.pk for task in Task.objects.filter(completed_at__isnull=False)}
        self.assertEqual(done, {values.pk})
        self.assertTrue(all(Task.objects.get(pk=t.pk).is_open for t in (narrative, plan, bos)))
        event = AuditEvent.objects.get(what="homework.complete")
        self.assertEqual((event.actor_ref, event.target_ref), (self.alex.public_id, str(values.public_id)))

    def test_it_leaves_a_task_taken_off_the_list_alone(self) -> None:
        from homework.actions import do_cancel_task

        do_cancel_task(self.therapist, self.set_task(Kind.WORKSHEET, "values"))
        self.assertEqual(complete_tasks_for(self.client_record, Kind.WORKSHEET, "values"), 0)
        self.assertFalse(Task.objects.filter(completed_at__isnull=False).exists())


@time_machine.travel(NOW, tick=False)
class FlowsBackTest(Both):
    def test_it_completes_a_questionnaire_task_when_the_client_sends_it(self) -> None:
        task = self.set_task(Kind.QUESTIONNAIRE, "gad7", due_in=3)
        waiting = Administration.objects.open().get(client=self.client_record, instrument_id="gad7")
        answered = self.answer(waiting, dict.fromkeys(GAD7_ITEMS, 1))
        task.refresh_from_db()
        self.assertTrue(task.is_open)  # answering is not sending
        do_submit(self.alex, answered, "8a6e0a4e-8f0b-4c1e-9d39-5f9a0b0c1d2e")
        task.refresh_from_db()
        self.assertEqual(task.completed_at, NOW)

    def test_it_completes_a_questionnaire_task_when_the_therapist_enters_the_paper_form(self) -> None:
        task = self.set_task(Kind.QUESTIONNAIRE, "gad7")
        do_enter_paper_form(self.therapist, self.client_record, "gad7", dict.fromkeys(GAD7_ITEMS, 0), self.today())
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        self.assertEqual(AuditEvent.objects.get(what="homework.complete").actor_ref, self.therapist.public_id)

    def test_it_completes_a_reading_when_the_client_finishes_the_module(self) -> None:
        module = catalogue.modules()[0]
        task = self.set_task(Kind.READING, module.slug)
        do_finish_module(self.alex, module.slug)
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_it_completes_a_plan_review_when_the_client_signs_the_plan(self) -> None:
        version = do_start_plan(
            self.therapist, self.client_record, timezone.localdate(), 90, "", {"inner": ["Watching porn"]}
        )
        task = self.set_task(Kind.PLAN_REVIEW, "recovery-plan")
        do_sign(self.therapist, version)
        task.refresh_from_db()
        self.assertTrue(task.is_open)  # the therapist's signature is not the client's review
        do_sign(self.alex, version)
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_it_completes_the_prevention_plan_worksheet_and_review_when_the_client_saves_it(self) -> None:
        worksheet = self.set_task(Kind.WORKSHEET, "prevention-plan")
        review = self.set_task(Kind.PLAN_REVIEW, "prevention-plan")
        entries = [Entry("trigger", "Late nights alone", "Phone off at 11")]
        do_save_prevention_plan(self.therapist, self.client_record, entries, "")
        self.assertEqual(Task.objects.open().count(), 2)  # the therapist writing it is not the client's work
        do_save_prevention_plan(self.alex, self.client_record, entries, "")
        self.assertFalse(Task.objects.open().filter(pk__in=[worksheet.pk, review.pk]).exists())

    def test_it_completes_the_safety_plan_worksheet_when_the_client_saves_it(self) -> None:
        task = self.set_task(Kind.WORKSHEET, "safety-plan")
        do_save_safety_plan(self.therapist, self.client_record, {"people": "My sister"})
        task.refresh_from_db()
        self.assertTrue(task.is_open)
        do_save_safety_plan(self.alex, self.client_record, {"coping": "A walk"})
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_it_completes_the_intake_worksheet_when_the_client_sends_it(self) -> None:
        task = self.set_task(Kind.WORKSHEET, "intake")
        for slug, answers in DEMO_INTAKES["alex@demo.waymark.test"].items():
            do_save_intake_step(self.alex, slug, answers)
        task.refresh_from_db()
        self.assertTrue(task.is_open)
        do_submit_intake(self.alex)
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
