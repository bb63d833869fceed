"""FHIR R4 Questionnaire → Waymark definition, with a companion file for what FHIR cannot say.

The Questionnaire gives the id, version, title, items, answer options and their scores
(ordinalValue or itemWeight extensions), `required` and `enableWhen`. The companion (a small
YAML file naming the Questionnaire in `fhir_questionnaire`) gives citation, licence, scales,
bands, cut-offs, reliable change, critical items and screen rules. See docs/instruments.md.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from measures.definitions import Definition, DefinitionError, as_number, parse_definition

WEIGHT_EXTENSIONS = (
    "http://hl7.org/fhir/StructureDefinition/ordinalValue",
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
)
COMPANION_KEYS = {
    "fhir_questionnaire",
    "id",
    "short_name",
    "citation",
    "licence",
    "is_validated_scale",
    "recall_period",
    "stem",
    "notes",
    "item_settings",
    "scoring",
    "critical_items",
    "screen",
}
ITEM_SETTINGS = {"if_unanswered", "reverse_keyed", "text_pending_verification"}
OPERATORS = {"=": "==", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
ENABLE_ANSWERS = ("answerCoding", "answerInteger", "answerDecimal", "answerString")


def definition_from_companion(path: Path, companion: Mapping[str, Any]) -> Definition:
    """Load the companion at `path` and the Questionnaire it names (in the same folder)."""
    name = companion.get("fhir_questionnaire")
    if not isinstance(name, str) or not name or Path(name).name != name:
        raise DefinitionError(path.name, ["fhir_questionnaire must be the name of a file in the same folder"])
    source = f"{path.name} ({name})"
    try:
        questionnaire = json.loads((path.parent / name).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DefinitionError(path.name, [f"fhir_questionnaire '{name}' cannot be read ({exc.strerror})"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DefinitionError(source, [f"the Questionnaire is not valid JSON: {exc}"]) from None
    return definition_from_fhir(questionnaire, companion, source)


def definition_from_fhir(questionnaire: object, companion: Mapping[str, Any], source: str) -> Definition:
    problems: list[str] = []
    data = _convert(questionnaire, companion, problems)
    if problems:
        raise DefinitionError(source, problems)
    return parse_definition(data, source)


def _convert(questionnaire: object, companion: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
    if not isinstance(questionnaire, Mapping) or questionnaire.get("resourceType") != "Questionnaire":
        problems.append("the file named in fhir_questionnaire is not a FHIR Questionnaire")
        return {}
    problems += [f"companion key '{key}' is not one Waymark knows" for key in companion if key not in COMPANION_KEYS]
    if not isinstance(questionnaire.get("version"), str):
        problems.append("the Questionnaire has no version; Waymark records the version with every score")
    converter = _Converter(problems, _item_settings(companion.get("item_settings"), problems))
    converter.walk(converter.objects(questionnaire.get("item"), "the Questionnaire", "item"), top_level=True)
    data: dict[str, Any] = {
        "id": companion.get("id", questionnaire.get("id")),
        "version": questionnaire.get("version"),
        "title": questionnaire.get("title"),
        "short_name": companion.get("short_name", questionnaire.get("name")),
        "citation": companion.get("citation"),
        "licence": companion.get("licence", questionnaire.get("copyright")),
        "is_validated_scale": companion.get("is_validated_scale"),
        "stem": companion.get("stem", " ".join(converter.stem)),
        "option_sets": converter.option_sets,
        "items": converter.items,
    }
    for key in ("recall_period", "notes", "scoring", "critical_items", "screen"):
        if key in companion:
            data[key] = companion[key]
    unknown = set(converter.settings) - {item["id"] for item in converter.items}
    problems += [f"item_settings names '{link_id}', which is not a question" for link_id in sorted(unknown)]
    return {key: value for key, value in data.items() if value is not None}


def _item_settings(settings: object, problems: list[str]) -> Mapping[str, Any]:
    if settings is None:
        return {}
    if not isinstance(settings, Mapping):
        problems.append(f"item_settings must map each question's linkId to its settings, not {_kind(settings)}")
        return {}
    return settings


def _kind(value: object) -> str:
    """What a misplaced JSON/YAML value is, in words: "text", "a list" …"""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else type(value).__name__


class _Converter:
    """Walks the Questionnaire, checking the type of every node before reading it, so a malformed file
    gives problems naming where it is malformed rather than a crash."""

    def __init__(self, problems: list[str], settings: Mapping[str, Any]) -> None:
        self.problems = problems
        self.settings = settings
        self.items: list[dict[str, Any]] = []
        self.option_sets: list[dict[str, Any]] = []
        self.stem: list[str] = []
        self._codes: dict[str, dict[str, Any]] = {}  # linkId → {code: option value}

    def objects(self, value: object, where: str, key: str) -> list[Mapping[str, Any]]:
        """The objects of the list `key` (absent is empty); a problem for anything else, saying where."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{where}: {key} must be a list of objects, not {_kind(value)}")
            return []
        objects = []
        for number, entry in enumerate(value, start=1):
            if isinstance(entry, Mapping):
                objects.append(entry)
            else:
                self.problems.append(f"{where}: {key} {number} must be an object, not {_kind(entry)}")
        return objects

    def walk(self, fhir_items: list[Mapping[str, Any]], top_level: bool) -> None:
        for fhir_item in fhir_items:
            link_id = str(fhir_item.get("linkId", "?"))
            kind = fhir_item.get("type")
            if kind == "group":
                self.walk(self.objects(fhir_item.get("item"), f"item '{link_id}'", "item"), top_level=False)
            elif kind == "display":
                if top_level and not self.items:
                    self.stem.append(str(fhir_item.get("text", "")))
                else:
                    self.problems.append(f"item '{link_id}': display text between questions is not supported")
            elif kind in ("choice", "coding", "string", "text"):
                self.items.append(self._item(fhir_item, link_id, kind))
            else:
                self.problems.append(f"item '{link_id}': type '{kind}' is not supported (use choice, string or text)")

    def _item(self, fhir_item: Mapping[str, Any], link_id: str, kind: str) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": link_id,
            "text": fhir_item.get("text", ""),
            "required": bool(fhir_item.get("required", False)),
        }
        if kind in ("string", "text"):
            item["type"] = "free_text"
            if isinstance(fhir_item.get("maxLength"), int):
                item["max_length"] = fhir_item["maxLength"]
        else:
            item["options"] = self._options(fhir_item, link_id)
        if fhir_item.get("enableWhen"):
            item["show_when"] = self._show_when(fhir_item, link_id)
        settings = self.settings.get(link_id) or {}
        if not isinstance(settings, Mapping):
            self.problems.append(
                f"item_settings for '{link_id}' must be settings such as reverse_keyed: true, not {_kind(settings)}"
            )
            settings = {}
        for key, value in settings.items():
            if key in ITEM_SETTINGS:
                item[key] = value
            else:
                self.problems.append(f"item_settings for '{link_id}': '{key}' is not a setting Waymark knows")
        return item

    def _options(self, fhir_item: Mapping[str, Any], link_id: str) -> str:
        if "answerValueSet" in fhir_item:
            self.problems.append(f"item '{link_id}': answerValueSet is not supported; list the answerOption entries")
        options, weights = [], []
        where = f"item '{link_id}'"
        for number, answer in enumerate(self.objects(fhir_item.get("answerOption"), where, "answerOption"), start=1):
            coding = answer.get("valueCoding")
            if not isinstance(coding, Mapping) or "code" not in coding:
                self.problems.append(f"item '{link_id}': every answerOption needs a valueCoding with a code")
                continue
            weight = self._weight(answer, f"{where}: answerOption {number}")
            if weight is None:
                weight = self._weight(coding, f"{where}: answerOption {number}: valueCoding")
            weights.append(weight)
            options.append({"code": str(coding["code"]), "label": coding.get("display") or str(coding["code"])})
        if not options:
            self.problems.append(f"item '{link_id}': a choice item needs answerOption entries")
        if any(w is not None for w in weights) and any(w is None for w in weights):
            self.problems.append(f"item '{link_id}': some answer options have a score (ordinalValue) and some do not")
        for option, weight in zip(options, weights, strict=True):
            option["value"] = option["code"] if weight is None else weight
        self._codes[link_id] = {option["code"]: option["value"] for option in options}
        for option_set in self.option_sets:
            if option_set["options"] == options:
                return str(option_set["id"])
        option_set_id = f"options_{len(self.option_sets) + 1}"
        self.option_sets.append({"id": option_set_id, "options": options})
        return option_set_id

    def _show_when(self, fhir_item: Mapping[str, Any], link_id: str) -> dict[str, Any]:
        conditions = []
        for enable in self.objects(fhir_item["enableWhen"], f"item '{link_id}'", "enableWhen"):
            question = str(enable.get("question", ""))
            operator = enable.get("operator")
            op = OPERATORS.get(operator) if isinstance(operator, str) else None
            answer_key = next((key for key in ENABLE_ANSWERS if key in enable), None)
            if op is None or answer_key is None:
                self.problems.append(
                    f"item '{link_id}': enableWhen needs an operator (=, !=, >, >=, <, <=) and an answerCoding, "
                    "answerInteger, answerDecimal or answerString"
                )
                continue
            value = enable[answer_key]
            if answer_key == "answerCoding":
                code = str(value.get("code")) if isinstance(value, Mapping) else ""
                codes = self._codes.get(question, {})
                if code not in codes:
                    self.problems.append(
                        f"item '{link_id}': enableWhen names code '{code}', "
                        f"which no earlier question '{question}' offers"
                    )
                    continue
                value = codes[code]
            conditions.append({"item": question, "op": op, "value": value})
        if len(conditions) == 1:
            return conditions[0]
        return {"any" if fhir_item.get("enableBehavior") == "any" else "all": conditions}

    def _weight(self, element: Mapping[str, Any], where: str) -> int | float | None:
        for extension in self.objects(element.get("extension"), where, "extension"):
            if extension.get("url") in WEIGHT_EXTENSIONS:
                raw = extension.get("valueDecimal", extension.get("valueInteger"))
                number = as_number(raw)
                if number is None:
                    return None
                return number.numerator if number.denominator == 1 else float(number)
        return None
