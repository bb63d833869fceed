"""FHIR R4 export: any instrument as a Questionnaire, any result as a QuestionnaireResponse.

Both are plain dicts checked with `fhir.resources` (its R4B models: Questionnaire and
QuestionnaireResponse are the same in R4 and R4B) before they leave Waymark. The subject is
named by the client's public id only; no name, email or other identifier goes out.
"""

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from measures import catalogue
from measures.definitions import Condition, Definition, Item, as_number, fmt
from measures.models import Administration
from measures.progress import answers_of
from measures.scoring import item_text, shown_items

CANONICAL = "urn:waymark:questionnaire:"  # an identifier, not an address: Waymark serves no FHIR server
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
STEM_LINK_ID = "_stem"
FHIR_OPS = {"==": "=", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<="}


class ExportError(ValueError):
    """What Waymark built is not valid FHIR: a bug, never the user's fault."""


def canonical_url(definition: Definition) -> str:
    return CANONICAL + definition.id


def questionnaire_for(definition: Definition) -> dict[str, Any]:
    """The instrument as a FHIR R4 Questionnaire: items, options with their scores, conditions."""
    items: list[dict[str, Any]] = []
    if definition.stem:
        items.append({"linkId": STEM_LINK_ID, "type": "display", "text": definition.stem})
    items += [_question(definition, item) for item in definition.items]
    data: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": definition.id,
        "url": canonical_url(definition),
        "version": definition.version,
        "name": "".join(ch for ch in definition.short_name.title() if ch.isalnum()) or "Questionnaire",
        "title": definition.title,
        "status": "active",
        "description": definition.citation,
        "copyright": definition.licence,
        "item": items,
    }
    return data


def _coding(definition: Definition, option_set_id: str, value: object, label: str, code: str | None) -> dict[str, Any]:
    return {
        "system": f"{CANONICAL}{definition.id}:{option_set_id}",
        "code": code or fmt(value),
        "display": label,
    }


def _question(definition: Definition, item: Item) -> dict[str, Any]:
    question: dict[str, Any] = {"linkId": item.id, "required": item.required and item.show_when is None}
    if item.text:
        question["text"] = item.text
    if item.type == "free_text":
        question.update(type="text", maxLength=item.max_length)
    else:
        option_set = definition.options_for(item)
        assert option_set is not None
        options = []
        for option in option_set.options:
            answer: dict[str, Any] = {
                "valueCoding": _coding(definition, option_set.id, option.value, option.label, option.code)
            }
            number = as_number(option.value)
            if number is not None:
                weight = number.numerator if number.denominator == 1 else float(number)
                answer["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": weight}]
            options.append(answer)
        question.update(type="choice", answerOption=options)
    enable = _enable_when(definition, item.show_when) if item.show_when else None
    if enable:
        question["enableWhen"], behaviour = enable
        if behaviour:
            question["enableBehavior"] = behaviour
    return question


def _enable_when(definition: Definition, condition: Condition) -> tuple[list[dict[str, Any]], str] | None:
    """FHIR's enableWhen says "these answers, any or all"; a condition on a score cannot be said."""
    parts, behaviour = [condition], ""
    if condition.any is not None or condition.all is not None:
        parts, behaviour = (condition.any or condition.all or []), ("any" if condition.any is not None else "all")
    entries = []
    for part in parts:
        if part.item is None or part.op is None or part.value is None:
            return None
        item = definition.item_map[part.item]
        option_set = definition.options_for(item)
        option = option_set.match(part.value) if option_set else None
        if option_set is None or option is None:
            return None
        entry: dict[str, Any] = {"question": part.item, "operator": FHIR_OPS[part.op]}
        if part.op in ("==", "!="):
            entry["answerCoding"] = _coding(definition, option_set.id, option.value, option.label, option.code)
        else:
            entry["answerDecimal"] = float(as_number(option.value) or 0)
        entries.append(entry)
    return entries, behaviour if len(entries) > 1 else ""


def questionnaire_response_for(administration: Administration, definition: Definition | None = None) -> dict[str, Any]:
    """One submitted result as a FHIR R4 QuestionnaireResponse, free-text answers included."""
    if definition is None:
        definition = catalogue.definition_for(
            administration.client.practice, administration.instrument_id, administration.instrument_version
        )
    answers = answers_of(administration)
    shown = set(shown_items(definition, answers))
    items = []
    for item in definition.items:
        raw = answers.get(item.id)
        if raw is None or raw == "" or (item.id not in shown and item.type == "free_text"):
            continue
        entry: dict[str, Any] = {"linkId": item.id}
        text = item_text(definition, item.id, answers)
        if text:
            entry["text"] = text
        if item.type == "free_text":
            entry["answer"] = [{"valueString": str(raw)}]
        else:
            option_set = definition.options_for(item)
            option = option_set.match(raw) if option_set else None
            if option_set is None or option is None:
                continue
            entry["answer"] = [
                {"valueCoding": _coding(definition, option_set.id, option.value, option.label, option.code)}
            ]
        items.append(entry)
    authored = administration.submitted_at or administration.created_at
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(administration.public_id),
        "questionnaire": f"{canonical_url(definition)}|{administration.instrument_version or definition.version}",
        "status": "completed",
        "subject": {"reference": f"Patient/{administration.client.public_id}"},
        "authored": authored.isoformat(),
        "item": items,
    }
    return data


def validated(data: dict[str, Any]) -> dict[str, Any]:
    """`data` unchanged if fhir.resources accepts it as its resourceType, else ExportError."""
    kind = data.get("resourceType")
    if kind not in ("Questionnaire", "QuestionnaireResponse"):
        raise ExportError(f"Waymark exports no {kind}")
    try:
        if kind == "Questionnaire":
            Questionnaire.model_validate(data)
        else:
            QuestionnaireResponse.model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ExportError(str(exc)) from exc
    return data
