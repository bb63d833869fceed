"""The story in the client's data export, and in the demo practice."""

from datetime import timedelta

import time_machine
from django.core.management import call_command

from caseload.models import Client
from narrative.demo import add_demo_narrative
from narrative.export import story
from narrative.models import StepComment, StepVersion
from narrative.queries import has_started, story_of
from narrative.tests.support import MARCH_3, StoryTestCase
from privacy.export import build_export


class ExportTest(StoryTestCase):
    def test_it_exports_every_step_with_every_version_and_the_comments(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            self.write("beginning", "First go")
        with time_machine.travel(MARCH_3 + timedelta(days=1), tick=False):
            self.write("beginning", "Second go")
            self.write("what-it-does", "", ("numbing",))
            self.comment("beginning", "Thank you.")
        name, steps = story(self.client_record)
        self.assertEqual(name, "story")
        assert isinstance(steps, list)
        self.assertEqual(len(steps), 6)
        first = steps[0]
        self.assertEqual(first["step"], "How it started")
        self.assertEqual([v["text"] for v in first["versions"]], ["First go", "Second go"])
        self.assertEqual([(c["from"], c["text"]) for c in first["comments"]], [("Dr Tan", "Thank you.")])
        self.assertEqual(steps[3]["versions"][0]["ticked"], ["Numbing"])
        self.assertEqual(
            steps[5],
            {"step": "What I want instead", "question": "What do you want instead?", "versions": [], "comments": []},
        )
        self.assertIn("story", build_export(self.client_record))


class DemoTest(StoryTestCase):
    def test_it_writes_the_demo_stories_once(self) -> None:
        call_command("load_demo", verbosity=0)
        counts = (StepVersion.objects.count(), StepComment.objects.count())
        add_demo_narrative()
        self.assertEqual((StepVersion.objects.count(), StepComment.objects.count()), counts)
        people = {
            c.user.email.split("@")[0]: c for c in Client.objects.filter(user__email__endswith="demo.waymark.test")
        }
        written = {name: story_of(client).written for name, client in people.items()}
        self.assertEqual(written, {"alex": 3, "jordan": 4, "sam": 2, "ravi": 6, "lin": 6})
        alex = story_of(people["alex"])
        self.assertEqual([row.version.number for row in alex.rows if row.version], [2, 2, 1])
        self.assertEqual(alex.with_new_comments[0].step.id, "harder-times")
        self.assertTrue(has_started(people["sam"]))
