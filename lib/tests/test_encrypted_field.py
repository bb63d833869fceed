"""EncryptedTextField: plain text in Python, AES-GCM tokens bound to row and field in the database."""

import copy
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.test import TestCase, override_settings
from django.test.utils import isolate_apps

from lib import crypto
from lib.fields import EncryptedTextField, Sealed
from lib.tests.encrypted_models import Note, NoteProxy, NoteTables

TEXT = "I felt the pull after the argument with my brother"
OTHER_KEY = "k2:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="


def stored(note: Note, field: str = "body") -> str:
    """What the database holds for one field, as read by someone with a copy of it."""
    return Note.objects.filter(pk=note.pk).values_list(field, flat=True).get()


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]


class EncryptedFieldTest(NoteTables, TestCase):
    def test_it_reads_back_what_was_written(self) -> None:
        note = Note.objects.create(body=TEXT, plan="Call Dr Tan")
        again = Note.objects.get(pk=note.pk)
        self.assertEqual(again.body, TEXT)
        self.assertEqual(again.plan, "Call Dr Tan")
        self.assertEqual(note.body, TEXT)

    def test_it_stores_a_keyed_token_and_never_the_text(self) -> None:
        note = Note.objects.create(body=TEXT)
        token = stored(note)
        self.assertTrue(token.startswith("k1$"))
        self.assertNotIn("argument", token)
        self.assertTrue(crypto.is_token(token))

    def test_it_gives_different_ciphertexts_for_the_same_text(self) -> None:
        note = Note.objects.create(body=TEXT)
        first = stored(note)
        note.body = TEXT
        note.save()
        second = stored(note)
        twin = Note.objects.create(body=TEXT)
        self.assertEqual(len({first, second, stored(twin)}), 3)
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_refuses_a_ciphertext_moved_to_another_row(self) -> None:
        mine = Note.objects.create(body=TEXT)
        theirs = Note.objects.create(body="Someone else's words")
        Note.objects.filter(pk=theirs.pk).update(body=Sealed(stored(mine)))
        with self.assertRaises(crypto.DecryptionError):
            _ = Note.objects.get(pk=theirs.pk).body

    def test_it_refuses_a_ciphertext_moved_to_another_field(self) -> None:
        note = Note.objects.create(body=TEXT, plan="Walk")
        Note.objects.filter(pk=note.pk).update(plan=Sealed(stored(note, "body")))
        again = Note.objects.get(pk=note.pk)
        self.assertEqual(again.body, TEXT)
        with self.assertRaises(crypto.DecryptionError):
            _ = again.plan

    def test_it_refuses_a_damaged_ciphertext(self) -> None:
        note = Note.objects.create(body=TEXT)
        token = stored(note)
        flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
        Note.objects.filter(pk=note.pk).update(body=Sealed(flipped))
        with self.assertRaises(crypto.DecryptionError):
            _ = Note.objects.get(pk=note.pk).body

    def test_it_refuses_to_write_plain_text_with_update(self) -> None:
        note = Note.objects.create(body=TEXT)
        with self.assertRaisesMessage(ValueError, "body is encrypted"), transaction.atomic():
            Note.objects.filter(pk=note.pk).update(body="written in the clear")
        with self.assertRaisesMessage(ValueError, "body is encrypted"), transaction.atomic():
            Note.objects.filter(pk=note.pk).update(body="k1$looksLikeAToken=")
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_refuses_bulk_update_and_filtering_on_the_text(self) -> None:
        note = Note.objects.create(body=TEXT)
        note.body = "changed"
        with self.assertRaises(ValueError), transaction.atomic():
            Note.objects.bulk_update([note], ["body"])
        with self.assertRaises(ValueError), transaction.atomic():
            Note.objects.filter(body=TEXT).exists()
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_encrypts_rows_made_with_bulk_create(self) -> None:
        made = Note.objects.bulk_create([Note(body=TEXT), Note(body="")])
        self.assertTrue(stored(made[0]).startswith("k1$"))
        self.assertEqual(Note.objects.get(pk=made[0].pk).body, TEXT)
        self.assertEqual(stored(made[1]), "")

    def test_it_keeps_empty_text_empty(self) -> None:
        note = Note.objects.create(body="")
        self.assertEqual(stored(note), "")
        self.assertEqual(Note.objects.get(pk=note.pk).body, "")
        self.assertTrue(Note.objects.filter(body="").filter(pk=note.pk).exists())
        note.body = TEXT
        note.save()
        note.body = ""
        note.save()
        self.assertEqual(stored(note), "")
        Note.objects.filter(pk=note.pk).update(body="")
        self.assertEqual(Note.objects.get(pk=note.pk).body, "")

    def test_it_names_an_unknown_key_clearly(self) -> None:
        note = Note.objects.create(body=TEXT)
        missing = self.assertRaisesMessage(crypto.DecryptionError, "no data key with id 'k1' is configured")
        with override_settings(WAYMARK_DATA_KEYS=OTHER_KEY), missing:
            _ = Note.objects.get(pk=note.pk).body

    def test_it_rejects_text_over_max_chars_in_forms_and_validation(self) -> None:
        too_long = NoteForm(data={"body": "x" * 201})
        self.assertFalse(too_long.is_valid())
        self.assertIn("body", too_long.errors)
        self.assertTrue(NoteForm(data={"body": "x" * 200}).is_valid())
        with self.assertRaises(ValidationError):
            Note(body="x" * 201).full_clean()

    def test_it_saves_what_a_form_wrote(self) -> None:
        note = Note.objects.create(body="first draft")
        form = NoteForm(data={"body": TEXT}, instance=Note.objects.get(pk=note.pk))
        self.assertEqual(form.initial["body"], "first draft")
        self.assertTrue(form.is_valid())
        form.save()
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_loads_a_deferred_value_with_one_query(self) -> None:
        note = Note.objects.create(body=TEXT, title="Monday")
        lazy = Note.objects.defer("body").get(pk=note.pk)
        with self.assertNumQueries(1):
            self.assertEqual(lazy.body, TEXT)
        only_title = Note.objects.only("title").get(pk=note.pk)
        self.assertEqual(only_title.body, TEXT)

    def test_it_keeps_deferred_text_when_saving_other_fields(self) -> None:
        note = Note.objects.create(body=TEXT, title="Monday")
        lazy = Note.objects.defer("body").get(pk=note.pk)
        lazy.title = "Tuesday"
        lazy.save()
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_refreshes_from_the_database(self) -> None:
        note = Note.objects.create(body=TEXT)
        elsewhere = Note.objects.get(pk=note.pk)
        elsewhere.body = "Rewritten in session"
        elsewhere.save()
        note.refresh_from_db()
        self.assertEqual(note.body, "Rewritten in session")
        elsewhere.body = "Rewritten again"
        elsewhere.save()
        note.refresh_from_db(fields=["body"])
        self.assertEqual(note.body, "Rewritten again")

    def test_it_leaves_untouched_text_as_stored_when_other_fields_change(self) -> None:
        note = Note.objects.create(body=TEXT, title="Monday")
        token = stored(note)
        again = Note.objects.get(pk=note.pk)
        again.title = "Tuesday"
        again.save()
        self.assertEqual(stored(note), token)
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_seals_a_copied_note_for_its_new_row(self) -> None:
        original = Note.objects.create(body=TEXT, plan="Walk")
        duplicate = Note.objects.get(pk=original.pk)
        duplicate.pk = None
        duplicate.public_id = uuid.uuid4()
        duplicate._state.adding = True
        duplicate.save()
        self.assertNotEqual(duplicate.pk, original.pk)
        self.assertEqual(Note.objects.get(pk=duplicate.pk).body, TEXT)
        self.assertEqual(Note.objects.get(pk=duplicate.pk).plan, "Walk")
        self.assertEqual(Note.objects.get(pk=original.pk).body, TEXT)

    def test_it_reads_copies_and_deep_copies_of_a_loaded_note(self) -> None:
        note = Note.objects.create(body=TEXT)
        loaded = Note.objects.get(pk=note.pk)
        self.assertEqual(copy.copy(loaded).body, TEXT)
        deep = copy.deepcopy(Note.objects.get(pk=note.pk))
        self.assertEqual(deep.body, TEXT)
        deep.title = "copied"
        deep.save()
        self.assertEqual(Note.objects.get(pk=note.pk).body, TEXT)

    def test_it_reads_the_same_rows_through_a_proxy_model(self) -> None:
        through_proxy = NoteProxy.objects.create(body=TEXT)
        self.assertEqual(Note.objects.get(pk=through_proxy.pk).body, TEXT)
        plain = Note.objects.create(body="Written through the model")
        self.assertEqual(NoteProxy.objects.get(pk=plain.pk).body, "Written through the model")

    def test_it_uses_new_keys_as_soon_as_the_setting_changes(self) -> None:
        with override_settings(WAYMARK_DATA_KEYS=f"{OTHER_KEY},k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="):
            note = Note.objects.create(body=TEXT)
            self.assertTrue(stored(note).startswith("k2$"))
        self.assertTrue(Note.objects.create(body=TEXT).body)
        with self.assertRaises(crypto.DecryptionError):
            _ = Note.objects.get(pk=note.pk).body

    @isolate_apps("lib")
    def test_it_tells_a_developer_when_a_model_has_no_public_id(self) -> None:
        class Unbound(models.Model):
            words = EncryptedTextField()

            class Meta:
                app_label = "lib"

        errors = Unbound._meta.get_field("words").check()
        self.assertEqual([e.id for e in errors], ["lib.E001"])
        self.assertEqual(Note._meta.get_field("body").check(databases=[connection.alias]), [])
