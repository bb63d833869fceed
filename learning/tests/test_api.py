import json
import uuid
from typing import Any

from audit.models import AuditEvent
from learning.actions import do_finish_module, do_open_module, do_write_reflection
from learning.models import JournalEntry, ReadingProgress
from learning.tests.support import assign_reading, fixture_course
from lib.testing import WaymarkTestCase

API = "/api/v1/learning"


@fixture_course
class LearningApiTest(WaymarkTestCase):
    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        call = getattr(self.client, method)
        if body is None:
            return call(API + path)
        return call(API + path, json.dumps(body), content_type="application/json")

    def test_it_lists_the_modules_to_anyone_signed_in(self) -> None:
        for person in (self.alex, self.therapist, self.supporter):
            with self.subTest(person=person.display_name):
                self.login(person)
                response = self.send("get", "/modules")
                self.assertEqual(response.status_code, 200)
                self.assertEqual([m["slug"] for m in response.json()], ["alpha", "beta", "gamma"])
                self.assertNotIn("html", response.json()[0])

    def test_it_gives_one_module_with_sanitised_html(self) -> None:
        self.login(self.alex)
        body = self.send("get", "/modules/alpha").json()
        self.assertEqual(body["title"], "Noticing the pattern")
        self.assertEqual(len(body["reflections"]), 2)
        self.assertIn("<h2>What happens first</h2>", body["html"])
        self.assertEqual(self.send("get", "/modules/nope").json(), {"error": "There is no such module in the library."})

    def test_a_client_marks_modules_started_and_read(self) -> None:
        task = assign_reading(self, "beta")
        self.login(self.alex)
        self.assertIsNone(self.send("post", "/progress/alpha/opened").json()["finished_at"])
        finished = self.send("post", "/progress/beta/finished").json()
        self.assertEqual(finished["module"], "beta")
        self.assertIsNotNone(finished["finished_at"])
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        progress = self.send("get", "/progress").json()
        self.assertEqual({p["module"] for p in progress}, {"alpha", "beta"})
        self.assertEqual(self.send("post", "/progress/nope/finished").status_code, 404)

    def test_a_therapist_reads_progress_with_the_client_named_audited(self) -> None:
        do_finish_module(self.alex, "alpha")
        self.login(self.therapist)
        self.assertEqual(self.send("get", "/progress").status_code, 404)
        response = self.send("get", f"/progress?client={self.client_record.public_id}")
        self.assertEqual([p["title"] for p in response.json()], ["Noticing the pattern"])
        self.assertTrue(AuditEvent.objects.filter(what="api.learning_progress", actor_role="therapist").exists())
        self.assertEqual(self.send("post", "/progress/alpha/finished").status_code, 403)

    def test_another_therapist_cannot_read_progress(self) -> None:
        self.login(self.other_therapist)
        self.assertEqual(self.send("get", f"/progress?client={self.client_record.public_id}").status_code, 404)

    def test_a_client_writes_reads_changes_and_deletes_journal_entries(self) -> None:
        self.login(self.alex)
        body = {"module": "alpha", "question": 2, "text": "A walk.", "idempotency_key": "k1"}
        created = self.send("post", "/journal", body)
        self.assertEqual(created.status_code, 201)
        entry = created.json()
        self.assertEqual(
            (entry["prompt"], entry["text"], entry["shared_with_therapist"]),
            ("What helped, even a little?", "A walk.", False),
        )
        self.assertEqual(self.send("post", "/journal", body).status_code, 200)  # the same key: stored once
        self.assertEqual(JournalEntry.objects.count(), 1)
        self.assertEqual([e["id"] for e in self.send("get", "/journal").json()], [entry["id"]])
        changed = self.send("patch", f"/journal/{entry['id']}", {"text": "A long walk.", "shared_with_therapist": True})
        self.assertEqual((changed.json()["text"], changed.json()["shared_with_therapist"]), ("A long walk.", True))
        self.assertEqual(self.send("get", f"/journal/{entry['id']}").json()["text"], "A long walk.")
        self.assertEqual(self.send("delete", f"/journal/{entry['id']}").status_code, 204)
        self.assertFalse(JournalEntry.objects.exists())

    def test_bad_journal_input_is_refused_and_nothing_stored(self) -> None:
        self.login(self.alex)
        for body, status in (
            ({"module": "alpha", "question": 1, "text": "x" * 5_001}, 422),
            ({"module": "beta", "question": 2, "text": "Hi"}, 409),
            ({"module": "nope", "question": 1, "text": "Hi"}, 404),
            ({"module": "alpha", "question": 1, "text": "   "}, 409),
            ({"module": "alpha", "question": 1, "text": "Hi", "extra": 1}, 422),
        ):
            with self.subTest(body=body):
                response = self.send("post", "/journal", body)
                self.assertEqual(response.status_code, status, response.content)
                self.assertIn("error", response.json())
        self.assertFalse(JournalEntry.objects.exists())

    def test_a_therapist_sees_only_shared_entries(self) -> None:
        shared, _ = do_write_reflection(self.alex, "alpha", 1, "For Dr Tan.", share=True)
        private, _ = do_write_reflection(self.alex, "alpha", 2, "Just for me.")
        self.login(self.therapist)
        listed = self.send("get", f"/journal?client={self.client_record.public_id}").json()
        self.assertEqual([e["text"] for e in listed], ["For Dr Tan."])
        self.assertEqual(self.send("get", f"/journal/{shared.public_id}").json()["text"], "For Dr Tan.")
        unshared = self.send("get", f"/journal/{private.public_id}")
        self.assertEqual(unshared.status_code, 404)
        self.assertNotIn("Just for me", unshared.content.decode())
        self.assertEqual(self.send("get", "/journal").status_code, 404)
        self.assertTrue(
            AuditEvent.objects.filter(what="api.learning_journal", target_ref=str(shared.public_id)).exists()
        )

    def test_a_therapist_cannot_change_an_entry(self) -> None:
        shared, _ = do_write_reflection(self.alex, "alpha", 1, "For Dr Tan.", share=True)
        self.login(self.therapist)
        self.assertEqual(self.send("patch", f"/journal/{shared.public_id}", {"text": "Edited"}).status_code, 404)
        self.assertEqual(self.send("delete", f"/journal/{shared.public_id}").status_code, 404)
        shared.refresh_from_db()
        self.assertEqual(shared.text, "For Dr Tan.")

    def test_another_clients_entry_is_not_found(self) -> None:
        bos, _ = do_write_reflection(self.bo_record.user, "alpha", 1, "Bo's.", share=True)
        self.login(self.alex)
        for method in ("get", "delete"):
            self.assertEqual(self.send(method, f"/journal/{bos.public_id}").status_code, 404)
        self.assertEqual(
            self.send("patch", f"/journal/{bos.public_id}", {"shared_with_therapist": False}).status_code, 404
        )
        self.assertEqual(self.send("get", f"/journal/{uuid.uuid4()}").status_code, 404)
        self.login(self.therapist)  # Dr Tan does not treat Bo
        self.assertEqual(self.send("get", f"/journal/{bos.public_id}").status_code, 404)
        self.assertEqual(self.send("get", f"/journal?client={self.bo_record.public_id}").status_code, 404)
        bos.refresh_from_db()
        self.assertTrue(bos.shared_with_therapist)

    def test_progress_counts_started_modules(self) -> None:
        do_open_module(self.alex, "gamma")
        self.login(self.alex)
        self.assertEqual(self.send("get", "/progress").json()[0]["finished_at"], None)
        self.assertEqual(ReadingProgress.objects.count(), 1)
