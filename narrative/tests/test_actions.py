"""Saving steps (and the versions rule), commenting, and what flows from them: audit, homework, email."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from homework.models import Kind, Task
from narrative.actions import do_comment_on_step, do_mark_comments_seen, do_save_step
from narrative.models import StepComment, StepVersion
from narrative.queries import has_started, latest_versions
from narrative.tests.support import MARCH_3, WORDS, StoryTestCase


class SaveStepTest(StoryTestCase):
    def test_it_saves_the_first_words_as_version_one_and_audits_it(self) -> None:
        saved = do_save_step(self.alex, "beginning", "I was twelve.")
        self.assertEqual((saved.created, saved.changed, saved.version.number), (True, True, 1))
        version = StepVersion.objects.get()
        self.assertEqual((version.step, version.text), ("beginning", "I was twelve."))
        event = AuditEvent.objects.get(what="narrative.step.save")
        self.assertEqual(event.target_ref, str(version.public_id))
        self.assertNotIn("twelve", str(event.__dict__))

    def test_it_stores_the_words_encrypted(self) -> None:
        self.write("beginning", "A secret only my therapist knows.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM narrative_stepversion")
            (stored,) = cursor.fetchone()
        self.assertNotIn("secret", stored)

    def test_it_counts_a_line_break_as_one_character_as_the_page_does(self) -> None:
        version = self.write("beginning", "one\r\ntwo")
        self.assertEqual(version.text, "one\ntwo")

    def test_it_refuses_words_longer_than_the_step_holds_and_stores_nothing(self) -> None:
        with self.assertRaisesMessage(ValidationError, "up to 5,000 characters and yours has 5,001"):
            self.write("beginning", "a" * 5_001)
        self.assertFalse(StepVersion.objects.exists())
        self.write("beginning", "a" * 5_000)  # the limit itself is fine

    def test_it_refuses_an_unknown_step_or_choice(self) -> None:
        with self.assertRaisesMessage(ValidationError, "no such step"):
            do_save_step(self.alex, "no-such-step", "Words")
        with self.assertRaisesMessage(ValidationError, "no choice called boredom"):
            self.write("what-it-does", "Words", ("numbing", "boredom"))
        with self.assertRaisesMessage(ValidationError, "no choice called numbing"):
            self.write("beginning", "Words", ("numbing",))
        self.assertFalse(StepVersion.objects.exists())

    def test_it_keeps_the_choices_in_the_steps_order(self) -> None:
        version = self.write("what-it-does", "", ("connection", "escape", "numbing"))
        self.assertEqual(version.chosen, ["numbing", "escape", "connection"])
        self.assertTrue(version.has_words)

    def test_it_lets_only_the_client_write_their_story(self) -> None:
        for person in (self.therapist, self.supporter, self.admin, self.outsider):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_save_step(person, "beginning", "Words")
        self.alex.is_active = False
        with self.assertRaises(PermissionDenied):
            do_save_step(self.alex, "beginning", "Words")
        self.assertFalse(StepVersion.objects.exists())

    def test_it_changes_nothing_when_the_words_are_the_same(self) -> None:
        self.write("beginning")
        with time_machine.travel(timezone.now() + timedelta(hours=2)):
            saved = do_save_step(self.alex, "beginning", WORDS["beginning"])
        self.assertEqual((saved.created, saved.changed), (False, False))
        self.assertEqual(StepVersion.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(what="narrative.step.save").count(), 1)


class VersionsRuleTest(StoryTestCase):
    """A version holds up to ten minutes of writing, counted from its first save; every version is kept."""

    def save_at(self, minutes: float, text: str) -> StepVersion:
        with time_machine.travel(MARCH_3 + timedelta(minutes=minutes), tick=False):
            return self.write("beginning", text)

    def test_it_updates_the_newest_version_for_ten_minutes_then_starts_the_next(self) -> None:
        typed = ""
        for second in range(0, 25 * 60, 2):  # autosave every two seconds for 25 minutes
            typed += "a"
            self.save_at(second / 60, typed)
        versions = list(StepVersion.objects.order_by("number"))
        self.assertEqual([v.number for v in versions], [1, 2, 3])
        self.assertEqual([(v.started_at - MARCH_3).total_seconds() for v in versions], [0, 600, 1200])
        self.assertEqual(versions[0].text, "a" * 300)  # the last save before minute ten
        self.assertEqual(versions[-1].text, typed)
        self.assertEqual(versions[-1].saved_at, MARCH_3 + timedelta(seconds=25 * 60 - 2))
        self.assertEqual(AuditEvent.objects.filter(what="narrative.step.save").count(), 3)

    def test_it_starts_a_new_version_on_another_day_and_keeps_the_old_one(self) -> None:
        self.save_at(0, "First go")
        self.save_at(9.9, "First go, a little longer")
        self.save_at(60 * 24, "Next day")
        self.assertEqual(list(StepVersion.objects.order_by("number").values_list("number", flat=True)), [1, 2])
        self.assertEqual(
            [v.text for v in StepVersion.objects.order_by("number")], ["First go, a little longer", "Next day"]
        )

    def test_it_keeps_versions_per_step(self) -> None:
        self.save_at(0, "Beginning")
        with time_machine.travel(MARCH_3 + timedelta(minutes=1), tick=False):
            self.write("growing", "Growing")
        self.assertEqual(sorted(StepVersion.objects.values_list("step", "number")), [("beginning", 1), ("growing", 1)])


class StartedAndHomeworkTest(StoryTestCase):
    def test_it_has_started_once_any_step_has_words_in_one_query(self) -> None:
        with self.assertNumQueries(1):
            self.assertFalse(has_started(self.client_record))
        self.write("beginning", "   ")  # only spaces: saved as empty
        self.assertFalse(has_started(self.client_record))
        self.write("what-it-does", "", ("escape",))
        with self.assertNumQueries(1):
            self.assertTrue(has_started(self.client_record))

    def test_it_completes_the_story_worksheet_once_every_step_has_words(self) -> None:
        task = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="narrative", title="My story")
        other = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="values", title="Values")
        for step in list(WORDS)[:-1]:
            self.write(step)
        task.refresh_from_db()
        self.assertIsNone(task.completed_at)
        self.write("instead")
        task.refresh_from_db()
        other.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        self.assertIsNone(other.completed_at)

    def test_a_task_set_after_the_story_was_finished_completes_on_the_next_save(self) -> None:
        self.write_all()
        task = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="narrative", title="My story")
        self.write("beginning", "Rewritten, now that I look again")
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_saving_the_same_words_completes_a_task_set_after_the_story_was_finished(self) -> None:
        self.write_all()
        task = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="narrative", title="My story")
        self.assertFalse(do_save_step(self.alex, "beginning", WORDS["beginning"]).changed)  # read it through, saved
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)

    def test_an_edit_reads_the_whole_story_only_when_a_story_task_is_open(self) -> None:
        # Autosave saves every few seconds: without a task waiting, one small homework query and no more.
        self.write_all()
        with CaptureQueriesContext(connection) as quiet:
            self.write("beginning", "Rewritten")
        Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="narrative", title="My story")
        with CaptureQueriesContext(connection) as waiting:
            self.write("beginning", "Rewritten again")
        self.assertEqual(sum("homework_task" in q["sql"] for q in quiet.captured_queries), 1)
        self.assertGreater(len(waiting.captured_queries), len(quiet.captured_queries))
        self.assertEqual(len(latest_versions(self.client_record)), 6)


class CommentTest(StoryTestCase):
    def test_it_saves_the_therapists_comment_encrypted_and_audits_it(self) -> None:
        comment = self.comment("growing", "  Thank you for writing this.  ")
        self.assertEqual(
            (comment.step, comment.text, comment.author), ("growing", "Thank you for writing this.", self.therapist)
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM narrative_stepcomment")
            self.assertNotIn("Thank", cursor.fetchone()[0])
        self.assertTrue(AuditEvent.objects.filter(what="narrative.comment", target_ref=str(comment.public_id)).exists())

    def test_it_refuses_an_empty_or_overlong_comment_and_stores_nothing(self) -> None:
        for text, problem in [("", "empty"), ("   \n ", "empty"), ("a" * 2_001, "2,000 characters or fewer")]:
            with self.subTest(problem=problem), self.assertRaisesMessage(ValidationError, problem):
                self.comment("beginning", text)
        with self.assertRaisesMessage(ValidationError, "no such step"):
            self.comment("no-such-step", "Hello")
        self.assertFalse(StepComment.objects.exists())

    def test_it_lets_only_the_treating_therapist_comment(self) -> None:
        for person in (self.other_therapist, self.outsider, self.alex, self.supporter, self.admin):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_comment_on_step(person, self.client_record, "beginning", "Hello")
        self.assertFalse(StepComment.objects.exists())

    def test_it_keeps_a_discharged_clients_story_read_only(self) -> None:
        self.client_record.discharged_at = timezone.now()
        self.client_record.access_ends_at = timezone.now() + timedelta(days=30)  # still readable, read-only
        self.client_record.save()
        with self.assertRaisesMessage(ValidationError, "read-only"):
            self.comment()
        self.assertFalse(StepComment.objects.exists())

    def test_it_emails_the_client_a_content_free_update_once_until_they_read_it(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.comment("beginning")
        with self.captureOnCommitCallbacks(execute=True):
            self.comment("growing")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["alex@example.com"])
        self.assertNotIn("story", mail.outbox[0].body.lower() + mail.outbox[0].subject.lower())
        self.assertEqual(do_mark_comments_seen(self.alex, "beginning"), 1)
        self.assertEqual(do_mark_comments_seen(self.alex, "growing"), 1)
        with self.captureOnCommitCallbacks(execute=True):
            self.comment("costs")
        self.assertEqual(len(mail.outbox), 2)

    def test_it_marks_only_that_steps_comments_seen(self) -> None:
        self.comment("beginning")
        self.comment("growing")
        self.assertEqual(do_mark_comments_seen(self.alex, "beginning"), 1)
        self.assertEqual(do_mark_comments_seen(self.alex, "beginning"), 0)
        self.assertEqual(StepComment.objects.filter(seen_at__isnull=True).get().step, "growing")
        with self.assertRaises(PermissionDenied):
            do_mark_comments_seen(self.therapist, "growing")
