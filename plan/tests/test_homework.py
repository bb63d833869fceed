"""A plan-review task is done when the client signs the plan, signs it again, or notes they went over it."""

from homework.actions import NewTask, do_assign_task
from homework.models import Kind, Task
from plan.actions import do_sign
from plan.tests.support import PlanTestCase


class PlanReviewTaskTest(PlanTestCase):
    def review_task(self, plan: str) -> Task:
        return do_assign_task(self.therapist, self.client_record, NewTask(Kind.PLAN_REVIEW, plan))

    def test_it_is_done_when_the_client_signs_the_newest_version(self) -> None:
        version = self.start()
        task = self.review_task("recovery-plan")
        do_sign(self.alex, version)
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_it_is_done_when_the_client_signs_again_the_version_they_already_signed(self) -> None:
        version = self.agree(self.start())
        signed_at = version.client_signed_at
        task = self.review_task("recovery-plan")
        self.assertTrue(task.look_again)
        do_sign(self.alex, version)
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        version.refresh_from_db()
        self.assertEqual(version.client_signed_at, signed_at)  # the first signature stands

    def test_it_is_not_done_when_the_therapist_signs(self) -> None:
        version = self.start()
        task = self.review_task("recovery-plan")
        do_sign(self.therapist, version)
        do_sign(self.therapist, version)
        self.assertTrue(Task.objects.get(pk=task.pk).is_open)
