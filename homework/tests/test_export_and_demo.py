"""The client's tasks in their data export; the demo practice's homework, loaded once."""

from django.test import TestCase

from caseload.models import Client
from demo import people
from demo.management.commands.load_demo import Command
from homework.demo import add_demo_homework
from homework.models import Kind, Task
from privacy.export import build_export, to_json

from .support import HomeworkCase


class ExportTest(HomeworkCase):
    def test_it_exports_the_clients_tasks_with_their_notes(self) -> None:
        self.set_task(title="A walk after lunch", instructions="Ten minutes is plenty.")
        self.done_task(title="Call my brother", note="We talked for an hour.")
        self.set_task(client=self.bo_record, title="Bo's own task")
        document = build_export(self.client_record)
        rows = document["tasks"]
        assert isinstance(rows, list)
        self.assertEqual([row["title"] for row in rows], ["A walk after lunch", "Call my brother"])
        self.assertEqual(rows[1]["my_note"], "We talked for an hour.")
        self.assertEqual(rows[0]["suggested_by"], "Dr Tan")
        self.assertNotIn("Bo's own task", to_json(document))

    def test_it_tells_a_task_closed_at_discharge_from_one_taken_off_by_the_therapist(self) -> None:
        from caseload.actions import do_discharge
        from homework.actions import do_cancel_task

        do_cancel_task(self.therapist, self.set_task(title="Dropped"))
        self.set_task(title="Still open")
        do_discharge(self.therapist, self.client_record, "")
        exported = build_export(self.client_record)["tasks"]
        assert isinstance(exported, list)
        rows = {row["title"]: row for row in exported}
        self.assertIsNotNone(rows["Dropped"]["taken_off_the_list"])
        self.assertIsNone(rows["Dropped"]["closed_when_the_programme_ended"])
        self.assertIsNone(rows["Still open"]["taken_off_the_list"])
        self.assertIsNotNone(rows["Still open"]["closed_when_the_programme_ended"])


class DemoTest(TestCase):
    def setUp(self) -> None:
        Command().create_practice()

    def test_it_gives_each_demo_client_tasks_some_done_with_notes_one_due_soon_and_a_reading(self) -> None:
        add_demo_homework()
        for spec in people.CLIENTS:
            client = Client.objects.get(user__email=spec.email)
            tasks = list(Task.objects.filter(client=client))
            with self.subTest(client=client.name):
                self.assertGreaterEqual(len(tasks), 2)
                self.assertTrue(any(task.completed_at and task.completion_note for task in tasks))
                self.assertTrue(any(task.is_open and task.due_on for task in tasks))
        self.assertTrue(Task.objects.filter(kind=Kind.READING).exists())

    def test_it_adds_nothing_the_second_time(self) -> None:
        add_demo_homework()
        count = Task.objects.count()
        add_demo_homework()
        self.assertEqual(Task.objects.count(), count)
