import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from learning.actions import do_finish_module, do_open_module, do_share_entry, do_write_reflection
from learning.models import JournalEntry, ReadingProgress
from learning.tests.support import assign_reading, fixture_course, module_text, write_module
from lib.testing import WaymarkTestCase

FINISH = "I\u2019ve finished reading"


def count_queries(case: WaymarkTestCase, url: str) -> int:
    case.client.get(url)  # a session's first request also checks consent and saves the session
    with CaptureQueriesContext(connection) as queries:
        response = case.client.get(url)
    case.assertEqual(response.status_code, 200)
    return len(queries)


@fixture_course
class LibraryTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_lists_every_module_with_its_status(self) -> None:
        do_open_module(self.alex, "beta")
        do_finish_module(self.alex, "gamma")
        response = self.client.get(reverse("learning_library"))
        self.assertContains(response, "<h1>Learn</h1>", html=True)
        rows = [(row.module.slug, row.status_label) for row in response.context["rows"]]
        self.assertEqual(rows, [("alpha", "New"), ("beta", "In progress"), ("gamma", "Read")])
        self.assertContains(response, "Riding an urge")
        self.assertContains(response, "Urges rise, peak and pass.")
        self.assertContains(response, "1 min read")  # worked out from the short fixture text
        self.assertContains(response, "1 of 3 read")

    def test_it_puts_what_the_therapist_suggested_first(self) -> None:
        assign_reading(self, "gamma", due_on=timezone.localdate() + timedelta(days=3))
        response = self.client.get(reverse("learning_library"))
        self.assertEqual([row.module.slug for row in response.context["rows"]], ["gamma", "alpha", "beta"])
        self.assertContains(response, "Suggested by your therapist", count=1)

    def test_a_finished_suggestion_is_no_longer_suggested(self) -> None:
        assign_reading(self, "gamma")
        do_finish_module(self.alex, "gamma")
        response = self.client.get(reverse("learning_library"))
        self.assertNotContains(response, "Suggested by your therapist")

    def test_it_takes_the_same_queries_however_much_was_read(self) -> None:
        do_open_module(self.alex, "alpha")
        assign_reading(self, "beta")
        few = count_queries(self, reverse("learning_library"))
        for slug in ("beta", "gamma"):
            do_finish_module(self.alex, slug)
            assign_reading(self, slug)
        assign_reading(self, "alpha")
        with self.assertNumQueries(few):
            self.client.get(reverse("learning_library"))


@fixture_course
class ReaderTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_shows_the_module_as_an_article_and_marks_it_started(self) -> None:
        response = self.client.get(reverse("learning_module", args=["alpha"]))
        self.assertContains(response, '<h1 id="module-title">Noticing the pattern</h1>', html=True)
        self.assertContains(response, "<h2>What happens first</h2>", html=True)
        self.assertContains(response, 'rel="noopener noreferrer"')
        self.assertContains(response, "When did you last notice the pattern starting?")
        self.assertContains(response, "What helped, even a little?")
        self.assertContains(response, "Author, A. (2020)")
        self.assertContains(response, FINISH)
        self.assertContains(response, reverse("learning_module", args=["beta"]))  # next
        self.assertContains(response, "<title>Reading ·", html=False)  # a discreet tab title
        progress = ReadingProgress.objects.get(client=self.client_record, slug="alpha")
        self.assertIsNone(progress.finished_at)

    def test_earlier_answers_stay_with_their_question_when_its_wording_changes(self) -> None:
        do_write_reflection(self.alex, "alpha", 1, "Tuesday, late.")
        do_write_reflection(self.alex, "alpha", 2, "A walk.")
        reworded = ["When did you last notice it beginning?", "What helped, even a little?"]
        with tempfile.TemporaryDirectory() as folder:
            write_module(Path(folder), "alpha", module_text(slug="alpha", order=1, reflections=reworded))
            with override_settings(WAYMARK_LEARNING_DIR=folder):
                response = self.client.get(reverse("learning_module", args=["alpha"]))
        answers = [[entry.text for entry in r.entries] for r in response.context["reflections"]]
        self.assertEqual(answers, [["Tuesday, late."], ["A walk."]])

    def test_answers_follow_their_question_when_a_practice_swaps_the_questions(self) -> None:
        do_write_reflection(self.alex, "alpha", 1, "Tuesday, late.")
        do_write_reflection(self.alex, "alpha", 2, "A walk.")
        swapped = ["What helped, even a little?", "When did you last notice the pattern starting?"]
        with tempfile.TemporaryDirectory() as folder:
            write_module(Path(folder), "alpha", module_text(slug="alpha", order=1, reflections=swapped))
            with override_settings(WAYMARK_LEARNING_DIR=folder):
                response = self.client.get(reverse("learning_module", args=["alpha"]))
        answers = [[entry.text for entry in r.entries] for r in response.context["reflections"]]
        self.assertEqual(answers, [["A walk."], ["Tuesday, late."]])

    def test_an_unknown_module_is_not_found(self) -> None:
        response = self.client.get(reverse("learning_module", args=["no-such-thing"]))
        self.assertContains(response, "This reading is no longer available", status_code=404)
        self.assertEqual(self.client.post(reverse("learning_finish", args=["no-such-thing"])).status_code, 404)
        url = reverse("learning_reflect", args=["alpha", 3])
        self.assertEqual(self.client.post(url, {"r3-text": "x"}).status_code, 404)
        self.assertFalse(ReadingProgress.objects.exists())

    def test_finishing_marks_it_read_and_completes_the_task(self) -> None:
        task = assign_reading(self, "beta")
        response = self.client.post(reverse("learning_finish", args=["beta"]), follow=True)
        self.assertRedirects(response, reverse("learning_library"))
        self.assertContains(response, "is marked as read")
        self.assertIsNotNone(ReadingProgress.objects.get(client=self.client_record, slug="beta").finished_at)
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        again = self.client.get(reverse("learning_module", args=["beta"]))
        self.assertContains(again, "You have read this module.")
        self.assertNotContains(again, FINISH)

    def test_it_saves_a_reflection_to_the_journal(self) -> None:
        url = reverse("learning_reflect", args=["alpha", 2])
        data = {"r2-text": "Calling my brother.", "r2-share": "on", "r2-key": "abc123"}
        response = self.client.post(url, data, follow=True)
        self.assertRedirects(response, reverse("learning_module", args=["alpha"]) + "#reflection-2")
        self.assertContains(response, "Saved to your journal and shared with your therapist.")
        entry = JournalEntry.objects.get()
        self.assertEqual(
            (entry.prompt, entry.text, entry.shared_with_therapist),
            ("What helped, even a little?", "Calling my brother.", True),
        )
        self.assertContains(response, "Calling my brother.")
        self.client.post(url, data)  # sent twice over a flaky connection
        self.assertEqual(JournalEntry.objects.count(), 1)

    def test_it_tells_drafts_js_where_to_go_and_keeps_the_message_for_that_page(self) -> None:
        url = reverse("learning_reflect", args=["alpha", 1])
        data = {"r1-text": "Tuesday night.", "r1-key": "k-1"}
        response = self.client.post(url, data, headers={"X-Waymark-Draft": "1"})
        self.assertEqual(response.json(), {"redirect": reverse("learning_module", args=["alpha"]) + "#reflection-1"})
        self.assertEqual(JournalEntry.objects.get().text, "Tuesday night.")
        self.assertContains(self.client.get(reverse("learning_module", args=["alpha"])), "Saved to your journal.")
        self.client.post(url, data, headers={"X-Waymark-Draft": "1"})  # sent again after a dropped answer
        self.assertEqual(JournalEntry.objects.count(), 1)

    def test_an_overlong_reflection_is_refused_with_the_text_kept(self) -> None:
        text = "I noticed " + "a" * 5_000
        response = self.client.post(reverse("learning_reflect", args=["alpha", 1]), {"r1-text": text, "r1-key": "k"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Please keep this to 5,000 characters or fewer (it has 5,010).", status_code=400)
        self.assertContains(response, text, status_code=400)
        self.assertNotContains(response, "maxlength", status_code=400)
        self.assertFalse(JournalEntry.objects.exists())

    def test_a_reflection_that_fits_by_the_counter_is_saved_whatever_the_line_breaks(self) -> None:
        lines = ["x" * 99] * 50  # 4,950 characters and 49 line breaks: 4,999 as the page counts them
        response = self.client.post(
            reverse("learning_reflect", args=["alpha", 1]), {"r1-text": "\r\n".join(lines), "r1-key": "k"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(JournalEntry.objects.get().text, "\n".join(lines))

    def test_an_empty_reflection_asks_kindly(self) -> None:
        response = self.client.post(reverse("learning_reflect", args=["beta", 1]), {"r1-text": "  ", "r1-key": "k"})
        self.assertContains(response, "Write a few words first", status_code=400)


@fixture_course
class UnsafeContentTest(WaymarkTestCase):
    """A practice's file with script in it never reaches a page: it is refused, and the rest are served."""

    def test_a_module_file_with_raw_html_or_script_links_is_left_out(self) -> None:
        self.login(self.alex)
        with tempfile.TemporaryDirectory() as folder:
            body = (
                'Hello <script>alert("x")</script>\n\n[tap](javascript:alert(1))\n\n<iframe src="https://x"></iframe>'
            )
            write_module(Path(folder), "delta", module_text(body=body))
            write_module(Path(folder), "beta", module_text(slug="beta", order=2, body="<b>Replaced</b> badly."))
            with override_settings(WAYMARK_LEARNING_DIR=folder):
                library = self.client.get(reverse("learning_library"))
                reader = self.client.get(reverse("learning_module", args=["delta"]))
                beta = self.client.get(reverse("learning_module", args=["beta"]))
        self.assertEqual([row.module.slug for row in library.context["rows"]], ["alpha", "beta", "gamma"])
        self.assertEqual(reader.status_code, 404)
        self.assertContains(beta, "Riding an urge")  # the bundled module stays when its replacement is broken
        for response in (library, reader, beta):
            self.assertNotIn(b"<script>alert", response.content)
            self.assertNotIn(b"javascript:", response.content)
            self.assertNotIn(b"<iframe", response.content)


@fixture_course
class JournalTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_lists_entries_with_their_sharing(self) -> None:
        do_write_reflection(self.alex, "alpha", 1, "Private thought.")
        do_write_reflection(self.alex, "beta", 1, "Shared thought.", share=True)
        response = self.client.get(reverse("learning_journal"))
        self.assertContains(response, "Private thought.")
        self.assertContains(response, "Shared thought.")
        self.assertContains(response, "Stop sharing", count=1)
        self.assertContains(response, "Share with my therapist", count=1)
        self.assertContains(response, "Riding an urge")

    def test_it_is_kind_when_empty(self) -> None:
        self.assertContains(self.client.get(reverse("learning_journal")), "Nothing here yet.")

    def test_it_takes_the_same_queries_however_long_the_journal(self) -> None:
        do_write_reflection(self.alex, "alpha", 1, "One.")
        few = count_queries(self, reverse("learning_journal"))
        for n in range(30):
            do_write_reflection(self.alex, "beta", 1, f"Entry {n}.", share=n % 2 == 0)
        with self.assertNumQueries(few):
            self.client.get(reverse("learning_journal"))

    def test_it_shares_and_unshares(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "Maybe share.")
        url = reverse("learning_entry_share", args=[entry.public_id])
        response = self.client.post(url, {"shared": "yes"}, follow=True)
        self.assertContains(response, "Shared with your therapist.")
        entry.refresh_from_db()
        self.assertTrue(entry.shared_with_therapist)
        self.client.post(url, {"shared": "no"})
        entry.refresh_from_db()
        self.assertFalse(entry.shared_with_therapist)

    def test_it_edits_an_entry(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "First draft.")
        url = reverse("learning_entry_edit", args=[entry.public_id])
        self.assertContains(self.client.get(url), "First draft.")
        response = self.client.post(url, {"text": "Second draft."})
        self.assertRedirects(response, reverse("learning_journal") + f"#entry-{entry.public_id}")
        entry.refresh_from_db()
        self.assertEqual(entry.text, "Second draft.")
        response = self.client.post(url, {"text": "Third draft."}, headers={"X-Waymark-Draft": "1"})
        self.assertEqual(response.json(), {"redirect": reverse("learning_journal") + f"#entry-{entry.public_id}"})
        entry.refresh_from_db()
        self.assertEqual(entry.text, "Third draft.")

    def test_an_overlong_edit_keeps_the_text_and_changes_nothing(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "Short.")
        long_text = "b" * 5_001
        response = self.client.post(reverse("learning_entry_edit", args=[entry.public_id]), {"text": long_text})
        self.assertContains(response, "Please keep this to 5,000 characters", status_code=400)
        self.assertContains(response, long_text, status_code=400)
        entry.refresh_from_db()
        self.assertEqual(entry.text, "Short.")

    def test_an_edit_that_fits_by_the_counter_is_saved_whatever_the_line_breaks(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "Short.")
        lines = ["y" * 99] * 50
        response = self.client.post(reverse("learning_entry_edit", args=[entry.public_id]), {"text": "\r".join(lines)})
        self.assertEqual(response.status_code, 302)
        entry.refresh_from_db()
        self.assertEqual(entry.text, "\n".join(lines))

    def test_it_deletes_an_entry_after_asking(self) -> None:
        entry, _ = do_write_reflection(self.alex, "alpha", 1, "Delete me.")
        url = reverse("learning_entry_delete", args=[entry.public_id])
        self.assertContains(self.client.get(url), "Delete this entry?")
        self.assertTrue(JournalEntry.objects.exists())
        self.assertRedirects(self.client.post(url), reverse("learning_journal"))
        self.assertFalse(JournalEntry.objects.exists())

    def test_another_clients_entry_is_not_found(self) -> None:
        bos, _ = do_write_reflection(self.bo_record.user, "alpha", 1, "Bo's own.")
        for name in ("learning_entry_edit", "learning_entry_delete"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name, args=[bos.public_id])).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("learning_entry_share", args=[bos.public_id]), {"shared": "yes"}).status_code, 404
        )
        self.assertEqual(self.client.post(reverse("learning_entry_delete", args=[bos.public_id])).status_code, 404)
        self.assertEqual(self.client.get(reverse("learning_entry_edit", args=[uuid.uuid4()])).status_code, 404)
        bos.refresh_from_db()
        self.assertFalse(bos.shared_with_therapist)


@fixture_course
class TherapistTest(WaymarkTestCase):
    def url(self) -> str:
        return reverse("learning_client", args=[self.client_record.public_id])

    def test_it_shows_progress_and_only_shared_reflections_audited(self) -> None:
        do_finish_module(self.alex, "alpha")
        do_open_module(self.alex, "beta")
        do_write_reflection(self.alex, "alpha", 1, "Shared with Dr Tan.", share=True)
        private, _ = do_write_reflection(self.alex, "alpha", 2, "Only for me.")
        self.login(self.therapist)
        response = self.client.get(self.url())
        self.assertContains(response, "1 of 3 modules read")
        self.assertContains(response, "Shared with Dr Tan.")
        self.assertNotContains(response, "Only for me.")
        self.assertContains(response, "In progress")
        self.assertTrue(
            AuditEvent.objects.filter(what="learning.client", client_ref=self.client_record.public_id).exists()
        )
        do_share_entry(self.alex, private, True)
        self.assertContains(self.client.get(self.url()), "Only for me.")

    def test_it_says_when_nothing_is_shared(self) -> None:
        do_write_reflection(self.alex, "alpha", 1, "Private.")
        self.login(self.therapist)
        response = self.client.get(self.url())
        self.assertContains(response, "has not shared any reflections yet")
        self.assertNotContains(response, "Private.")

    def test_it_takes_the_same_queries_however_long_the_history(self) -> None:
        do_write_reflection(self.alex, "alpha", 1, "One.", share=True)
        self.login(self.therapist)
        few = count_queries(self, self.url())
        for slug in ("alpha", "beta", "gamma"):
            do_finish_module(self.alex, slug)
        for n in range(40):
            do_write_reflection(self.alex, "beta", 1, f"Entry {n}.", share=True)
        with self.assertNumQueries(few):
            self.client.get(self.url())

    def test_another_therapist_is_not_found(self) -> None:
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_the_record_card_counts_without_any_text(self) -> None:
        do_finish_module(self.alex, "alpha")
        do_write_reflection(self.alex, "alpha", 1, "Shared words.", share=True)
        do_write_reflection(self.alex, "alpha", 2, "Private words.")
        self.login(self.therapist)
        response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, "1 of 3 modules read")
        self.assertContains(response, "last: Noticing the pattern")
        self.assertContains(response, "1 reflection shared with you")
        self.assertNotContains(response, "Shared words.")
        self.assertNotContains(response, "Private words.")


@fixture_course
class HomeCardTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_a_new_client_is_invited_to_start(self) -> None:
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Start here")
        self.assertContains(response, reverse("learning_module", args=["alpha"]))

    def test_it_offers_suggestions_and_what_was_left_half_read(self) -> None:
        assign_reading(self, "gamma")
        do_open_module(self.alex, "beta")
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Your therapist suggested:")
        self.assertContains(response, "Looking after yourself")
        self.assertContains(response, "Pick up where you left off:")
        self.assertContains(response, "Riding an urge")
