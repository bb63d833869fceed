from collections.abc import Callable
from typing import Any

from lib.testing import WaymarkTestCase
from measures.definitions import DASH, DefinitionError, parse_definition
from measures.tests.support import raw

Change = Callable[[dict[str, Any]], None]


class DefinitionErrorsTest(WaymarkTestCase):
    def problems(self, instrument_id: str, change: Change) -> list[str]:
        data = raw(instrument_id)
        change(data)
        with self.assertRaises(DefinitionError) as caught:
            parse_definition(data, f"{instrument_id}.yaml")
        return caught.exception.problems

    def assert_rejected(self, instrument_id: str, change: Change, message: str) -> None:
        self.assertIn(message, self.problems(instrument_id, change))

    @staticmethod
    def total(data: dict[str, Any]) -> dict[str, Any]:
        return data["scoring"]["total"]

    def test_it_accepts_every_bundled_definition(self) -> None:
        for instrument_id in ("phq9", "gad7", "asq", "dass21", "readiness"):
            with self.subTest(instrument_id):
                self.assertEqual(parse_definition(raw(instrument_id), "x.yaml").id, instrument_id)

    def test_it_names_the_band_before_a_gap(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["bands"][1].update(max=8),
            f"phq9.yaml: band 'Mild' 5{DASH}8 leaves 9 uncovered",
        )

    def test_it_names_a_gap_of_several_scores(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["bands"][2].update(max=12),
            f"phq9.yaml: band 'Moderate' 10{DASH}12 leaves 13{DASH}14 uncovered",
        )

    def test_it_rejects_a_gap_at_the_bottom(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["bands"][0].update(min=1),
            "phq9.yaml: no band covers 0, the lowest possible score(s); the lowest band starts at 1",
        )

    def test_it_rejects_a_gap_at_the_top(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["bands"][4].update(max=26),
            f"phq9.yaml: band 'Severe' 20{DASH}26 leaves 27 uncovered",
        )

    def test_it_rejects_overlapping_bands(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["bands"][1].update(max=10),
            f"phq9.yaml: bands 'Mild' 5{DASH}10 and 'Moderate' 10{DASH}14 overlap",
        )

    def test_it_rejects_a_band_beyond_the_possible_range(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["bands"][4].update(max=30),
            f"phq9.yaml: band 'Severe' 20{DASH}30 goes outside the possible range 0{DASH}27",
        )

    def test_it_checks_subscale_bands_against_scaled_scores(self) -> None:
        # DASS anxiety scaled scores are even: dropping "Mild" (8-9) leaves the possible score 8 uncovered.
        self.assert_rejected(
            "dass21",
            lambda d: d["scoring"]["subscales"][1]["bands"].pop(1),
            f"dass21.yaml: subscale 'anxiety': band 'Normal' 0{DASH}7 leaves 8 uncovered",
        )

    def test_it_rejects_a_subscale_counting_a_missing_item(self) -> None:
        self.assert_rejected(
            "dass21",
            lambda d: d["scoring"]["subscales"][0]["items"].append("q22"),
            "dass21.yaml: subscale 'depression': counts item 'q22', which does not exist",
        )

    def test_it_rejects_duplicate_option_values(self) -> None:
        self.assert_rejected(
            "gad7",
            lambda d: d["option_sets"][0]["options"][1].update(value=0),
            "gad7.yaml: option set 'frequency': value 0 appears twice (values must be unique)",
        )

    def test_it_rejects_a_condition_on_a_missing_item(self) -> None:
        self.assert_rejected(
            "asq",
            lambda d: d["items"][6]["show_when"]["any"].append({"item": "q6", "op": "==", "value": "yes"}),
            "asq.yaml: item 'q5': show_when: refers to item 'q6', which does not exist",
        )

    def test_it_rejects_a_condition_on_a_later_item(self) -> None:
        self.assert_rejected(
            "asq",
            lambda d: d["items"][4].update(show_when={"item": "q5", "op": "==", "value": "yes"}),
            "asq.yaml: item 'q4_how': show_when: refers to item 'q5', which is not asked before it",
        )

    def test_it_rejects_a_condition_with_a_value_the_item_does_not_offer(self) -> None:
        self.assert_rejected(
            "asq",
            lambda d: d["items"][4].update(show_when={"item": "q4", "op": "==", "value": "Y"}),
            "asq.yaml: item 'q4_how': show_when: Y is not a value of 'q4' (yes, no)",
        )

    def test_it_rejects_a_condition_on_a_score_that_does_not_exist(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: d["items"][9].update(show_when={"score": "anxiety", "op": ">", "value": 0}),
            "phq9.yaml: item 'q10': show_when: refers to score 'anxiety', which this instrument does not compute",
        )

    def test_it_rejects_reverse_keying_on_text_options(self) -> None:
        self.assert_rejected(
            "asq",
            lambda d: d["items"][3].update(reverse_keyed=True),
            "asq.yaml: item 'q4': reverse keying needs numeric option values, and 'yes_no' has text values",
        )

    def test_it_rejects_a_field_it_does_not_know(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: d["items"][0].update(colour="red"),
            "phq9.yaml: items[q1].colour: is not a field Waymark knows (check the spelling)",
        )

    def test_it_rejects_a_missing_field(self) -> None:
        self.assert_rejected("phq9", lambda d: d.pop("licence"), "phq9.yaml: licence: is required but missing")

    def test_it_explains_an_unquoted_yes(self) -> None:
        self.assert_rejected(
            "asq",
            lambda d: d["option_sets"][0]["options"][0].update(value=True),
            "asq.yaml: option_sets[yes_no].options[1].value: true was read as a true/false switch; "
            "put it in quotes, e.g. 'yes'",
        )

    def test_it_asks_for_the_version_as_text(self) -> None:
        self.assert_rejected(
            "phq9", lambda d: d.update(version=1.0), 'phq9.yaml: version: should be text; put it in quotes ("1.0")'
        )

    def test_it_rejects_a_scored_item_that_is_only_sometimes_asked(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["items"].append("q10"),
            "phq9.yaml: total: counts item 'q10', which is only sometimes asked (show_when)",
        )

    def test_it_rejects_a_scored_item_that_may_be_left_blank(self) -> None:
        self.assert_rejected(
            "gad7",
            lambda d: d["items"][2].update(required=False),
            "gad7.yaml: total: counts item 'q3', which is optional and has no if_unanswered value",
        )

    def test_it_rejects_scaling_without_a_multiplier_and_a_multiplier_without_scaling(self) -> None:
        self.assert_rejected(
            "dass21",
            lambda d: d["scoring"]["subscales"][0].pop("multiplier"),
            "dass21.yaml: subscale 'depression': method 'scaled' needs a positive multiplier",
        )
        self.assert_rejected(
            "gad7",
            lambda d: self.total(d).update(multiplier=2),
            "gad7.yaml: total: a multiplier only applies to method 'scaled'",
        )

    def test_it_rejects_a_cut_off_on_the_wrong_side(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: self.total(d)["cutoff"].update(clinical_when="<"),
            "phq9.yaml: total: with improvement 'decrease' the clinical side of the cut-off is the high side, "
            "so clinical_when cannot be '<'",
        )

    def test_it_rejects_reliable_change_given_two_ways(self) -> None:
        self.assert_rejected(
            "gad7",
            lambda d: self.total(d).update(reliable_change={"threshold": 4, "sd": 5, "reliability": 0.8}),
            "gad7.yaml: total: reliable_change needs either threshold, or sd and reliability (not both)",
        )
        self.assert_rejected(
            "gad7",
            lambda d: self.total(d).update(reliable_change={"sd": 5, "reliability": 1.2}),
            "gad7.yaml: total: reliable_change reliability must be given, at least 0 and below 1",
        )

    def test_it_rejects_a_critical_rule_on_a_value_the_item_does_not_offer(self) -> None:
        self.assert_rejected(
            "phq9",
            lambda d: d["critical_items"][0].update(op="==", value=4),
            "phq9.yaml: critical rule 'phq9_item9': 4 is not a value of 'q9' (0, 1, 2, 3)",
        )

    def test_it_rejects_an_item_without_wording_unless_it_is_marked_pending(self) -> None:
        self.assert_rejected(
            "dass21",
            lambda d: d["items"][0].update(text=" "),
            "dass21.yaml: item 'q1': text is empty; give the exact wording or set text_pending_verification: true",
        )

    def test_it_rejects_wording_on_an_item_marked_pending(self) -> None:
        self.assert_rejected(
            "dass21",
            lambda d: d["items"][0].update(text_pending_verification=True),
            "dass21.yaml: item 'q1': text must be empty while text_pending_verification is true",
        )

    def test_it_rejects_duplicate_item_ids(self) -> None:
        self.assert_rejected("gad7", lambda d: d["items"][1].update(id="q1"), "gad7.yaml: item id 'q1' is used twice")

    def test_it_rejects_a_follow_up_that_does_not_say_what_it_follows(self) -> None:
        self.assert_rejected(
            "readiness",
            lambda d: d["items"][1].pop("follows"),
            "readiness.yaml: item 'importance_why': text uses {n} or {n_plus_1} but the item does not say "
            "which item it follows",
        )

    def test_it_lists_every_problem_in_one_go(self) -> None:
        def break_twice(data: dict[str, Any]) -> None:
            self.total(data)["bands"][1].update(max=8)
            data["option_sets"][0]["options"][1].update(value=0)

        problems = self.problems("phq9", break_twice)
        self.assertIn("phq9.yaml: option set 'frequency': value 0 appears twice (values must be unique)", problems)
        self.assertIn(f"phq9.yaml: band 'Mild' 5{DASH}8 leaves 9 uncovered", problems)
