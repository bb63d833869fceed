"""An intake task is done when the client sends their answers, or goes over them again after sending."""

from homework.actions import NewTask, do_assign_task
from homework.models import Kind, Task
from intake.actions import do_save_intake_step, do_submit_intake
from intake.steps import SLUGS
from lib.testing import WaymarkTestCase


class IntakeTaskTest(WaymarkTestCase):
    def intake_task(self) -> Task:
        return do_assign_task(self.therapist, self.client_record, NewTask(Kind.WORKSHEET, "intake"))

    def answer_everything(self) -> None:
        for slug in SLUGS:
            do_save_intake_step(self.alex, slug, {})

    def test_it_is_done_when_the_client_sends_their_answers(self) -> None:
        task = self.intake_task()
        self.answer_everything()
        self.assertTrue(Task.objects.get(pk=task.pk).is_open)  # saving before sending is still the work
        do_submit_intake(self.alex)
        self.assertIsNotNone(Task.objects.get(pk=task.pk).completed_at)

    def test_it_is_done_when_the_client_changes_an_answer_after_sending(self) -> None:
        self.answer_everything()
        do_submit_intake(self.alex)
        task = self.intake_task()
        self.assertTrue(task.look_again)
        do_save_intake_step(self.alex, SLUGS[0], {})
        self.assertIsNotNone(Task.objects.get(pk=task.pk).completed_at)

    def test_it_is_done_when_the_client_sends_again(self) -> None:
        self.answer_everything()
        first = do_submit_intake(self.alex).submitted_at
        task = self.intake_task()
        self.assertEqual(do_submit_intake(self.alex).submitted_at, first)
        self.assertIsNotNone(Task.objects.get(pk=task.pk).completed_at)
