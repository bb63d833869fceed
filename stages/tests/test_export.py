from typing import Any

from goals.actions import do_add_goal, do_review_goal
from lib.testing import WaymarkTestCase
from privacy.export import build_export, to_json
from stages.actions import do_move_stage


class ExportTests(WaymarkTestCase):
    def test_it_exports_the_moves_without_the_therapists_note_or_reason(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "Private clinical note", "Private reason")
        document = build_export(self.client_record)
        history: Any = document["stage_history"]
        [move] = history["moves"]
        self.assertEqual((move["from_stage"], move["to_stage"], move["to_name"]), (1, 2, "Abstinence"))
        self.assertNotIn("Private", to_json(document))

    def test_it_exports_goals_with_their_steps_and_every_review(self) -> None:
        goal = do_add_goal(self.alex, self.client_record, "meaning", "Volunteer", first_step="List three places")
        do_review_goal(self.therapist, goal, 4, "A good start")
        goals: Any = build_export(self.client_record)["goals"]
        [exported] = goals
        self.assertEqual(exported["title"], "Volunteer")
        self.assertEqual(exported["steps"][0]["step"], "List three places")
        self.assertEqual(
            exported["reviews"][0] | {"when": None},
            {"when": None, "by": "Dr Tan", "progress": 4, "note": "A good start"},
        )
