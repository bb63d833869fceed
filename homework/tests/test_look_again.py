"""A worksheet or plan the client has already done: the task asks them to look at it again and mark it done."""

from collections.abc import Callable

import time_machine
from django.urls import reverse

from homework.models import Kind, Task
from intake.models import IntakeHistory
from motivation.models import BalanceVersion, ValuesVersion
from narrative.actions import do_save_step
from narrative.steps import all_steps
from plan.actions import Entry, do_save_prevention_plan, do_sign
from plan.tests.support import CIRCLES, singapore_today
from safety.plan_actions import do_save_safety_plan

from .support import NOW, HomeworkCase


@time_machine.travel(NOW, tick=False)
class LookAgainTest(HomeworkCase):
    def write_story(self) -> None:
        for step in all_steps():
            do_save_step(self.alex, step.id, "Some words of my own.")

    def sign_recovery_plan(self) -> None:
        from plan.actions import do_start_plan

        version = do_start_plan(self.alex, self.client_record, singapore_today(), 90, "", CIRCLES)
        do_sign(self.alex, version)

    def already_done(self) -> dict[tuple[Kind, str], Callable[[], object]]:
        client, alex = self.client_record, self.alex
        prevention = [Entry("trigger", "Boredom", "I go for a walk")]
        return {
            (Kind.WORKSHEET, "narrative"): self.write_story,
            (Kind.WORKSHEET, "decisional-balance"): lambda: BalanceVersion.objects.create(client=client),
            (Kind.WORKSHEET, "values"): lambda: ValuesVersion.objects.create(client=client),
            (Kind.WORKSHEET, "safety-plan"): lambda: do_save_safety_plan(alex, client, {"coping": "A cold shower"}),
            (Kind.WORKSHEET, "prevention-plan"): lambda: do_save_prevention_plan(alex, client, prevention, ""),
            (Kind.WORKSHEET, "intake"): lambda: IntakeHistory.objects.create(client=client, submitted_at=NOW),
            (Kind.PLAN_REVIEW, "recovery-plan"): self.sign_recovery_plan,
        }

    def test_it_asks_for_another_look_only_at_work_already_done(self) -> None:
        for (kind, ref), do_it in self.already_done().items():
            with self.subTest(ref=ref):
                first = self.set_task(kind, ref)
                Task.objects.filter(pk=first.pk).delete()
                do_it()
                Task.objects.open().filter(kind=kind, ref=ref).delete()  # the work may have completed a task
                again = self.set_task(kind, ref)
                self.assertEqual((first.look_again, again.look_again), (False, True))

    def test_it_does_not_count_an_empty_safety_plan_or_an_unsent_intake_or_an_unsigned_plan(self) -> None:
        from plan.actions import do_start_plan

        do_save_safety_plan(self.alex, self.client_record, {"coping": "   "})
        IntakeHistory.objects.create(client=self.client_record)
        do_start_plan(self.alex, self.client_record, singapore_today(), 90, "", CIRCLES)
        for kind, ref in [
            (Kind.WORKSHEET, "safety-plan"),
            (Kind.WORKSHEET, "intake"),
            (Kind.PLAN_REVIEW, "recovery-plan"),
        ]:
            with self.subTest(ref=ref):
                self.assertFalse(self.set_task(kind, ref).look_again)

    def test_it_tells_the_therapist_when_setting_it(self) -> None:
        self.sign_recovery_plan()
        self.login(self.therapist)
        assign = reverse("homework_client_assign", args=[self.client_record.public_id])
        response = self.client.post(assign, {"kind": "plan_review", "plan": "recovery-plan"}, follow=True)
        said = (
            "“My recovery plan” is on Alex's list. Alex has already done this; the task asks them to look at it again."
        )
        self.assertEqual([str(message) for message in response.context["messages"]], [said])
        self.assertContains(response, "· to look at again")

    def test_it_says_nothing_more_when_the_work_is_still_to_do(self) -> None:
        self.login(self.therapist)
        assign = reverse("homework_client_assign", args=[self.client_record.public_id])
        response = self.client.post(assign, {"kind": "plan_review", "plan": "recovery-plan"}, follow=True)
        self.assertEqual(
            [str(message) for message in response.context["messages"]], ["“My recovery plan” is on Alex's list."]
        )
        self.assertNotContains(response, "to look at again")

    def test_it_asks_the_client_to_mark_it_done_instead_of_promising_it_marks_itself(self) -> None:
        IntakeHistory.objects.create(client=self.client_record, submitted_at=NOW)
        task = self.set_task(Kind.WORKSHEET, "intake")
        self.login(self.alex)
        response = self.client.get(reverse("homework_task", args=[task.public_id]))
        self.assertContains(response, "When you have looked at it again, mark this as done.")
        self.assertNotContains(response, "marked done by itself")
        self.assertContains(response, f'href="{reverse("intake")}"')
        self.assertContains(response, 'aria-label="Mark as done: About me (intake history)">Mark as done</button>')
        self.client.post(reverse("homework_task_done", args=[task.public_id]), {"note": ""})
        self.assertIsNotNone(Task.objects.get().completed_at)
