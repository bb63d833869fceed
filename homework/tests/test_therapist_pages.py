"""The therapist's side: the record card, /clients/<id>/tasks/, setting a task and taking one off."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from caseload.actions import do_discharge
from homework.models import Kind, Task
from learning import catalogue
from measures.models import Administration
from measures.tests.support import add_unverified_instrument

from .support import NOW, TODAY, HomeworkCase


def record_url(case: HomeworkCase) -> str:
    return reverse("client_record", args=[case.client_record.public_id])


def tasks_url(case: HomeworkCase) -> str:
    return reverse("homework_client_tasks", args=[case.client_record.public_id])


def assign_url(case: HomeworkCase) -> str:
    return reverse("homework_client_assign", args=[case.client_record.public_id])


@time_machine.travel(NOW, tick=False)
class RecordCardTest(HomeworkCase):
    def test_it_shows_open_tasks_with_their_dates_and_what_was_done_with_the_clients_note(self) -> None:
        self.set_task(title="Call my brother", due_in=0)
        late = self.set_task(title="Write the letter", due_in=1)
        self.done_task(title="A walk after lunch", note="Round the park twice.")
        Task.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=2))
        self.login(self.therapist)
        response = self.client.get(record_url(self))
        page = response.content.decode()
        card = page[page.index('id="homework-card"') :]
        self.assertIn("Call my brother", card)
        self.assertIn('<span class="pill">Today</span>', card)
        self.assertIn("Past its date", card)
        self.assertIn("Round the park twice.", card)
        self.assertIn("Set a task", card)
        self.assertEqual(AuditEvent.objects.filter(what="homework.notes").count(), 1)

    def test_it_does_not_log_a_read_of_notes_when_there_are_none_to_read(self) -> None:
        self.done_task(note="")
        self.login(self.therapist)
        self.client.get(record_url(self))
        self.assertFalse(AuditEvent.objects.filter(what="homework.notes").exists())

    def test_it_sets_a_task_from_the_record_and_goes_back_there(self) -> None:
        self.login(self.therapist)
        module = catalogue.modules()[0]
        form = {"kind": "reading", "module": module.slug, "due_on": "2024-06-14", "back": "record"}
        response = self.client.post(assign_url(self), form, follow=True)
        self.assertRedirects(response, record_url(self))
        self.assertContains(response, f"“{module.title}” is on Alex&#x27;s list.")
        task = Task.objects.get()
        self.assertEqual((task.kind, task.ref, task.due_on), (Kind.READING, module.slug, TODAY + timedelta(days=3)))

    def test_it_offers_no_form_for_a_discharged_client(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.login(self.therapist)
        response = self.client.get(record_url(self))
        self.assertContains(response, "no new tasks can be set")
        self.assertNotContains(response, assign_url(self))

    def test_it_runs_the_same_queries_however_long_the_history(self) -> None:
        from homework.templatetags.homework_tags import homework_record

        class Request:
            user = self.therapist

        self.set_task(title="Call my brother")
        self.done_task(note="Fine")
        with CaptureQueriesContext(connection) as short:
            homework_record({"request": Request()}, self.client_record)
        self.history(done=60, cancelled=30)
        with self.assertNumQueries(len(short.captured_queries)):
            homework_record({"request": Request()}, self.client_record)


@time_machine.travel(NOW, tick=False)
class TasksPageTest(HomeworkCase):
    def test_it_shows_every_task_with_when_it_was_done_and_the_note_and_logs_the_read(self) -> None:
        self.set_task(Kind.WORKSHEET, "decisional-balance", due_in=4)
        self.done_task(title="Call my brother", note="We talked for an hour.")
        self.login(self.therapist)
        response = self.client.get(tasks_url(self))
        self.assertContains(response, "Decisional balance")
        self.assertContains(response, "Done 10 Jun 2024")
        self.assertContains(response, "We talked for an hour.")
        self.assertEqual(AuditEvent.objects.filter(what="homework.tasks").count(), 1)

    def test_it_pages_a_long_history_in_the_same_queries(self) -> None:
        self.set_task(title="Call my brother")
        self.login(self.therapist)
        self.history(done=2)
        self.client.get(tasks_url(self))  # the first page after signing in settles the session
        with CaptureQueriesContext(connection) as short:
            self.client.get(tasks_url(self))
        self.history(done=70, cancelled=30)
        with self.assertNumQueries(len(short.captured_queries)):
            response = self.client.get(tasks_url(self))
        self.assertContains(response, "Page 1 of 6")

    def test_it_sets_a_questionnaire_that_the_client_can_answer_straight_away(self) -> None:
        self.login(self.therapist)
        response = self.client.post(assign_url(self), {"kind": "questionnaire", "instrument": "phq9"})
        self.assertRedirects(response, tasks_url(self))
        self.assertEqual(Administration.objects.open().get().instrument_id, "phq9")
        self.assertEqual(Task.objects.get().ref, "phq9")

    def test_it_says_when_a_questionnaire_set_for_later_joins_their_list(self) -> None:
        self.login(self.therapist)
        now = self.client.post(assign_url(self), {"kind": "questionnaire", "instrument": "phq9"}, follow=True)
        self.assertContains(now, "It is waiting among their questionnaires too.")
        form = {"kind": "questionnaire", "instrument": "gad7", "due_on": "2024-06-14"}
        later = self.client.post(assign_url(self), form, follow=True)
        self.assertContains(later, "It joins their questionnaires on Fri 14 Jun.")

    def test_it_sets_a_custom_task(self) -> None:
        self.login(self.therapist)
        form = {"kind": "custom", "title": "Write to your sister", "instructions": "No need to send it."}
        self.client.post(assign_url(self), form)
        task = Task.objects.get()
        self.assertEqual((task.title, task.instructions, task.ref), ("Write to your sister", "No need to send it.", ""))


@time_machine.travel(NOW, tick=False)
class BadInputTest(HomeworkCase):
    def assert_refused(self, form: dict[str, str], words: str) -> None:
        self.login(self.therapist)
        response = self.client.post(assign_url(self), form)
        self.assertContains(response, words, status_code=400)
        self.assertFalse(Task.objects.exists())
        self.assertFalse(Administration.objects.exists())

    def test_it_refuses_forged_choices(self) -> None:
        add_unverified_instrument(self.practice)
        for form in [
            {"kind": "reading", "module": "not-a-module"},
            {"kind": "questionnaire", "instrument": "pending-scale"},
            {"kind": "worksheet", "worksheet": "../../admin"},
            {"kind": "plan_review", "plan": "bos-plan"},
            {"kind": "homework"},
        ]:
            with self.subTest(form=form):
                self.assert_refused(form, "Select a valid choice")

    def test_it_asks_for_what_the_kind_needs(self) -> None:
        self.assert_refused({"kind": "worksheet"}, "Please choose one.")
        self.assert_refused({"kind": "custom", "title": " "}, "Give the task a short title.")

    def test_it_refuses_a_date_in_the_past(self) -> None:
        self.assert_refused({"kind": "custom", "title": "Walk", "due_on": "2024-06-10"}, "today or a later date")

    def test_it_refuses_a_discharged_client(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.assert_refused({"kind": "custom", "title": "Walk"}, "Alex has been discharged; their record is read-only.")

    def test_it_answers_404_for_another_therapists_client(self) -> None:
        self.login(self.other_therapist)
        response = self.client.post(assign_url(self), {"kind": "custom", "title": "Walk"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Task.objects.exists())


@time_machine.travel(NOW, tick=False)
class CancelTest(HomeworkCase):
    def test_it_takes_a_task_off_the_list_and_goes_back(self) -> None:
        task = self.set_task(title="Call my brother")
        self.login(self.therapist)
        url = reverse("homework_client_cancel", args=[self.client_record.public_id, task.public_id])
        response = self.client.post(url, {"back": "record"}, follow=True)
        self.assertRedirects(response, record_url(self))
        self.assertContains(response, "“Call my brother” is off Alex&#x27;s list.")
        self.assertIsNotNone(Task.objects.get().cancelled_at)

    def test_it_says_why_a_done_task_stays(self) -> None:
        task = self.done_task()
        self.login(self.therapist)
        url = reverse("homework_client_cancel", args=[self.client_record.public_id, task.public_id])
        self.assertContains(self.client.post(url, follow=True), "already done")
        self.assertIsNone(Task.objects.get().cancelled_at)

    def test_it_answers_404_for_another_clients_task_under_this_client(self) -> None:
        bos = self.set_task(client=self.bo_record)
        self.login(self.therapist)
        url = reverse("homework_client_cancel", args=[self.client_record.public_id, bos.public_id])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Task.objects.get().is_open)
