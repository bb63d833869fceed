from datetime import UTC, datetime, timedelta
from importlib import import_module

import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AuditEvent
from learning.actions import (
    do_delete_entry,
    do_edit_entry,
    do_finish_module,
    do_open_module,
    do_share_entry,
    do_write_reflection,
)
from learning.models import JournalEntry, ReadingProgress
from learning.tests.support import assign_reading, fixture_course
from lib.testing import WaymarkTestCase

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@fixture_course
class ReadingActionsTest(WaymarkTestCase):
    def test_it_marks_a_module_started_once(self) -> None:
        with time_machine.travel(NOW, tick=False):
            first = do_open_module(self.alex, "alpha")
        with time_machine.travel(NOW + timedelta(days=2), tick=False):
            again = do_open_module(self.alex, "alpha")
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(again.opened_at, NOW)
        self.assertIsNone(again.finished_at)
        self.assertEqual(AuditEvent.objects.filter(what="learning.open").count(), 1)

    def test_it_marks_a_module_read_and_completes_its_reading_task(self) -> None:
        task = assign_reading(self, "alpha")
        other = assign_reading(self, "beta")
        with time_machine.travel(NOW, tick=False):
            progress = do_finish_module(self.alex, "alpha")
        self.assertEqual(progress.finished_at, NOW)
        task.refresh_from_db()
        other.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        self.assertIsNone(other.completed_at)
        event = AuditEvent.objects.get(what="learning.finish")
        self.assertEqual(event.target_ref, str(progress.public_id))

    def test_finishing_again_keeps_the_first_date(self) -> None:
        with time_machine.travel(NOW, tick=False):
            do_finish_module(self.alex, "alpha")
        with time_machine.travel(NOW + timedelta(days=5), tick=False):
            progress = do_finish_module(self.alex, "alpha")
        self.assertEqual(progress.finished_at, NOW)
        self.assertEqual(AuditEvent.objects.filter(what="learning.finish").count(), 1)

    def test_a_module_set_again_after_reading_is_completed_by_reading_it_again(self) -> None:
        do_finish_module(self.alex, "alpha")
        task = assign_reading(self, "alpha")
        do_finish_module(self.alex, "alpha")
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_it_refuses_an_unknown_module(self) -> None:
        with self.assertRaises(ValidationError):
            do_open_module(self.alex, "no-such-module")
        with self.assertRaises(ValidationError):
            do_finish_module(self.alex, "no-such-module")
        self.assertFalse(ReadingProgress.objects.exists())

    def test_only_the_client_writes(self) -> None:
        for person in (self.therapist, self.supporter, self.admin):
            with self.subTest(person=person.display_name), self.assertRaises(PermissionDenied):
                do_finish_module(person, "alpha")
        self.assertFalse(ReadingProgress.objects.exists())


@fixture_course
class JournalActionsTest(WaymarkTestCase):
    def test_it_saves_a_reflection_to_the_journal_encrypted(self) -> None:
        entry, created = do_write_reflection(self.alex, "alpha", 2, "  A walk helped.  ")
        self.assertTrue(created)
        self.assertEqual(
            (entry.source, entry.prompt, entry.question, entry.text),
            ("module:alpha", "What helped, even a little?", 2, "A walk helped."),
        )
        self.assertFalse(entry.shared_with_therapist)
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM learning_journalentry")
            stored = cursor.fetchone()[0]
        self.assertNotIn("walk", stored)
        self.assertTrue(AuditEvent.objects.filter(what="learning.reflect", target_ref=str(entry.public_id)).exists())

    def test_it_can_share_at_once(self) -> None:
        with time_machine.travel(NOW, tick=False):
            entry, _ = do_write_reflection(self.alex, "beta", 1, "Warm, then tight.", share=True)
        self.assertTrue(entry.shared_with_therapist)
        self.assertEqual(entry.shared_at, NOW)

    def test_the_same_key_stores_once(self) -> None:
        first, created = do_write_reflection(self.alex, "alpha", 1, "Tuesday night.", key="k-1")
        again, created_again = do_write_reflection(self.alex, "alpha", 1, "Tuesday night.", key="k-1")
        self.assertEqual((created, created_again, first.pk), (True, False, again.pk))
        self.assertEqual(JournalEntry.objects.count(), 1)

    def test_it_refuses_bad_input_and_stores_nothing(self) -> None:
        cases = [
            ("alpha", 3, "text", "question"),
            ("beta", 2, "text", "question"),
            ("alpha", 1, "   ", "text"),
            ("alpha", 1, "x" * 5_001, "text"),
            ("nope", 1, "text", "module"),
        ]
        for slug, number, text, field in cases:
            with self.subTest(slug=slug, number=number), self.assertRaises(ValidationError) as caught:
                do_write_reflection(self.alex, slug, number, text)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(JournalEntry.objects.exists())

    def test_the_limit_message_is_clear(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            do_write_reflection(self.alex, "alpha", 1, "x" * 5_200)
        self.assertEqual(
            caught.exception.message_dict["text"], ["Please keep this to 5,000 characters or fewer (it has 5,200)."]
        )

    def test_it_edits_shares_unshares_and_deletes_an_entry(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "First go.")
        do_edit_entry(self.alex, entry, "Second go.")
        do_share_entry(self.alex, entry, True)
        entry.refresh_from_db()
        self.assertEqual(entry.text, "Second go.")
        self.assertTrue(entry.shared_with_therapist)
        self.assertIsNotNone(entry.shared_at)
        do_share_entry(self.alex, entry, False)
        entry.refresh_from_db()
        self.assertFalse(entry.shared_with_therapist)
        self.assertIsNone(entry.shared_at)
        do_delete_entry(self.alex, entry)
        self.assertFalse(JournalEntry.objects.exists())
        whats = list(AuditEvent.objects.filter(what__startswith="learning.").values_list("what", flat=True))
        for what in ("learning.edit_entry", "learning.share_entry", "learning.unshare_entry", "learning.delete_entry"):
            self.assertIn(what, whats)

    def test_nobody_else_changes_a_clients_entry(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "Mine.")
        bo = self.bo_record.user
        for person in (bo, self.therapist, self.supporter):
            with self.subTest(person=person.display_name):
                with self.assertRaises(PermissionDenied):
                    do_edit_entry(person, entry, "Changed.")
                with self.assertRaises(PermissionDenied):
                    do_share_entry(person, entry, True)
                with self.assertRaises(PermissionDenied):
                    do_delete_entry(person, entry)
        entry.refresh_from_db()
        self.assertEqual((entry.text, entry.shared_with_therapist), ("Mine.", False))


@fixture_course
class NumberExistingAnswersTest(WaymarkTestCase):
    """The data migration gives answers written before positions were kept the position of their question."""

    def test_it_matches_each_answer_to_its_question_by_the_current_wording(self) -> None:
        def written(source: str, prompt: str) -> JournalEntry:
            return JournalEntry.objects.create(client=self.client_record, source=source, prompt=prompt, text="Mine.")

        second = written("module:alpha", "What helped, even a little?")
        first = written("module:alpha", "When did you last notice the pattern starting?")
        reworded = written("module:alpha", "An older wording of the question")
        gone = written("module:no-longer-here", "What helped, even a little?")
        migration = import_module("learning.migrations.0002_journal_entry_question_position")
        migration.number_existing_answers(apps, None)
        numbers = [JournalEntry.objects.get(pk=entry.pk).question for entry in (second, first, reworded, gone)]
        self.assertEqual(numbers, [2, 1, None, None])

    def test_it_numbers_answers_to_a_question_reworded_in_the_same_release(self) -> None:
        migration = import_module("learning.migrations.0002_journal_entry_question_position")
        ((source, earlier), number) = next(iter(migration.EARLIER_WORDING.items()))
        entry = JournalEntry.objects.create(client=self.client_record, source=source, prompt=earlier, text="Mine.")
        migration.number_existing_answers(apps, None)
        self.assertEqual(JournalEntry.objects.get(pk=entry.pk).question, number)
