from typing import Any

from django.test import TestCase, override_settings

from audit.models import AuditEvent
from demo.management.commands.load_demo import Command as LoadDemo
from learning.actions import do_finish_module, do_write_reflection
from learning.demo import add_demo_learning
from learning.models import JournalEntry, ReadingProgress
from learning.tests.support import fixture_course
from lib.testing import WaymarkTestCase
from privacy.access_log import label_for
from privacy.export import build_export


@fixture_course
class ExportTest(WaymarkTestCase):
    def test_the_export_holds_reading_and_the_whole_journal(self) -> None:
        do_finish_module(self.alex, "alpha")
        do_write_reflection(self.alex, "alpha", 1, "Shared one.", share=True)
        do_write_reflection(self.alex, "beta", 1, "Private one.")
        do_write_reflection(self.bo_record.user, "beta", 1, "Bo's, not Alex's.")
        document = build_export(self.client_record)
        reading: Any = document["reading_progress"]
        self.assertEqual([(r["module"], r["title"]) for r in reading], [("alpha", "Noticing the pattern")])
        self.assertIsNotNone(reading[0]["finished"])
        journal: Any = document["journal"]
        self.assertEqual([e["text"] for e in journal], ["Shared one.", "Private one."])
        self.assertEqual(journal[0]["question"], "When did you last notice the pattern starting?")
        self.assertEqual([e["shared_with_therapist"] for e in journal], [True, False])

    def test_the_access_log_names_what_the_therapist_looked_at(self) -> None:
        self.login(self.therapist)
        self.client.get(f"/clients/{self.client_record.public_id}/learning/")
        event = AuditEvent.objects.get(what="learning.client")
        self.assertEqual(label_for(event), "Looked at your reading and the reflections you shared")


class DemoTest(TestCase):
    @override_settings(WAYMARK_LEARNING_DIR="")
    def test_the_demo_reads_and_reflects_and_runs_twice_without_change(self) -> None:
        LoadDemo().create_practice()  # the demo's people only: other areas' demo data is theirs to test
        add_demo_learning()
        alex = JournalEntry.objects.filter(client__user__email="alex@demo.waymark.test")
        self.assertEqual(alex.count(), 2)
        self.assertEqual(alex.filter(shared_with_therapist=True).count(), 1)
        read = ReadingProgress.objects.filter(client__user__email="alex@demo.waymark.test", finished_at__isnull=False)
        self.assertEqual(read.count(), 3)
        before = (ReadingProgress.objects.count(), JournalEntry.objects.count())
        add_demo_learning()
        self.assertEqual((ReadingProgress.objects.count(), JournalEntry.objects.count()), before)
