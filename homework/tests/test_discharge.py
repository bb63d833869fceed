"""Discharge closes the client's open tasks: off their lists, kept in the history, not back on re-opening."""

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from caseload.actions import do_discharge, do_reopen
from caseload.models import Client, Discharge
from homework.actions import NewTask, do_assign_task, do_complete_task
from homework.models import Closed, Kind, Task

from .support import NOW, HomeworkCase


@time_machine.travel(NOW, tick=False)
class DischargeClosesTasksTest(HomeworkCase):
    def test_it_closes_every_open_task_in_one_audited_step_and_keeps_what_was_done(self) -> None:
        walk, letter = self.set_task(title="A walk after lunch"), self.set_task(title="Write to your sister")
        done = self.done_task(title="Call my brother")
        discharge = do_discharge(self.therapist, self.client_record, "")
        for task in (walk, letter):
            task.refresh_from_db()
            self.assertEqual((task.cancelled_at, task.cancelled_because), (NOW, Closed.AT_DISCHARGE))
        done.refresh_from_db()
        self.assertIsNone(done.cancelled_at)
        self.assertFalse(Task.objects.open().exists())
        event = AuditEvent.objects.get(what="homework.close_at_discharge")
        self.assertEqual((event.actor_ref, event.target_ref), (self.therapist.public_id, str(discharge.public_id)))

    def test_it_sets_no_task_on_a_record_discharged_while_the_form_was_open(self) -> None:
        seen_before = Client.objects.get(pk=self.client_record.pk)  # the therapist's page, read before the discharge
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaisesMessage(ValidationError, "read-only"):
            do_assign_task(self.therapist, seen_before, NewTask(Kind.CUSTOM, "", title="One more walk"))
        self.assertFalse(Task.objects.open().exists())

    def test_it_writes_no_audit_row_when_nothing_was_open(self) -> None:
        self.done_task()
        do_discharge(self.therapist, self.client_record, "")
        self.assertFalse(AuditEvent.objects.filter(what="homework.close_at_discharge").exists())

    def test_it_leaves_them_closed_when_the_record_is_reopened(self) -> None:
        self.set_task()
        do_discharge(self.therapist, self.client_record, "")
        do_reopen(self.therapist, self.client_record)
        self.assertFalse(Task.objects.open().exists())
        self.assertTrue(Task.objects.get().closed_at_discharge)

    def test_it_closes_them_once_however_often_discharge_is_tried(self) -> None:
        self.set_task()
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaises(ValidationError):  # discharged already
            do_discharge(self.therapist, self.client_record, "")
        self.assertEqual(Discharge.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(what="homework.close_at_discharge").count(), 1)

    def test_it_tells_the_client_there_is_nothing_to_mark(self) -> None:
        task = self.set_task()
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaisesMessage(ValidationError, "closed when your programme ended"):
            do_complete_task(self.alex, task)
        task.refresh_from_db()
        self.assertIsNone(task.completed_at)


@time_machine.travel(NOW, tick=False)
class DischargedClientPagesTest(HomeworkCase):
    def setUp(self) -> None:
        self.task = self.set_task(title="A walk after lunch")
        do_discharge(self.therapist, self.client_record, "")

    def test_it_takes_the_tasks_off_the_clients_home_and_to_do_list(self) -> None:
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("home")), 'id="tasks-card"')
        page = self.client.get(reverse("homework_tasks")).content.decode()
        to_do = page[page.index('id="open-heading"') : page.index('id="done-heading"')]
        self.assertIn("Nothing on your list right now.", to_do)
        self.assertNotIn("A walk after lunch", to_do)
        self.assertIn("Closed when your programme ended", page)

    def test_it_shows_the_client_the_task_closed_without_a_button(self) -> None:
        self.login(self.alex)
        response = self.client.get(reverse("homework_task", args=[self.task.public_id]))
        self.assertContains(response, "This closed when your programme ended, on 11 Jun. Nothing more to do.")
        self.assertNotContains(response, "Mark as done</button>")

    def test_it_shows_the_therapist_the_tasks_closed_at_discharge(self) -> None:
        self.login(self.therapist)
        response = self.client.get(reverse("homework_client_tasks", args=[self.client_record.public_id]))
        self.assertContains(response, "Closed at discharge 11 Jun 2024")
        self.assertContains(response, "No open tasks.")
