"""/api/v1/tasks: the client reads and completes their own; their therapist reads (audited), sets, takes off."""

import json
from typing import Any

import time_machine
from django.test.client import Client as HttpClient

from api.tests.base import ApiTestCase
from audit.models import AuditEvent
from caseload.actions import do_discharge
from homework.actions import NewTask, do_assign_task, do_complete_task
from homework.models import Kind, Task
from measures.models import Administration

from .support import NOW, TODAY


@time_machine.travel(NOW, tick=False)
class TasksApiTest(ApiTestCase):
    def send(self, method: str, path: str, body: dict[str, Any], token: str) -> Any:
        return getattr(HttpClient(), method)(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    def walk(self, client: Any = None) -> Task:
        client = client or self.client_record
        therapist = self.therapist if client == self.client_record else self.other_therapist
        return do_assign_task(therapist, client, NewTask(Kind.CUSTOM, title="A walk after lunch"))

    def test_it_lists_the_clients_own_tasks_and_nobody_elses(self) -> None:
        mine = self.walk()
        do_complete_task(self.alex, self.walk(), "Done it")
        self.walk(self.bo_record)
        listed = self.as_user(self.alex, "/tasks").json()
        self.assertEqual({row["status"] for row in listed}, {"open", "done"})
        self.assertEqual({row["client"] for row in listed}, {str(self.client_record.public_id)})
        only_open = self.as_user(self.alex, "/tasks?state=open").json()
        self.assertEqual([row["id"] for row in only_open], [str(mine.public_id)])
        self.assertFalse(AuditEvent.objects.filter(what="api.tasks").exists())  # one's own reads are not logged

    def test_it_says_when_a_task_closed_because_the_programme_ended(self) -> None:
        from caseload.actions import do_discharge

        self.walk()
        do_discharge(self.therapist, self.client_record, "")
        (row,) = self.as_user(self.alex, "/tasks").json()
        self.assertEqual((row["status"], row["closed_at_discharge"], row["look_again"]), ("cancelled", True, False))

    def test_it_lets_the_therapist_read_a_clients_tasks_and_logs_it(self) -> None:
        do_complete_task(self.alex, self.walk(), "Round the park")
        listed = self.as_user(self.therapist, f"/tasks?client={self.client_record.public_id}")
        self.assertEqual(listed.json()[0]["completion_note"], "Round the park")
        self.assertEqual(AuditEvent.objects.filter(what="api.tasks").count(), 1)
        self.assertEqual(self.as_user(self.therapist, "/tasks").status_code, 404)
        self.assertEqual(
            self.as_user(self.other_therapist, f"/tasks?client={self.client_record.public_id}").status_code, 404
        )

    def test_it_sets_a_task_for_a_client_the_therapist_treats(self) -> None:
        token = self.token_for(self.therapist)
        body = {
            "client": str(self.client_record.public_id),
            "kind": "questionnaire",
            "ref": "gad7",
            "due_on": "2024-06-13",
        }
        made = self.send("post", "/tasks", body, token)
        self.assertEqual(made.status_code, 201)
        self.assertEqual(
            (made.json()["title"], made.json()["status"]), ("GAD-7: Generalized Anxiety Disorder scale", "open")
        )
        self.assertEqual(Administration.objects.open().get().instrument_id, "gad7")
        one = self.as_user(self.alex, f"/tasks/{made.json()['id']}")
        self.assertEqual(one.json()["due_on"], "2024-06-13")

    def test_it_refuses_bad_input_with_a_json_error_and_stores_nothing(self) -> None:
        token = self.token_for(self.therapist)
        alex = str(self.client_record.public_id)
        cases: list[tuple[dict[str, Any], int, str]] = [
            ({"client": alex, "kind": "reading", "ref": "not-a-module"}, 409, "course's modules"),
            ({"client": alex, "kind": "worksheet", "ref": "nope"}, 409, "worksheets offered"),
            ({"client": alex, "kind": "custom", "title": "Walk", "due_on": "2024-06-10"}, 409, "today or a later"),
            ({"client": alex, "kind": "custom"}, 409, "short title"),
            ({"client": alex, "kind": "chores"}, 422, "kind"),
            ({"client": alex, "kind": "custom", "title": "Walk", "extra": 1}, 422, "extra"),
            ({"client": str(self.bo_record.public_id), "kind": "custom", "title": "Walk"}, 404, "Not found"),
        ]
        for body, status, words in cases:
            with self.subTest(body=body):
                response = self.send("post", "/tasks", body, token)
                self.assertEqual(response.status_code, status)
                self.assertIn(words, response.json()["error"])
        client_token = self.token_for(self.alex)
        self.assertEqual(
            self.send("post", "/tasks", {"client": alex, "kind": "custom", "title": "W"}, client_token).status_code, 403
        )
        do_discharge(self.therapist, self.client_record, "")
        discharged = self.send("post", "/tasks", {"client": alex, "kind": "custom", "title": "Walk"}, token)
        self.assertEqual(
            (discharged.status_code, discharged.json()["error"]),
            (409, "Alex has been discharged; their record is read-only."),
        )
        self.assertFalse(Task.objects.exists())

    def test_it_lets_the_client_mark_done_and_the_therapist_take_off(self) -> None:
        first, second = self.walk(), self.walk()
        done = self.send(
            "patch", f"/tasks/{first.public_id}", {"status": "done", "note": "Lovely"}, self.token_for(self.alex)
        )
        self.assertEqual(
            (done.status_code, done.json()["status"], done.json()["completion_note"]), (200, "done", "Lovely")
        )
        off = self.send("patch", f"/tasks/{second.public_id}", {"status": "cancelled"}, self.token_for(self.therapist))
        self.assertEqual((off.status_code, off.json()["status"]), (200, "cancelled"))
        again = self.send("patch", f"/tasks/{second.public_id}", {"status": "done"}, self.token_for(self.alex))
        self.assertEqual(again.status_code, 409)
        self.assertIn("took this task off your list", again.json()["error"])

    def test_it_refuses_the_wrong_person(self) -> None:
        task = self.walk()
        path = f"/tasks/{task.public_id}"
        self.assertEqual(self.send("patch", path, {"status": "cancelled"}, self.token_for(self.alex)).status_code, 403)
        self.assertEqual(self.send("patch", path, {"status": "done"}, self.token_for(self.therapist)).status_code, 403)
        for someone in (self.other_therapist, self.supporter, self.outsider):
            with self.subTest(someone=someone.name):
                self.assertEqual(self.send("patch", path, {"status": "done"}, self.token_for(someone)).status_code, 404)
                self.assertEqual(self.as_user(someone, path).status_code, 404)
        bos = self.walk(self.bo_record)
        self.assertEqual(
            self.send("patch", f"/tasks/{bos.public_id}", {"status": "done"}, self.token_for(self.alex)).status_code,
            404,
        )
        self.assertTrue(all(t.is_open for t in Task.objects.all()))

    def test_it_logs_the_therapists_read_of_one_task(self) -> None:
        task = self.walk()
        self.assertEqual(self.as_user(self.therapist, f"/tasks/{task.public_id}").status_code, 200)
        self.assertEqual(AuditEvent.objects.get(what="api.tasks").target_ref, str(task.public_id))
        self.assertEqual(TODAY.isoformat(), "2024-06-11")
