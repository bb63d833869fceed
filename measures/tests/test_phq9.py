from lib.testing import WaymarkTestCase
from measures.definitions import Severity
from measures.scoring import ScoringError, score
from measures.tests.support import bundled, spread

ITEMS = [f"q{n}" for n in range(1, 10)]
NOT_ITEM_9 = ITEMS[:8]


def answers(total: int, item_9: int = 0) -> dict[str, int]:
    return {**spread(NOT_ITEM_9, total - item_9), "q9": item_9}


class PHQ9Test(WaymarkTestCase):
    def setUp(self) -> None:
        self.phq9 = bundled("phq9")

    def test_it_scores_the_minimum_as_minimal_with_no_follow_up_question(self) -> None:
        result = score(self.phq9, answers(0))
        assert result.total is not None
        self.assertEqual((result.total.score, result.total.band, result.total.clinical), (0, "Minimal", False))
        self.assertNotIn("q10", result.shown)
        self.assertEqual(result.critical, ())
        self.assertIsNone(result.alert_severity)

    def test_it_scores_the_maximum_as_severe(self) -> None:
        result = score(self.phq9, {item: 3 for item in ITEMS})
        assert result.total is not None
        self.assertEqual((result.total.score, result.total.band, result.total.clinical), (27, "Severe", True))

    def test_it_puts_every_band_boundary_in_the_right_band(self) -> None:
        # Hand-worked from INSTRUMENTS.md: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27.
        expected = {
            4: "Minimal",
            5: "Mild",
            9: "Mild",
            10: "Moderate",
            14: "Moderate",
            15: "Moderately severe",
            19: "Moderately severe",
            20: "Severe",
        }
        for total, band in expected.items():
            with self.subTest(total=total):
                result = score(self.phq9, answers(total))
                assert result.total is not None
                self.assertEqual((result.total.score, result.total.band), (total, band))

    def test_it_flags_the_clinical_cut_off_at_ten(self) -> None:
        below, at = score(self.phq9, answers(9)).total, score(self.phq9, answers(10)).total
        assert below is not None and at is not None
        self.assertEqual((below.clinical, at.clinical), (False, True))

    def test_it_raises_item_9_at_one_or_more_and_asks_for_the_asq(self) -> None:
        quiet = score(self.phq9, answers(12, item_9=0))
        self.assertEqual(quiet.critical, ())
        for item_9 in (1, 2, 3):
            with self.subTest(item_9=item_9):
                result = score(self.phq9, answers(12, item_9=item_9))
                [flag] = result.critical
                self.assertEqual((flag.code, flag.item, flag.then_ask), ("phq9_item9", "q9", "asq"))
                self.assertEqual(result.alert_severity, Severity.URGENT)

    def test_it_raises_item_9_even_when_the_total_is_minimal(self) -> None:
        result = score(self.phq9, answers(1, item_9=1))
        assert result.total is not None
        self.assertEqual(result.total.band, "Minimal")
        self.assertEqual([flag.code for flag in result.critical], ["phq9_item9"])

    def test_it_asks_item_10_only_once_a_problem_was_checked(self) -> None:
        self.assertIn("q10", score(self.phq9, answers(1)).shown)
        self.assertIn("q10", score(self.phq9, {**answers(1), "q10": 2}).shown)
        self.assertNotIn("q10", score(self.phq9, answers(0)).shown)

    def test_it_does_not_count_item_10_in_the_total(self) -> None:
        result = score(self.phq9, {**answers(6), "q10": 3})
        assert result.total is not None
        self.assertEqual(result.total.score, 6)

    def test_it_lists_every_problem_at_once(self) -> None:
        given = {**answers(5), "q3": 4, "q7": "often", "q11": 1}
        del given["q8"]
        with self.assertRaises(ScoringError) as caught:
            score(self.phq9, given)
        self.assertEqual(
            sorted(caught.exception.problems),
            [
                "q11: not an item of PHQ-9",
                "q3: 4 is not one of 0, 1, 2, 3",
                "q7: 'often' is not one of 0, 1, 2, 3",
                "q8: not answered, and it is required",
            ],
        )

    def test_it_accepts_answers_as_text_from_a_csv(self) -> None:
        result = score(self.phq9, {item: "2" for item in ITEMS})
        assert result.total is not None
        self.assertEqual(result.total.score, 18)

    def test_it_records_the_version_it_scored_with(self) -> None:
        result = score(self.phq9, answers(3))
        self.assertEqual((result.instrument_id, result.instrument_version), ("phq9", "1.0"))

    def test_it_ships_the_published_wording(self) -> None:
        self.assertTrue(self.phq9.wording_verified)
        self.assertEqual(
            self.phq9.stem, "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
        )
        self.assertEqual(self.phq9.item_map["q1"].text, "Little interest or pleasure in doing things")
        self.assertEqual(
            self.phq9.item_map["q9"].text,
            "Thoughts that you would be better off dead, or of hurting yourself in some way",
        )
        labels = [option.label for option in self.phq9.option_set_map["frequency"].options]
        self.assertEqual(labels, ["Not at all", "Several days", "More than half the days", "Nearly every day"])
