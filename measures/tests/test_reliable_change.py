import math

from lib.testing import WaymarkTestCase
from measures import registry
from measures.definitions import DASH
from measures.scoring import Classification, ScoringError, rci, reliable_change
from measures.tests.support import EXAMPLES, bundled

RECOVERED, IMPROVED = Classification.RECOVERED, Classification.IMPROVED
NO_CHANGE, DETERIORATED = Classification.NO_RELIABLE_CHANGE, Classification.DETERIORATED


class ReliableChangeTest(WaymarkTestCase):
    def assert_classifies(self, instrument_id: str, cases: dict[tuple[int, int], Classification]) -> None:
        definition = bundled(instrument_id) if instrument_id != "example" else self.example
        for (baseline, follow_up), expected in cases.items():
            with self.subTest(baseline=baseline, follow_up=follow_up):
                self.assertEqual(reliable_change(definition, "total", baseline, follow_up), expected)

    def setUp(self) -> None:
        self.example = registry.load_file(EXAMPLES / "example-scale.yaml")

    def test_it_uses_phq9s_published_threshold_of_six_and_cut_off_of_ten(self) -> None:
        self.assert_classifies(
            "phq9",
            {
                (15, 9): RECOVERED,  # drop of 6, from 10+ to below 10
                (12, 6): RECOVERED,
                (20, 14): IMPROVED,  # drop of 6, still 10 or more
                (9, 3): IMPROVED,  # drop of 6, but it started below the cut-off
                (15, 10): NO_CHANGE,  # drop of 5
                (15, 14): NO_CHANGE,
                (8, 13): NO_CHANGE,  # rise of 5
                (8, 14): DETERIORATED,  # rise of 6
            },
        )

    def test_it_uses_gad7s_published_threshold_of_four_and_cut_off_of_eight(self) -> None:
        self.assert_classifies(
            "gad7",
            {
                (10, 6): RECOVERED,  # drop of 4, from 8+ to below 8
                (11, 7): RECOVERED,
                (15, 11): IMPROVED,  # drop of 4, still 8 or more
                (10, 7): NO_CHANGE,  # drop of 3
                (5, 9): DETERIORATED,  # rise of 4
                (5, 8): NO_CHANGE,
            },
        )

    def test_it_computes_the_jacobson_truax_index_from_sd_and_reliability(self) -> None:
        # Example Scale: SD = 5, r = 0.84. SE = 5 * sqrt(1 - 0.84) = 5 * 0.4 = 2.0;
        # S_diff = sqrt(2) * 2.0 = 2.8284; a change of 6 gives RCI = 6 / 2.8284 = 2.1213 (> 1.96, reliable),
        # a change of 5 gives 5 / 2.8284 = 1.7678 (not reliable).
        self.assertAlmostEqual(rci(5, 0.84, 14, 20), 6 / (2 * math.sqrt(2)))
        self.assertAlmostEqual(rci(5, 0.84, 14, 20), 2.1213, places=4)
        self.assertAlmostEqual(rci(5, 0.84, 14, 9), -1.7678, places=4)
        self.assert_classifies(
            "example",
            {
                (14, 8): RECOVERED,  # RCI -2.12, from 12+ to below 12
                (20, 14): IMPROVED,  # RCI -2.12, still 12 or more
                (14, 9): NO_CHANGE,  # RCI -1.77
                (8, 13): NO_CHANGE,  # RCI +1.77
                (8, 14): DETERIORATED,  # RCI +2.12
            },
        )

    def test_it_refuses_scores_outside_the_instruments_range(self) -> None:
        with self.assertRaises(ScoringError) as caught:
            reliable_change(bundled("phq9"), "total", 30, 4)
        self.assertEqual(caught.exception.problems, [f"baseline 30 is outside phq9's range 0{DASH}27"])

    def test_it_refuses_a_scale_the_instrument_does_not_have(self) -> None:
        with self.assertRaises(ScoringError) as caught:
            reliable_change(bundled("dass21"), "total", 10, 4)
        self.assertEqual(caught.exception.problems, ["dass21 has no score called 'total'"])
