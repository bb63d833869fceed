"""Writing, signing and adding to session notes, and everything that is refused."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from caseload.actions import do_discharge, do_transfer_client
from caseload.models import Client
from lib.testing import WaymarkTestCase
from notes.actions import (
    NoteEntry,
    do_add_addendum,
    do_delete_draft,
    do_discard_orphaned_draft,
    do_edit_draft,
    do_sign,
    do_write_draft,
)
from notes.models import ADDENDUM_CHARS, DISCARD_REASON_CHARS, SECTION_CHARS, Addendum, DiscardedDraft, SessionNote
from notes.tests.support import DAP, draft, entry, signed
from practice.models import NoteFormat

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class WriteDraftTest(WaymarkTestCase):
    def test_it_saves_a_draft_in_the_practices_format_encrypted(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.assertFalse(note.is_signed)
        self.assertEqual(note.format, NoteFormat.DAP)
        self.assertEqual([s.title for s, _ in note.section_texts()], ["Data", "Assessment", "Plan"])
        stored = SessionNote.objects.filter(pk=note.pk).values_list("data", "assessment", "plan").get()
        for text in stored:
            self.assertNotIn("Alex", text)
            self.assertNotIn("risk", text)
        self.assertEqual(SessionNote.objects.get(pk=note.pk).data, DAP["data"])
        self.assertTrue(AuditEvent.objects.filter(what="notes.draft", target_ref=str(note.public_id)).exists())

    def test_it_writes_soap_when_the_practice_uses_soap_and_keeps_each_notes_own_format(self) -> None:
        dap = draft(self.therapist, self.client_record)
        self.practice.note_format = NoteFormat.SOAP
        self.practice.save()
        self.client_record.refresh_from_db()
        soap_entry = NoteEntry(timezone.localdate(), 45, {"subjective": "A good week.", "objective": "Calm."})
        soap = do_write_draft(self.therapist, self.client_record, soap_entry)
        self.assertEqual(soap.format, NoteFormat.SOAP)
        self.assertEqual([s.title for s, _ in soap.section_texts()], ["Subjective", "Objective", "Assessment", "Plan"])
        dap.refresh_from_db()
        self.assertEqual(dap.format, NoteFormat.DAP)

    @time_machine.travel(NOW, tick=False)
    def test_it_refuses_a_session_in_the_future(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            do_write_draft(self.therapist, self.client_record, entry(timezone.localdate() + timedelta(days=2)))
        self.assertIn("session_on", caught.exception.message_dict)
        self.assertFalse(SessionNote.objects.exists())

    def test_it_refuses_a_length_outside_one_to_480_minutes(self) -> None:
        for minutes in (0, 481, -5):
            with self.subTest(minutes=minutes), self.assertRaises(ValidationError) as caught:
                do_write_draft(self.therapist, self.client_record, entry(minutes=minutes))
            self.assertIn("duration_minutes", caught.exception.message_dict)
        self.assertFalse(SessionNote.objects.exists())

    def test_it_refuses_overlong_text_and_sections_of_another_format(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            do_write_draft(self.therapist, self.client_record, entry(plan="x" * (SECTION_CHARS + 1)))
        self.assertIn("plan", caught.exception.message_dict)
        with self.assertRaises(ValidationError):
            do_write_draft(self.therapist, self.client_record, entry(subjective="Not a DAP section"))
        self.assertFalse(SessionNote.objects.exists())

    def test_it_refuses_anyone_but_the_treating_therapist(self) -> None:
        for person in (self.other_therapist, self.alex, self.supporter, self.admin, self.outsider):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                draft(person, self.client_record)
        self.assertFalse(SessionNote.objects.exists())

    def test_it_refuses_a_discharged_clients_record(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaisesMessage(ValidationError, "read-only"):
            draft(self.therapist, self.client_record)
        self.assertFalse(SessionNote.objects.exists())


class EditAndSignTest(WaymarkTestCase):
    def test_it_lets_the_author_change_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        do_edit_draft(self.therapist, note, entry(minutes=30, plan="A new plan."))
        note.refresh_from_db()
        self.assertEqual((note.duration_minutes, note.plan), (30, "A new plan."))

    def test_it_signs_and_locks_the_note_with_a_content_hash(self) -> None:
        note = do_sign(self.therapist, draft(self.therapist, self.client_record))
        note = SessionNote.objects.get(pk=note.pk)
        self.assertTrue(note.is_signed)
        self.assertEqual(note.signed_by, self.therapist)
        self.assertEqual(len(note.content_hash), 64)
        self.assertTrue(note.is_intact())
        self.assertTrue(AuditEvent.objects.filter(what="notes.sign", target_ref=str(note.public_id)).exists())

    def test_it_refuses_to_sign_with_an_empty_section(self) -> None:
        note = draft(self.therapist, self.client_record, assessment="")
        with self.assertRaisesMessage(ValidationError, "Assessment"):
            do_sign(self.therapist, note)
        self.assertFalse(SessionNote.objects.get(pk=note.pk).is_signed)

    def test_it_refuses_to_edit_sign_or_delete_a_signed_note_and_changes_nothing(self) -> None:
        note = signed(self.therapist, self.client_record)
        before = SessionNote.objects.filter(pk=note.pk).values().get()
        for attempt in (
            lambda: do_edit_draft(self.therapist, note, entry(plan="Rewritten")),
            lambda: do_sign(self.therapist, note),
            lambda: do_delete_draft(self.therapist, note),
        ):
            with self.assertRaisesMessage(ValidationError, "signed"):
                attempt()
        self.assertEqual(SessionNote.objects.filter(pk=note.pk).values().get(), before)

    def test_it_lets_only_the_author_change_or_sign_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        with self.assertRaises(PermissionDenied):
            do_sign(self.other_therapist, note)
        with self.assertRaises(PermissionDenied):
            do_sign(self.therapist, note)  # no longer treats Alex
        self.assertFalse(SessionNote.objects.get(pk=note.pk).is_signed)

    def test_it_deletes_a_draft(self) -> None:
        note = draft(self.therapist, self.client_record)
        do_delete_draft(self.therapist, note)
        self.assertFalse(SessionNote.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(what="notes.delete_draft").exists())

    def test_it_refuses_a_draft_deleted_meanwhile_clearly(self) -> None:
        note = draft(self.therapist, self.client_record)
        SessionNote.objects.get(pk=note.pk).delete()  # in another tab
        for attempt in (
            lambda: do_edit_draft(self.therapist, note, entry(plan="Rewritten")),
            lambda: do_sign(self.therapist, note),
            lambda: do_delete_draft(self.therapist, note),
        ):
            with self.assertRaisesMessage(ValidationError, "This draft has already been deleted."):
                attempt()


class DiscardOrphanedDraftTest(WaymarkTestCase):
    """Dr Tan hands Alex to Dr Lee with a draft unsigned: Dr Lee may discard it, with a reason, but never sign it."""

    def setUp(self) -> None:
        self.note = draft(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")

    def test_it_discards_the_draft_and_keeps_who_when_and_why(self) -> None:
        kept = do_discard_orphaned_draft(self.other_therapist, self.note, "  Session covered in the handover note.  ")
        self.assertFalse(SessionNote.objects.exists())
        kept = DiscardedDraft.objects.get(pk=kept.pk)
        self.assertEqual(
            (kept.public_id, kept.author, kept.session_on, kept.discarded_by, kept.reason),
            (
                self.note.public_id,
                self.therapist,
                self.note.session_on,
                self.other_therapist,
                "Session covered in the handover note.",
            ),
        )
        self.assertNotIn("handover", DiscardedDraft.objects.values_list("reason", flat=True).get())
        event = AuditEvent.objects.get(what="notes.discard_draft")
        self.assertEqual((event.actor_ref, event.target_ref), (self.other_therapist.public_id, str(kept.public_id)))

    def test_it_needs_a_reason_of_a_sensible_length(self) -> None:
        for reason in ("", "   ", "x" * (DISCARD_REASON_CHARS + 1)):
            with self.subTest(length=len(reason)), self.assertRaises(ValidationError) as caught:
                do_discard_orphaned_draft(self.other_therapist, self.note, reason)
            self.assertIn("reason", caught.exception.message_dict)
        self.assertTrue(SessionNote.objects.filter(pk=self.note.pk).exists())

    def test_only_the_current_therapist_discards_and_nobody_signs_anothers_words(self) -> None:
        for person in (self.therapist, self.alex, self.admin, self.outsider):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_discard_orphaned_draft(person, self.note, "Not needed.")
        with self.assertRaises(PermissionDenied):
            do_sign(self.other_therapist, self.note)
        self.assertFalse(SessionNote.objects.get(pk=self.note.pk).is_signed)
        self.assertFalse(DiscardedDraft.objects.exists())

    def test_it_leaves_her_own_drafts_and_signed_notes_alone(self) -> None:
        own = draft(self.other_therapist, self.client_record)
        with self.assertRaisesMessage(ValidationError, "This draft is yours"):
            do_discard_orphaned_draft(self.other_therapist, own, "Mine.")
        note = signed(self.other_therapist, self.client_record)
        with self.assertRaisesMessage(ValidationError, "signed"):
            do_discard_orphaned_draft(self.other_therapist, note, "Signed.")
        # Discharged with the draft still there (before discharge waited for drafts): the record is read-only.
        now = timezone.now()
        Client.objects.filter(pk=self.client_record.pk).update(discharged_at=now, access_ends_at=now + timedelta(30))
        with self.assertRaisesMessage(ValidationError, "read-only"):
            do_discard_orphaned_draft(self.other_therapist, self.note, "Too late.")
        self.assertEqual(SessionNote.objects.count(), 3)
        self.assertFalse(DiscardedDraft.objects.exists())


class AddendumTest(WaymarkTestCase):
    def test_it_adds_a_signed_addendum_to_a_signed_note(self) -> None:
        note = signed(self.therapist, self.client_record)
        addendum = do_add_addendum(self.therapist, note, "  Correction: the session was 40 minutes.  ")
        addendum = Addendum.objects.get(pk=addendum.pk)
        self.assertEqual(addendum.text, "Correction: the session was 40 minutes.")
        self.assertEqual(addendum.author, self.therapist)
        self.assertTrue(addendum.is_intact())
        self.assertNotIn("Correction", Addendum.objects.filter(pk=addendum.pk).values_list("text", flat=True).get())

    def test_it_lets_the_next_therapist_add_to_a_previous_therapists_note(self) -> None:
        note = signed(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        do_add_addendum(self.other_therapist, note, "Read at handover.")
        with self.assertRaises(PermissionDenied):
            do_add_addendum(self.therapist, note, "No longer mine to add to.")
        self.assertEqual(note.addenda.count(), 1)

    def test_it_refuses_an_addendum_on_a_draft_empty_overlong_or_discharged(self) -> None:
        note = draft(self.therapist, self.client_record)
        with self.assertRaises(ValidationError):
            do_add_addendum(self.therapist, note, "On a draft")
        note = do_sign(self.therapist, note)
        for text in ("", "   ", "x" * (ADDENDUM_CHARS + 1)):
            with self.assertRaises(ValidationError):
                do_add_addendum(self.therapist, note, text)
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaisesMessage(ValidationError, "read-only"):
            do_add_addendum(self.therapist, note, "After discharge")
        self.assertFalse(Addendum.objects.exists())

    def test_it_never_changes_an_addendum(self) -> None:
        addendum = do_add_addendum(self.therapist, signed(self.therapist, self.client_record), "First word.")
        addendum.text = "Second thoughts."
        with self.assertRaises(ValidationError):
            addendum.save()
        self.assertEqual(Addendum.objects.get(pk=addendum.pk).text, "First word.")
