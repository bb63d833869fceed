from lib.testing import WaymarkTestCase
from measures.scoring import ScoringError, item_text, reliable_change, score, shown_items
from measures.tests.support import bundled


class ReadinessRulersTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.rulers = bundled("readiness")

    def test_it_is_process_data_not_a_validated_scale(self) -> None:
        self.assertFalse(self.rulers.is_validated_scale)
        result = score(self.rulers, {"importance": 8, "confidence": 4, "readiness": 6})
        self.assertIsNone(result.total)
        self.assertEqual({s.id: (s.score, s.band) for s in result.subscales},
                         {"importance": (8, None), "confidence": (4, None), "readiness": (6, None)})  # fmt: skip

    def test_it_asks_both_follow_ups_with_the_number_filled_in(self) -> None:
        answers = {"importance": 7, "confidence": 4, "readiness": 6}
        self.assertEqual(item_text(self.rulers, "importance_why", answers), "Why a 7 and not a lower number?")
        self.assertEqual(
            item_text(self.rulers, "importance_why", {**answers, "importance": 8}), "Why an 8 and not a lower number?"
        )
        self.assertEqual(item_text(self.rulers, "importance_next", answers), "What would it take to move to 8?")
        self.assertIn("confidence_why", shown_items(self.rulers, answers))

    def test_it_skips_the_follow_ups_that_make_no_sense_at_the_ends(self) -> None:
        shown = shown_items(self.rulers, {"importance": 0, "confidence": 10, "readiness": 5})
        self.assertNotIn("importance_why", shown)
        self.assertIn("importance_next", shown)
        self.assertIn("confidence_why", shown)
        self.assertNotIn("confidence_next", shown)

    def test_it_keeps_follow_up_answers_optional(self) -> None:
        result = score(self.rulers, {"importance": 7, "confidence": 4, "readiness": 6, "importance_why": "My family"})
        self.assertEqual(result.subscale("importance").score, 7)

    def test_it_refuses_to_call_a_ruler_change_reliable(self) -> None:
        with self.assertRaises(ScoringError) as caught:
            reliable_change(self.rulers, "importance", 3, 9)
        self.assertEqual(caught.exception.problems, ["readiness has no reliable-change parameters for 'importance'"])
