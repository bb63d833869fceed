"""/api/v1/notes: the treating therapist lists, reads, drafts, signs and adds to notes; nobody else sees any."""

import json
from datetime import timedelta
from typing import Any

from django.test.client import Client as HttpClient
from django.utils import timezone

from accounts.models import User
from api.tests.base import ApiTestCase
from audit.models import AuditEvent
from caseload.actions import do_discharge
from notes.actions import do_add_addendum
from notes.models import SessionNote
from notes.tests.support import DAP, draft, signed


class NotesApiTest(ApiTestCase):
    def send(self, user: User, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token_for(user)}"}
        data = json.dumps(body or {})
        return HttpClient().post(f"/api/v1{path}", data, content_type="application/json", headers=headers)

    def new_note(self, **changes: Any) -> dict[str, Any]:
        return {
            "client": str(self.client_record.public_id),
            "session_on": timezone.localdate().isoformat(),
            "duration_minutes": 50,
            "sections": DAP,
            **changes,
        }

    def test_it_lists_a_clients_notes_for_their_therapist_and_audits_it(self) -> None:
        note = signed(self.therapist, self.client_record)
        do_add_addendum(self.therapist, note, "Later.")
        draft(self.therapist, self.client_record)
        response = self.as_user(self.therapist, f"/notes?client={self.client_record.public_id}")
        self.assertEqual(response.status_code, 200)
        rows = response.json()
        self.assertEqual(sorted(row["status"] for row in rows), ["draft", "signed"])
        self.assertEqual(next(row for row in rows if row["status"] == "signed")["addenda"], 1)
        self.assertNotIn(DAP["data"], response.text)  # the list has no content
        self.assertTrue(AuditEvent.objects.filter(what="api.notes", actor_ref=self.therapist.public_id).exists())

    def test_it_reads_one_note_with_its_addenda(self) -> None:
        note = signed(self.therapist, self.client_record)
        do_add_addendum(self.therapist, note, "Later word.")
        response = self.as_user(self.therapist, f"/notes/{note.public_id}")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual([s["key"] for s in body["sections"]], ["data", "assessment", "plan"])
        self.assertEqual(body["sections"][0]["text"], DAP["data"])
        self.assertEqual(body["content_hash"], note.content_hash)
        self.assertEqual([a["text"] for a in body["addenda"]], ["Later word."])
        self.assertTrue(AuditEvent.objects.filter(what="api.note", target_ref=str(note.public_id)).exists())

    def test_it_shows_nobody_else_any_note(self) -> None:
        note = signed(self.therapist, self.client_record)
        for person in (self.alex, self.supporter, self.other_therapist, self.admin, self.outsider):
            for path in (
                f"/notes?client={self.client_record.public_id}",
                f"/notes/{note.public_id}",
                f"/notes/{note.public_id}/addenda",
            ):
                with self.subTest(person=person.name, path=path):
                    response = self.as_user(person, path)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(DAP["data"], response.text)
            with self.subTest(person=person.name, path="addendum"):
                self.assertEqual(self.send(person, f"/notes/{note.public_id}/addenda", {"text": "x"}).status_code, 404)
        self.assertFalse(note.addenda.exists())

    def test_it_asks_a_therapist_to_name_the_client(self) -> None:
        response = self.as_user(self.therapist, "/notes")
        self.assertEqual(response.status_code, 404)
        self.assertIn("?client=", response.json()["error"])

    def test_it_drafts_signs_and_adds_to_a_note(self) -> None:
        response = self.send(self.therapist, "/notes", self.new_note())
        self.assertEqual(response.status_code, 201, response.content)
        note_id = response.json()["id"]
        self.assertEqual(response.json()["status"], "draft")
        signed_note = self.send(self.therapist, f"/notes/{note_id}/sign")
        self.assertEqual(signed_note.status_code, 200)
        self.assertEqual(signed_note.json()["status"], "signed")
        self.assertEqual(len(signed_note.json()["content_hash"]), 64)
        again = self.send(self.therapist, f"/notes/{note_id}/sign")
        self.assertEqual(again.status_code, 409)
        self.assertIn("signed", again.json()["error"])
        addendum = self.send(self.therapist, f"/notes/{note_id}/addenda", {"text": "A later word."})
        self.assertEqual(addendum.status_code, 201)
        listed = self.as_user(self.therapist, f"/notes/{note_id}/addenda").json()
        self.assertEqual([a["text"] for a in listed], ["A later word."])

    def test_it_refuses_bad_input_and_stores_nothing(self) -> None:
        future = (timezone.localdate() + timedelta(days=2)).isoformat()
        cases = [
            (self.new_note(session_on=future), 409),
            (self.new_note(duration_minutes=0), 422),
            (self.new_note(duration_minutes=481), 422),
            (self.new_note(sections={"data": "x" * 8001}), 422),
            (self.new_note(sections={"subjective": "Not in DAP"}), 409),
            (self.new_note(client=str(self.bo_record.public_id)), 404),
            (self.new_note(extra="field"), 422),
        ]
        for body, status in cases:
            with self.subTest(body={k: str(v)[:20] for k, v in body.items()}):
                response = self.send(self.therapist, "/notes", body)
                self.assertEqual(response.status_code, status, response.content)
                self.assertIn("error", response.json())
        self.assertFalse(SessionNote.objects.exists())

    def test_it_refuses_writes_to_a_discharged_clients_notes(self) -> None:
        note = signed(self.therapist, self.client_record)
        do_discharge(self.therapist, self.client_record, "")
        self.assertEqual(self.send(self.therapist, "/notes", self.new_note()).status_code, 409)
        response = self.send(self.therapist, f"/notes/{note.public_id}/addenda", {"text": "After discharge"})
        self.assertEqual(response.status_code, 409)
        self.assertIn("read-only", response.json()["error"])
        self.assertEqual(self.as_user(self.therapist, f"/notes/{note.public_id}").status_code, 200)  # still readable
        self.assertEqual(SessionNote.objects.count(), 1)

    def test_it_refuses_to_sign_someone_elses_draft(self) -> None:
        from caseload.actions import do_transfer_client

        note = draft(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        response = self.send(self.other_therapist, f"/notes/{note.public_id}/sign")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(SessionNote.objects.get(pk=note.pk).is_signed)
