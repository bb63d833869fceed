from lib.testing import WaymarkTestCase
from measures.scoring import score
from measures.tests.support import bundled

DEPRESSION = ["q3", "q5", "q10", "q13", "q16", "q17", "q21"]
ANXIETY = ["q2", "q4", "q7", "q9", "q15", "q19", "q20"]
STRESS = ["q1", "q6", "q8", "q11", "q12", "q14", "q18"]


def answers(depression: int = 0, anxiety: int = 0, stress: int = 0) -> dict[str, int]:
    """Raw sums per subscale, spread over its items (the scaled score is twice the raw sum)."""
    given: dict[str, int] = {}
    for items, total in ((DEPRESSION, depression), (ANXIETY, anxiety), (STRESS, stress)):
        for item in items:
            given[item] = min(3, total)
            total -= given[item]
    return given


class DASS21Test(WaymarkTestCase):
    def setUp(self) -> None:
        self.dass = bundled("dass21")

    def scores(self, **raw_sums: int) -> dict[str, tuple[int | float, str | None]]:
        result = score(self.dass, answers(**raw_sums))
        return {scale.id: (scale.score, scale.band) for scale in result.subscales}

    def test_it_doubles_each_subscale_and_keeps_them_apart(self) -> None:
        self.assertEqual(
            self.scores(depression=7, anxiety=2, stress=11),
            {"depression": (14, "Moderate"), "anxiety": (4, "Normal"), "stress": (22, "Moderate")},
        )

    def test_it_scores_the_minimum_and_maximum(self) -> None:
        self.assertEqual(
            self.scores(), {"depression": (0, "Normal"), "anxiety": (0, "Normal"), "stress": (0, "Normal")}
        )
        top = {"depression": (42, "Extremely severe"), "anxiety": (42, "Extremely severe")}
        self.assertEqual(self.scores(depression=21, anxiety=21, stress=21), {**top, "stress": (42, "Extremely severe")})

    def test_it_puts_depression_band_boundaries_in_the_right_band(self) -> None:
        # Scaled scores are even; 0-9 normal, 10-13 mild, 14-20 moderate, 21-27 severe, 28+.
        expected = {8: "Normal", 10: "Mild", 12: "Mild", 14: "Moderate", 20: "Moderate", 22: "Severe",
                    26: "Severe", 28: "Extremely severe"}  # fmt: skip
        for scaled, band in expected.items():
            with self.subTest(scaled=scaled):
                self.assertEqual(self.scores(depression=scaled // 2)["depression"], (scaled, band))

    def test_it_puts_anxiety_band_boundaries_in_the_right_band(self) -> None:
        # 0-7 normal, 8-9 mild, 10-14 moderate, 15-19 severe, 20+.
        expected = {6: "Normal", 8: "Mild", 10: "Moderate", 14: "Moderate", 16: "Severe", 18: "Severe",
                    20: "Extremely severe"}  # fmt: skip
        for scaled, band in expected.items():
            with self.subTest(scaled=scaled):
                self.assertEqual(self.scores(anxiety=scaled // 2)["anxiety"], (scaled, band))

    def test_it_puts_stress_band_boundaries_in_the_right_band(self) -> None:
        # 0-14 normal, 15-18 mild, 19-25 moderate, 26-33 severe, 34+.
        expected = {14: "Normal", 16: "Mild", 18: "Mild", 20: "Moderate", 24: "Moderate", 26: "Severe",
                    32: "Severe", 34: "Extremely severe"}  # fmt: skip
        for scaled, band in expected.items():
            with self.subTest(scaled=scaled):
                self.assertEqual(self.scores(stress=scaled // 2)["stress"], (scaled, band))

    def test_it_has_no_total_and_is_no_suicide_screen(self) -> None:
        result = score(self.dass, answers(depression=21))
        self.assertIsNone(result.total)
        self.assertEqual(result.critical, ())
        self.assertIsNone(result.alert_severity)

    def test_it_carries_the_published_wording_of_all_21_items(self) -> None:
        self.assertTrue(self.dass.wording_verified)
        texts = [item.text for item in self.dass.items]
        self.assertEqual(len(texts), 21)
        self.assertEqual(texts[0], "I found it hard to wind down")
        self.assertEqual(texts[12], "I felt down-hearted and blue")
        self.assertEqual(texts[20], "I felt that life was meaningless")
        self.assertEqual(len(set(texts)), 21)
        labels = [option.label for option in self.dass.option_set_map["applied"].options]
        self.assertEqual(labels[1], "Applied to me to some degree, or some of the time")
