"""A signed note stays as it was signed: save() refuses, the database refuses, and the hash shows any change."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from lib.fields import Sealed
from lib.testing import WaymarkTestCase
from notes.actions import do_add_addendum
from notes.models import Addendum, SessionNote
from notes.tests.support import draft, signed


class SignedNoteLockTest(WaymarkTestCase):
    def test_it_refuses_to_save_a_note_loaded_signed(self) -> None:
        note = SessionNote.objects.get(pk=signed(self.therapist, self.client_record).pk)
        note.plan = "Rewritten after signing"
        with self.assertRaises(ValidationError):
            note.save()
        self.assertNotEqual(SessionNote.objects.get(pk=note.pk).plan, "Rewritten after signing")

    def test_it_refuses_to_delete_a_signed_note(self) -> None:
        note = signed(self.therapist, self.client_record)
        with self.assertRaises(ValidationError):
            note.delete()
        self.assertTrue(SessionNote.objects.filter(pk=note.pk).exists())

    def test_the_database_refuses_an_update_of_what_was_signed(self) -> None:
        note = signed(self.therapist, self.client_record)
        changes: list[dict[str, Any]] = [
            {"session_on": note.session_on - timedelta(days=1)},
            {"duration_minutes": 10},
            {"signed_at": None},
            {"signed_by": self.other_therapist},
            {"content_hash": "0" * 64},
            {"author": self.other_therapist},
        ]
        for change in changes:
            with self.subTest(change=list(change)), self.assertRaises(DatabaseError), transaction.atomic():
                SessionNote.objects.filter(pk=note.pk).update(**change)
        stored = SessionNote.objects.get(pk=note.pk)
        self.assertEqual((stored.duration_minutes, stored.signed_by), (50, self.therapist))
        self.assertTrue(stored.is_intact())

    def test_the_database_still_lets_a_draft_change(self) -> None:
        note = draft(self.therapist, self.client_record)
        SessionNote.objects.filter(pk=note.pk).update(duration_minutes=20)
        self.assertEqual(SessionNote.objects.get(pk=note.pk).duration_minutes, 20)

    def test_the_database_refuses_an_update_of_an_addendum(self) -> None:
        addendum = do_add_addendum(self.therapist, signed(self.therapist, self.client_record), "Later word.")
        with self.assertRaises(DatabaseError), transaction.atomic():
            Addendum.objects.filter(pk=addendum.pk).update(created_at=timezone.now() - timedelta(days=3))

    def test_the_hash_shows_words_changed_behind_the_applications_back(self) -> None:
        """The ciphertext may be rewritten (key rotation does); other words under it break the hash."""
        note = signed(self.therapist, self.client_record)
        other = draft(self.therapist, self.client_record, plan="Something else entirely.")
        field = SessionNote._meta.get_field("plan")
        forged = field.pre_save(_with_public_id(other, note), add=False)  # sealed for the signed note's row
        SessionNote.objects.filter(pk=note.pk).update(plan=Sealed(forged))
        stored = SessionNote.objects.get(pk=note.pk)
        self.assertEqual(stored.plan, "Something else entirely.")
        self.assertFalse(stored.is_intact())

    def test_its_triggers_exist(self) -> None:
        """SQLite drops triggers when a migration rebuilds the table: a later migration must add them back."""
        with connection.cursor() as cursor:
            names = {t.name for t in connection.introspection.get_table_list(cursor)}
        self.assertIn("notes_sessionnote", names)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'notes_%'")
                found = {row[0] for row in cursor.fetchall()}
            self.assertEqual(found, {"notes_sessionnote_signed_locked", "notes_addendum_locked"})


def _with_public_id(note: SessionNote, public_id_of: SessionNote) -> SessionNote:
    note.public_id = public_id_of.public_id
    return note
