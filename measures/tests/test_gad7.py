from lib.testing import WaymarkTestCase
from measures.scoring import score
from measures.tests.support import bundled, spread

ITEMS = [f"q{n}" for n in range(1, 8)]


class GAD7Test(WaymarkTestCase):
    def setUp(self) -> None:
        self.gad7 = bundled("gad7")

    def test_it_scores_the_minimum_and_maximum(self) -> None:
        low, high = score(self.gad7, spread(ITEMS, 0)).total, score(self.gad7, spread(ITEMS, 21)).total
        assert low is not None and high is not None
        self.assertEqual((low.score, low.band, low.clinical), (0, "Minimal", False))
        self.assertEqual((high.score, high.band, high.clinical), (21, "Severe", True))

    def test_it_puts_every_band_boundary_in_the_right_band(self) -> None:
        # INSTRUMENTS.md: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.
        expected = {4: "Minimal", 5: "Mild", 9: "Mild", 10: "Moderate", 14: "Moderate", 15: "Severe"}
        for total, band in expected.items():
            with self.subTest(total=total):
                result = score(self.gad7, spread(ITEMS, total)).total
                assert result is not None
                self.assertEqual((result.score, result.band), (total, band))

    def test_it_flags_the_cut_off_at_eight(self) -> None:
        below, at = score(self.gad7, spread(ITEMS, 7)).total, score(self.gad7, spread(ITEMS, 8)).total
        assert below is not None and at is not None
        self.assertEqual((below.clinical, at.clinical), (False, True))

    def test_it_has_no_critical_items(self) -> None:
        self.assertEqual(score(self.gad7, spread(ITEMS, 21)).critical, ())

    def test_it_ships_the_published_wording(self) -> None:
        self.assertEqual(self.gad7.item_map["q1"].text, "Feeling nervous, anxious, or on edge")
        self.assertEqual(self.gad7.item_map["q7"].text, "Feeling afraid, as if something awful might happen")
        self.assertEqual(self.gad7.option_set_map["frequency"].options[0].label, "Not at all")
