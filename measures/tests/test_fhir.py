import copy
import json
from pathlib import Path
from typing import Any

from django.conf import settings

from lib.testing import WaymarkTestCase
from measures import registry
from measures.definitions import DASH, DefinitionError
from measures.fhir import definition_from_fhir
from measures.scoring import score
from measures.tests.support import EXAMPLES

ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"


def questionnaire() -> dict[str, Any]:
    return json.loads((EXAMPLES / "example-fhir.fhir.json").read_text(encoding="utf-8"))


def companion() -> dict[str, Any]:
    return {"citation": "Placeholder", "is_validated_scale": True, "scoring": {"total": {"items": ["f1", "f2"]}}}


class FHIRImportTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.example = registry.load_file(EXAMPLES / "example-fhir.yaml")

    def problems(self, fhir: dict[str, Any], extra: dict[str, Any] | None = None) -> list[str]:
        with self.assertRaises(DefinitionError) as caught:
            definition_from_fhir(fhir, {**companion(), **(extra or {})}, "x.yaml (x.fhir.json)")
        return caught.exception.problems

    def test_it_takes_identity_wording_and_options_from_the_questionnaire(self) -> None:
        example = self.example
        self.assertEqual((example.id, example.version, example.title), ("example-fhir", "1.0", "Example FHIR Scale"))
        self.assertEqual(example.licence, "Placeholder: the terms of your licence, and who holds it.")
        self.assertEqual(example.stem, "Example stem: over the past two weeks, how often …")
        self.assertEqual([item.id for item in example.items], ["f1", "f2", "f3", "f4", "f4_more"])
        self.assertEqual(example.item_map["f1"].text, "Example item 1 …")
        f1 = example.options_for(example.item_map["f1"])
        assert f1 is not None
        self.assertEqual(
            [(o.value, o.label, o.code) for o in f1.options][:2], [(0, "Never", "never"), (1, "Sometimes", "sometimes")]
        )

    def test_it_scores_with_the_ordinal_values_including_a_reversed_item(self) -> None:
        result = score(self.example, {"f1": 0, "f2": 1, "f3": 2, "f4": "never"})
        assert result.total is not None
        self.assertEqual((result.total.score, result.total.band, result.total.clinical), (6, "Moderate", True))

    def test_it_accepts_answer_codes(self) -> None:
        result = score(self.example, {"f1": "never", "f2": "always", "f3": "often", "f4": "always"})
        assert result.total is not None
        self.assertEqual(result.total.score, 0 + 3 + 2 + 0)

    def test_it_turns_enable_when_into_a_display_rule(self) -> None:
        asked = score(self.example, {"f1": 0, "f2": 0, "f3": 0, "f4": "never"})
        skipped = score(self.example, {"f1": 0, "f2": 0, "f3": 0, "f4": "often"})
        self.assertIn("f4_more", asked.shown)
        self.assertNotIn("f4_more", skipped.shown)

    def test_it_takes_bands_cut_off_and_critical_items_from_the_companion(self) -> None:
        result = score(self.example, {"f1": 3, "f2": 3, "f3": 3, "f4": "never"})
        assert result.total is not None
        self.assertEqual((result.total.score, result.total.band), (12, "High"))
        self.assertEqual([flag.code for flag in result.critical], ["exf_item3"])

    def test_it_reads_item_weights_on_the_coding_too(self) -> None:
        fhir = questionnaire()
        for option in fhir["item"][1]["answerOption"]:
            weight = option.pop("extension")[0]["valueDecimal"]
            option["valueCoding"]["extension"] = [{"url": ITEM_WEIGHT, "valueDecimal": weight * 2}]
        definition = definition_from_fhir(fhir, companion(), "x.yaml")
        total = score(definition, {"f1": "always", "f2": "always", "f3": 0, "f4": 0}).total
        assert total is not None
        self.assertEqual(total.score, 6 + 3)

    def test_it_rejects_options_of_which_only_some_have_a_score(self) -> None:
        fhir = questionnaire()
        del fhir["item"][2]["answerOption"][0]["extension"]
        self.assertIn(
            "x.yaml (x.fhir.json): item 'f2': some answer options have a score (ordinalValue) and some do not",
            self.problems(fhir),
        )

    def test_it_rejects_a_questionnaire_without_a_version(self) -> None:
        fhir = questionnaire()
        del fhir["version"]
        self.assertIn(
            "x.yaml (x.fhir.json): the Questionnaire has no version; Waymark records the version with every score",
            self.problems(fhir),
        )

    def test_it_rejects_item_types_it_cannot_score(self) -> None:
        fhir = questionnaire()
        fhir["item"].append({"linkId": "f9", "type": "date", "text": "Example date …"})
        self.assertIn(
            "x.yaml (x.fhir.json): item 'f9': type 'date' is not supported (use choice, string or text)",
            self.problems(fhir),
        )

    def test_it_rejects_unknown_companion_keys(self) -> None:
        self.assertIn(
            "x.yaml (x.fhir.json): companion key 'bands' is not one Waymark knows",
            self.problems(questionnaire(), {"bands": []}),
        )

    def test_it_applies_the_same_cross_checks_as_waymarks_format(self) -> None:
        bands = [{"min": 0, "max": 2, "label": "Low"}, {"min": 4, "max": 6, "label": "High"}]
        extra = {"scoring": {"total": {"items": ["f1", "f2"], "bands": bands}}}
        problems = self.problems(questionnaire(), extra)
        self.assertIn(f"x.yaml (x.fhir.json): band 'Low' 0{DASH}2 leaves 3 uncovered", problems)

    def test_it_groups_items_and_keeps_their_order(self) -> None:
        fhir = questionnaire()
        fhir["item"] = [fhir["item"][0], {"linkId": "g", "type": "group", "item": copy.deepcopy(fhir["item"][1:])}]
        definition = definition_from_fhir(fhir, companion(), "x.yaml")
        self.assertEqual([item.id for item in definition.items], ["f1", "f2", "f3", "f4", "f4_more"])

    def test_the_documentation_shows_the_examples_word_for_word(self) -> None:
        docs = (Path(settings.BASE_DIR) / "docs" / "instruments.md").read_text(encoding="utf-8")
        for name in ("example-scale.yaml", "example-fhir.fhir.json", "example-fhir.yaml"):
            with self.subTest(name):
                self.assertIn((EXAMPLES / name).read_text(encoding="utf-8"), docs)


def malformed(change: str) -> dict[str, Any]:
    """The example Questionnaire broken in one way, as a hand-edited or badly exported file can be."""
    fhir = questionnaire()
    f1 = fhir["item"][1]
    if change == "item_is_text":
        fhir["item"].append("f5")
    elif change == "items_are_an_object":
        fhir["item"] = {"linkId": "f1"}
    elif change == "answer_option_is_text":
        f1["answerOption"][1] = "sometimes"
    elif change == "answer_options_are_an_object":
        f1["answerOption"] = f1["answerOption"][0]
    elif change == "extension_is_text":
        f1["answerOption"][0]["extension"] = ["ordinalValue 0"]
    elif change == "extensions_are_text":
        f1["answerOption"][0]["valueCoding"]["extension"] = "ordinalValue"
        del f1["answerOption"][0]["extension"]
    elif change == "enable_when_is_an_object":
        fhir["item"][-1]["enableWhen"] = fhir["item"][-1]["enableWhen"][0]
    elif change == "operator_is_a_list":
        fhir["item"][-1]["enableWhen"][0]["operator"] = ["="]
    elif change == "group_items_are_text":
        fhir["item"].append({"linkId": "g", "type": "group", "item": "f5"})
    return fhir


class MalformedQuestionnaireTest(WaymarkTestCase):
    """A Questionnaire of the wrong shape is refused with problems saying where, never a crash."""

    def problems(self, fhir: dict[str, Any], settings: object = None) -> list[str]:
        extra = {} if settings is None else {"item_settings": settings}
        with self.assertRaises(DefinitionError) as caught:
            definition_from_fhir(fhir, {**companion(), **extra}, "x.yaml (x.fhir.json)")
        return caught.exception.problems

    def test_it_names_each_node_of_the_wrong_type(self) -> None:
        expected = {
            "item_is_text": "the Questionnaire: item 7 must be an object, not text",
            "items_are_an_object": "the Questionnaire: item must be a list of objects, not an object",
            "answer_option_is_text": "item 'f1': answerOption 2 must be an object, not text",
            "answer_options_are_an_object": "item 'f1': answerOption must be a list of objects, not an object",
            "extension_is_text": "item 'f1': answerOption 1: extension 1 must be an object, not text",
            "extensions_are_text": "item 'f1': answerOption 1: valueCoding: extension must be a list of objects, "
            "not text",
            "enable_when_is_an_object": "item 'f4_more': enableWhen must be a list of objects, not an object",
            "operator_is_a_list": "item 'f4_more': enableWhen needs an operator (=, !=, >, >=, <, <=) and an "
            "answerCoding, answerInteger, answerDecimal or answerString",
            "group_items_are_text": "item 'g': item must be a list of objects, not text",
        }
        for change, problem in expected.items():
            with self.subTest(change):
                self.assertIn(f"x.yaml (x.fhir.json): {problem}", self.problems(malformed(change)))

    def test_it_names_item_settings_of_the_wrong_type(self) -> None:
        self.assertIn(
            "x.yaml (x.fhir.json): item_settings must map each question's linkId to its settings, not a list",
            self.problems(questionnaire(), ["f1"]),
        )
        self.assertIn(
            "x.yaml (x.fhir.json): item_settings for 'f1' must be settings such as reverse_keyed: true, not a list",
            self.problems(questionnaire(), {"f1": ["reverse_keyed"]}),
        )
