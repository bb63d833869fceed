"""The client's side: tasks on the home page and at /tasks/, each linking to where it is done, and marking one done."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from homework.actions import do_cancel_task
from homework.models import Kind, Task
from homework.queries import home_card
from learning import catalogue
from measures.models import Administration

from .support import NOW, HomeworkCase


@time_machine.travel(NOW, tick=False)
class HomeCardTest(HomeworkCase):
    def test_it_shows_open_tasks_soonest_due_first_each_linking_to_where_it_is_done(self) -> None:
        module = catalogue.modules()[0]
        self.set_task(title="No date at all")
        self.set_task(Kind.READING, module.slug, due_in=5)
        self.set_task(Kind.QUESTIONNAIRE, "gad7", due_in=1)
        self.set_task(Kind.PLAN_REVIEW, "recovery-plan", due_in=3)
        self.done_task(title="Already done")
        self.login(self.alex)
        page = self.client.get(reverse("home")).content.decode()
        card = page[page.index('id="tasks-card"') :]
        order = [card.index(words) for words in ("GAD-7", "My recovery plan", module.title, "No date at all")]
        self.assertEqual(order, sorted(order))
        self.assertNotIn("Already done", card)
        waiting = Administration.objects.open().get()
        self.assertIn(reverse("measures_start", args=[waiting.public_id]), card)
        self.assertIn(reverse("learning_module", args=[module.slug]), card)
        self.assertIn(reverse("plan"), card)
        self.assertIn("Suggested by Wed 12 Jun", card)

    def test_it_stays_away_when_there_is_nothing_to_do(self) -> None:
        self.done_task()
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("home")), 'id="tasks-card"')

    def test_it_speaks_kindly_of_a_date_gone_by(self) -> None:
        task = self.set_task(title="Call my brother", due_in=2)
        with time_machine.travel(NOW + timedelta(days=5), tick=False):
            self.login(self.alex)
            response = self.client.get(reverse("home"))
        self.assertContains(response, "Suggested for 13 Jun. It is still worth doing when you can.")
        self.assertNotContains(response, "overdue")
        self.assertTrue(Task.objects.get(pk=task.pk).is_open)

    def test_it_runs_the_same_queries_however_long_the_history(self) -> None:
        self.set_task(Kind.QUESTIONNAIRE, "phq9", due_in=1)
        self.set_task(title="Call my brother")
        with CaptureQueriesContext(connection) as short:
            home_card(self.client_record)
        self.history(done=60, cancelled=20)
        with self.assertNumQueries(len(short.captured_queries)):
            home_card(self.client_record)


@time_machine.travel(NOW, tick=False)
class TasksPageTest(HomeworkCase):
    def test_it_lists_what_is_open_and_what_was_done(self) -> None:
        self.set_task(Kind.WORKSHEET, "values", due_in=2)
        self.done_task(title="Call my brother", note="We talked for an hour")
        do_cancel_task(self.therapist, self.set_task(title="Something dropped"))
        self.login(self.alex)
        response = self.client.get(reverse("homework_tasks"))
        self.assertContains(response, "What matters to me")
        self.assertContains(response, "Done Mon 10 Jun 2024")
        self.assertContains(response, "Taken off your list")
        self.assertNotContains(response, "A walk after lunch")

    def test_it_says_kindly_when_a_reading_has_left_the_library(self) -> None:
        task = self.set_task(Kind.READING, catalogue.modules()[0].slug)
        Task.objects.filter(pk=task.pk).update(ref="a-module-the-practice-removed")
        self.login(self.alex)
        response = self.client.get(reverse("homework_task", args=[task.public_id]))
        self.assertContains(response, "This reading is no longer in the library.")
        self.assertNotContains(response, "/learn/a-module-the-practice-removed/")
        self.assertContains(response, "Mark as done")

    def test_it_pages_a_long_history_in_the_same_queries(self) -> None:
        self.set_task(title="Call my brother")
        self.login(self.alex)
        self.history(done=3)
        self.client.get(reverse("homework_tasks"))  # the first page after signing in settles the session
        with CaptureQueriesContext(connection) as short:
            self.client.get(reverse("homework_tasks"))
        self.history(done=80, cancelled=10)
        with self.assertNumQueries(len(short.captured_queries)):
            response = self.client.get(reverse("homework_tasks"))
        self.assertContains(response, "Page 1 of 5")
        self.assertContains(self.client.get(reverse("homework_tasks") + "?page=5"), "Old task")


@time_machine.travel(NOW, tick=False)
class MarkDoneTest(HomeworkCase):
    def test_it_marks_a_custom_task_done_with_a_note(self) -> None:
        task = self.set_task(title="A walk after lunch", instructions="Ten minutes is plenty.")
        self.login(self.alex)
        page = self.client.get(reverse("homework_task", args=[task.public_id]))
        self.assertContains(page, "Ten minutes is plenty.")
        self.assertContains(page, "Your therapist suggested this on 11 Jun.")
        # A screen reader hears which task each "Mark as done" is for.
        self.assertContains(page, 'aria-label="Mark as done: A walk after lunch">Mark as done</button>')
        home = self.client.get(reverse("home"))
        self.assertContains(home, 'aria-label="Mark as done: A walk after lunch">Mark as done</a>')
        response = self.client.post(
            reverse("homework_task_done", args=[task.public_id]), {"note": "Round the park."}, follow=True
        )
        self.assertRedirects(response, reverse("homework_tasks"))
        self.assertContains(response, "Marked as done")
        task.refresh_from_db()
        self.assertEqual((task.completed_at, task.completion_note), (NOW, "Round the park."))

    def test_it_offers_the_place_and_the_button_for_a_task_done_elsewhere(self) -> None:
        task = self.set_task(Kind.WORKSHEET, "safety-plan")
        self.login(self.alex)
        response = self.client.get(reverse("homework_task", args=[task.public_id]))
        self.assertContains(response, f'href="{reverse("safety_plan")}"')
        self.assertContains(response, "marked done by itself when you finish it there")
        self.client.post(reverse("homework_task_done", args=[task.public_id]), {"note": ""})
        self.assertIsNotNone(Task.objects.get().completed_at)

    def test_it_keeps_the_note_and_says_what_to_fix_when_it_is_too_long(self) -> None:
        task = self.set_task()
        self.login(self.alex)
        response = self.client.post(reverse("homework_task_done", args=[task.public_id]), {"note": "x" * 2001})
        self.assertContains(response, "at most 2000 characters", status_code=400)
        self.assertTrue(Task.objects.get().is_open)

    def test_it_says_so_when_the_task_was_taken_off_the_list(self) -> None:
        task = do_cancel_task(self.therapist, self.set_task())
        self.login(self.alex)
        response = self.client.post(reverse("homework_task_done", args=[task.public_id]), {"note": "Did it"})
        self.assertContains(response, "took this task off your list", status_code=400)
        self.assertIsNone(Task.objects.get().completed_at)

    def test_it_answers_404_for_someone_elses_task(self) -> None:
        bos = self.set_task(client=self.bo_record)
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("homework_task", args=[bos.public_id])).status_code, 404)
        response = self.client.post(reverse("homework_task_done", args=[bos.public_id]), {"note": "Mine now"})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Task.objects.get().is_open)
