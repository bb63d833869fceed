"""The therapist's session-note pages: the access ladder, writing, signing, addenda, and clear refusals."""

import uuid
from datetime import timedelta
from unittest import mock

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseload.actions import do_transfer_client
from caseload.models import Client
from lib.testing import WaymarkTestCase
from notes import views
from notes.actions import do_add_addendum, do_discard_orphaned_draft, do_sign, therapist_today
from notes.models import SECTION_CHARS, DiscardedDraft, SessionNote
from notes.tests.support import DAP, draft, signed


class NotesPagesTestCase(WaymarkTestCase):
    def url(self, name: str, note: SessionNote | None = None) -> str:
        args = [self.client_record.public_id] + ([note.public_id] if note else [])
        return reverse(name, args=args)

    def form(self, **changes: object) -> dict[str, object]:
        return {"session_on": timezone.localdate().isoformat(), "duration_minutes": "50", **DAP, **changes}


class AccessLadderTest(NotesPagesTestCase):
    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(self.url("notes_list"))
        self.assertRedirects(response, f"{reverse('account_login')}?next={self.url('notes_list')}")

    def test_it_hides_notes_from_everyone_but_the_treating_therapist(self) -> None:
        note = signed(self.therapist, self.client_record)
        for person in (self.alex, self.supporter, self.other_therapist, self.admin, self.outsider):
            self.login(person)
            for url in (self.url("notes_list"), self.url("notes_view", note), self.url("notes_new")):
                with self.subTest(person=person.name, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(what__startswith="notes.", action="read").exists())

    def test_it_gives_the_same_404_for_a_forged_note_or_client_id(self) -> None:
        bo_note = signed(self.other_therapist, self.bo_record)
        self.login(self.therapist)
        forged = [
            reverse("notes_view", args=[self.client_record.public_id, uuid.uuid4()]),
            reverse("notes_view", args=[self.client_record.public_id, bo_note.public_id]),  # Bo's note under Alex
            reverse("notes_list", args=[self.bo_record.public_id]),
            reverse("notes_view", args=[self.bo_record.public_id, bo_note.public_id]),
        ]
        for url in forged:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            reverse("notes_addendum", args=[self.client_record.public_id, bo_note.public_id]), {"text": "Forged"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(bo_note.addenda.exists())


class WriteAndSignTest(NotesPagesTestCase):
    def test_it_writes_a_draft_then_signs_it_and_locks_it(self) -> None:
        self.login(self.therapist)
        page = self.client.get(self.url("notes_new"))
        self.assertContains(page, "Data")
        self.assertContains(page, "Assessment")
        self.assertContains(page, f'value="{therapist_today(self.therapist).isoformat()}"')  # a date input wants ISO
        response = self.client.post(self.url("notes_new"), self.form())
        note = SessionNote.objects.get()
        self.assertRedirects(response, self.url("notes_view", note))
        page = self.client.get(self.url("notes_view", note))
        self.assertContains(page, "Draft")
        self.assertContains(page, "Sign the note")
        self.assertContains(page, DAP["assessment"])
        page = self.client.post(self.url("notes_sign", note), {"confirm": "on"}, follow=True)
        self.assertRedirects(page, self.url("notes_view", note))
        self.assertContains(page, "Signed and locked", count=1)  # the status box; the message only says "signed"
        self.assertContains(page, "The note is signed.")
        self.assertContains(page, "The words are as signed.")
        self.assertNotContains(page, "Change the draft")
        self.assertContains(page, "Add and sign the addendum")

    def test_it_asks_for_the_confirmation_before_signing(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.login(self.therapist)
        response = self.client.post(self.url("notes_sign", note), {})
        self.assertContains(response, "Tick the box", status_code=400)
        self.assertFalse(SessionNote.objects.get(pk=note.pk).is_signed)

    def test_it_refuses_to_sign_with_an_empty_section(self) -> None:
        note = draft(self.therapist, self.client_record, plan="")
        self.login(self.therapist)
        response = self.client.post(self.url("notes_sign", note), {"confirm": "on"})
        self.assertContains(response, "missing: Plan", status_code=400)
        self.assertFalse(SessionNote.objects.get(pk=note.pk).is_signed)

    def test_it_refuses_bad_input_clearly_and_saves_nothing(self) -> None:
        self.login(self.therapist)
        cases = [
            ({"session_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "cannot be in the future"),
            ({"duration_minutes": "0"}, "greater than or equal to 1"),
            ({"duration_minutes": "481"}, "less than or equal to 480"),
            ({"data": "x" * (SECTION_CHARS + 1)}, "at most 8000 characters"),
            ({"session_on": "not a date"}, "Enter a valid date"),
        ]
        for changes, message in cases:
            with self.subTest(changes=list(changes)):
                response = self.client.post(self.url("notes_new"), self.form(**changes))
                self.assertContains(response, message, status_code=400)
        self.assertFalse(SessionNote.objects.exists())

    def test_it_changes_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url("notes_edit", note)), DAP["plan"])
        response = self.client.post(self.url("notes_edit", note), self.form(plan="Meet again on Friday."))
        self.assertRedirects(response, self.url("notes_view", note))
        self.assertEqual(SessionNote.objects.get(pk=note.pk).plan, "Meet again on Friday.")

    def test_it_refuses_to_edit_or_delete_a_signed_note_with_a_clear_page(self) -> None:
        note = signed(self.therapist, self.client_record)
        before = SessionNote.objects.filter(pk=note.pk).values().get()
        self.login(self.therapist)
        for response in (
            self.client.get(self.url("notes_edit", note)),
            self.client.post(self.url("notes_edit", note), self.form(plan="Rewritten")),
            self.client.post(self.url("notes_delete", note)),
            self.client.post(self.url("notes_sign", note), {"confirm": "on"}),
        ):
            self.assertContains(response, "This note is signed, so it cannot be changed", status_code=403)
        self.assertEqual(SessionNote.objects.filter(pk=note.pk).values().get(), before)

    def test_it_lets_only_the_author_change_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        self.login(self.other_therapist)
        self.assertContains(self.client.get(self.url("notes_view", note)), "only Dr Tan can change or sign it")
        response = self.client.post(self.url("notes_edit", note), self.form(plan="Not mine"))
        self.assertContains(response, "Only the therapist who started this draft", status_code=403)
        self.assertEqual(SessionNote.objects.get(pk=note.pk).plan, DAP["plan"])

    def test_it_refuses_a_delete_clearly_when_the_draft_was_signed_meanwhile(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.login(self.therapist)

        def signed_in_another_tab(client: Client, note_id: uuid.UUID) -> SessionNote:
            found = real_note_of(client, note_id)
            do_sign(self.therapist, SessionNote.objects.get(pk=found.pk))
            return found  # as the page read it: still a draft

        real_note_of = views.note_of
        with mock.patch.object(views, "note_of", side_effect=signed_in_another_tab):
            response = self.client.post(self.url("notes_delete", note))
        self.assertContains(response, "Nothing was changed", status_code=403)
        self.assertContains(response, "This note is signed, so it cannot be changed or deleted.", status_code=403)
        self.assertTrue(SessionNote.objects.get(pk=note.pk).is_signed)


class OrphanedDraftPagesTest(NotesPagesTestCase):
    """Dr Tan handed Alex to Dr Lee with a draft unsigned: Dr Lee can discard it with a reason, never sign it."""

    def setUp(self) -> None:
        self.note = draft(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        self.login(self.other_therapist)

    def test_it_says_the_draft_cannot_be_finished_and_offers_to_discard_it(self) -> None:
        page = self.client.get(self.url("notes_view", self.note))
        self.assertContains(page, "Dr Tan no longer treats Alex, so it cannot be finished.")
        self.assertContains(page, "Discard the draft")
        self.assertNotContains(page, "Sign the note")
        self.assertContains(self.client.get(self.url("notes_list")), "can no longer be finished")
        response = self.client.post(self.url("notes_sign", self.note), {"confirm": "on"})
        self.assertContains(response, "you can discard it, with a reason, from its page", status_code=403)
        self.assertFalse(SessionNote.objects.get(pk=self.note.pk).is_signed)

    def test_it_asks_for_a_reason_then_discards_and_keeps_the_reason_with_the_notes(self) -> None:
        response = self.client.post(self.url("notes_delete", self.note), {"reason": "  "})
        self.assertContains(response, "Please say in a few words why this draft can be discarded.", status_code=400)
        self.assertTrue(SessionNote.objects.filter(pk=self.note.pk).exists())
        shown = AuditEvent.objects.filter(what="notes.view", actor_ref=self.other_therapist.public_id)
        self.assertEqual(list(shown.values_list("target_ref", flat=True)), [str(self.note.public_id)])
        response = self.client.post(self.url("notes_delete", self.note), {"reason": "Covered by the handover note."})
        self.assertRedirects(response, self.url("notes_list"))
        self.assertFalse(SessionNote.objects.exists())
        listing = self.client.get(self.url("notes_list"))
        self.assertContains(listing, "Discarded drafts (1)")
        self.assertContains(listing, "by Dr Tan, discarded by Dr Lee")
        self.assertContains(listing, "Covered by the handover note.")
        self.assertTrue(AuditEvent.objects.filter(what="notes.discard_draft").exists())

    def test_it_offers_no_discard_on_her_own_draft(self) -> None:
        own = draft(self.other_therapist, self.client_record)
        page = self.client.get(self.url("notes_view", own))
        self.assertNotContains(page, "Discard the draft")
        self.assertContains(page, "Delete the draft")
        self.assertRedirects(self.client.post(self.url("notes_delete", own)), self.url("notes_list"))
        self.assertFalse(DiscardedDraft.objects.exists())


class ExportLineTest(NotesPagesTestCase):
    """The therapist is told, where she writes and signs, whether Alex can read signed notes in his export."""

    OFF = "Your practice keeps session notes out of Alex's data export: Alex does not see them."
    ON = "Your practice includes signed notes, with their addenda, in Alex's data export: Alex can read them there."

    def pages(self) -> list[str]:
        note = draft(self.therapist, self.client_record)
        signed_note = signed(self.therapist, self.client_record)
        urls = [self.url("notes_new"), self.url("notes_edit", note), self.url("notes_view", note)]
        urls += [self.url("notes_view", signed_note), self.url("notes_list")]
        return [self.client.get(url).content.decode() for url in urls]

    def test_it_says_plainly_when_notes_stay_out_of_the_export(self) -> None:
        self.login(self.therapist)
        for html in self.pages():
            self.assertIn(self.OFF, html)
            self.assertNotIn("Alex can read them there", html)

    def test_it_says_so_when_signed_notes_go_into_the_export(self) -> None:
        self.practice.notes_in_client_export = True
        self.practice.save()
        self.login(self.therapist)
        for html in self.pages():
            self.assertIn(self.ON, html)
            self.assertNotIn("Alex does not see them", html)

    def test_it_deletes_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.login(self.therapist)
        self.assertRedirects(self.client.post(self.url("notes_delete", note)), self.url("notes_list"))
        self.assertFalse(SessionNote.objects.exists())


class AddendumPagesTest(NotesPagesTestCase):
    def test_it_adds_an_addendum_to_a_signed_note(self) -> None:
        note = signed(self.therapist, self.client_record)
        self.login(self.therapist)
        response = self.client.post(self.url("notes_addendum", note), {"text": "Also talked about sleep."})
        self.assertRedirects(response, self.url("notes_view", note))
        page = self.client.get(self.url("notes_view", note))
        self.assertContains(page, "Also talked about sleep.")
        self.assertContains(page, "Signed by Dr Tan")

    def test_it_refuses_an_empty_or_overlong_addendum(self) -> None:
        note = signed(self.therapist, self.client_record)
        self.login(self.therapist)
        self.assertContains(self.client.post(self.url("notes_addendum", note), {"text": ""}), "Write", status_code=400)
        response = self.client.post(self.url("notes_addendum", note), {"text": "x" * 4001})
        self.assertContains(response, "at most 4000 characters", status_code=400)
        self.assertFalse(note.addenda.exists())

    def test_it_refuses_an_addendum_to_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.login(self.therapist)
        response = self.client.post(self.url("notes_addendum", note), {"text": "Too soon"})
        self.assertContains(response, "still a draft", status_code=403)


class ReadingTest(NotesPagesTestCase):
    def test_it_audits_the_list_and_each_note_read(self) -> None:
        note = signed(self.therapist, self.client_record)
        self.login(self.therapist)
        self.client.get(self.url("notes_list"))
        self.client.get(self.url("notes_view", note))
        self.assertEqual(AuditEvent.objects.filter(what="notes.list", action="read").count(), 1)
        event = AuditEvent.objects.get(what="notes.view")
        self.assertEqual(
            (event.actor_ref, event.client_ref, event.target_ref),
            (self.therapist.public_id, self.client_record.public_id, str(note.public_id)),
        )

    def test_it_shows_the_previous_therapists_notes_and_handover_to_the_new_one(self) -> None:
        note = signed(self.therapist, self.client_record, data="Written by Dr Tan before the transfer.")
        do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Alex is steady; see my notes.")
        self.login(self.other_therapist)
        listing = self.client.get(self.url("notes_list"))
        self.assertContains(listing, "Alex is steady; see my notes.")
        self.assertContains(listing, "Dr Tan")
        self.assertContains(self.client.get(self.url("notes_view", note)), "Written by Dr Tan before the transfer.")
        self.login(self.therapist)
        self.assertEqual(self.client.get(self.url("notes_list")).status_code, 404)

    def test_it_shows_the_latest_notes_on_the_client_record(self) -> None:
        signed(self.therapist, self.client_record)
        self.login(self.therapist)
        page = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(page, "Session notes")
        self.assertContains(page, "Write a session note")
        self.assertContains(page, ">1 note</a>")
        self.assertNotContains(page, "All 1 note")

    def queries_for(self, url: str) -> int:
        self.client.get(url)  # the first request after signing in does some one-off work
        with CaptureQueriesContext(connection) as context:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(context.captured_queries)

    def test_it_lists_notes_in_a_fixed_number_of_queries(self) -> None:
        signed(self.therapist, self.client_record)
        orphans = [draft(self.therapist, self.client_record) for _ in range(3)]
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        self.login(self.other_therapist)
        short = self.queries_for(self.url("notes_list"))
        for _ in range(30):
            do_add_addendum(self.other_therapist, signed(self.other_therapist, self.client_record), "More.")
        for orphan in orphans:
            do_discard_orphaned_draft(self.other_therapist, orphan, "Not needed.")
        do_transfer_client(self.other_therapist, self.client_record, self.therapist, "Back to you.")
        self.login(self.therapist)
        self.assertEqual(self.queries_for(self.url("notes_list")), short)
        # Handovers and discarded drafts are on page 1 only: one query each.
        self.assertEqual(self.queries_for(self.url("notes_list") + "?page=2"), short - 2)

    def test_it_fills_the_record_card_in_two_queries_however_many_notes(self) -> None:
        card = Template('{% include "notes/record_card.html" %}')
        for _ in range(12):
            signed(self.therapist, self.client_record)
        with self.assertNumQueries(2):
            html = card.render(Context({"client": self.client_record}))
        self.assertIn("All 12 notes", html)
