from lib.testing import WaymarkTestCase
from measures.definitions import Severity
from measures.scoring import ScoringError, score
from measures.tests.support import bundled

ALL_NO = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


class ASQTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.asq = bundled("asq")

    def test_it_calls_four_noes_negative_and_skips_question_5(self) -> None:
        result = score(self.asq, ALL_NO)
        assert result.screen is not None
        self.assertEqual(result.screen.result, "negative")
        self.assertNotIn("q5", result.shown)
        self.assertEqual(result.imputed, ())
        self.assertIsNone(result.alert_severity)

    def test_it_calls_any_yes_with_question_5_no_a_non_acute_positive(self) -> None:
        for item in ("q1", "q2", "q3", "q4"):
            with self.subTest(item=item):
                result = score(self.asq, {**ALL_NO, item: "yes", "q5": "no"})
                assert result.screen is not None
                self.assertIn("q5", result.shown)
                self.assertEqual(result.screen.result, "non_acute_positive")
                self.assertEqual(result.alert_severity, Severity.URGENT)

    def test_it_calls_question_5_yes_an_acute_positive(self) -> None:
        result = score(self.asq, {**ALL_NO, "q1": "yes", "q5": "yes"})
        assert result.screen is not None
        self.assertEqual((result.screen.result, result.screen.label), ("acute_positive", "Acute positive screen"))
        self.assertEqual(result.alert_severity, Severity.CRITICAL)

    def test_it_counts_an_unanswered_question_as_yes(self) -> None:
        given = {**ALL_NO, "q5": "no"}
        del given["q3"]
        result = score(self.asq, given)
        assert result.screen is not None
        self.assertEqual(result.imputed, ("q3",))
        self.assertIn("q5", result.shown)
        self.assertEqual(result.screen.result, "non_acute_positive")

    def test_it_counts_an_unanswered_question_5_as_yes_once_it_is_asked(self) -> None:
        result = score(self.asq, {**ALL_NO, "q2": "yes"})
        assert result.screen is not None
        self.assertEqual(result.imputed, ("q5",))
        self.assertEqual(result.screen.result, "acute_positive")

    def test_it_never_calls_a_blank_screen_negative(self) -> None:
        result = score(self.asq, {})
        assert result.screen is not None
        self.assertEqual(result.screen.result, "acute_positive")

    def test_it_does_not_let_a_yes_to_question_5_pass_even_when_it_was_not_asked(self) -> None:
        result = score(self.asq, {**ALL_NO, "q5": "yes"})
        assert result.screen is not None
        self.assertNotIn("q5", result.shown)
        self.assertEqual(result.screen.result, "acute_positive")

    def test_it_asks_how_and_when_after_a_past_attempt(self) -> None:
        self.assertNotIn("q4_how", score(self.asq, ALL_NO).shown)
        result = score(self.asq, {**ALL_NO, "q4": "yes", "q4_how": "Tablets", "q4_when": "Years ago", "q5": "no"})
        self.assertIn("q4_how", result.shown)
        self.assertIn("q4_when", result.shown)
        self.assertNotIn("Tablets", str(result.as_dict()))

    def test_it_accepts_yes_and_no_in_any_case(self) -> None:
        result = score(self.asq, {"q1": "No", "q2": "NO", "q3": " no ", "q4": "no"})
        assert result.screen is not None
        self.assertEqual(result.screen.result, "negative")

    def test_it_rejects_an_answer_that_is_not_yes_or_no(self) -> None:
        with self.assertRaises(ScoringError) as caught:
            score(self.asq, {**ALL_NO, "q2": "maybe"})
        self.assertEqual(caught.exception.problems, ["q2: 'maybe' is not one of yes, no"])

    def test_it_ships_the_published_wording(self) -> None:
        self.assertEqual(self.asq.item_map["q1"].text, "In the past few weeks, have you wished you were dead?")
        self.assertEqual(self.asq.item_map["q5"].text, "Are you having thoughts of killing yourself right now?")
