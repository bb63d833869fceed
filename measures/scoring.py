"""The scoring engine: pure functions from a definition and answers to a result. No database."""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from measures.definitions import (
    DASH,
    Condition,
    Definition,
    Item,
    Scale,
    Severity,
    as_number,
    compare,
    fmt,
    item_values,
    scale_value,
    score_range,
)

#: |RCI| above this is a reliable change (Jacobson & Truax 1991, p < .05 two-tailed).
RCI_CRITICAL = 1.96

AN_NUMBER = re.compile(r"(^|\s)a (8\d*|11|18)\b")


class ScoringError(Exception):
    """The answers cannot be scored; `problems` lists every reason at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ScaleScore:
    id: str
    title: str
    score: int | float
    band: str | None
    clinical: bool | None  # None when the scale has no cut-off


@dataclass(frozen=True)
class CriticalFlag:
    code: str
    item: str
    severity: Severity
    then_ask: str | None


@dataclass(frozen=True)
class ScreenResult:
    result: str
    label: str
    severity: Severity | None


@dataclass(frozen=True)
class Result:
    instrument_id: str
    instrument_version: str
    total: ScaleScore | None
    subscales: tuple[ScaleScore, ...]
    critical: tuple[CriticalFlag, ...]
    screen: ScreenResult | None
    shown: tuple[str, ...]
    imputed: tuple[str, ...]  # items left unanswered and counted as their if_unanswered value

    def subscale(self, subscale_id: str) -> ScaleScore:
        return next(scale for scale in self.subscales if scale.id == subscale_id)

    @property
    def alert_severity(self) -> Severity | None:
        """The most pressing severity among critical items and the screen result."""
        severities = [flag.severity for flag in self.critical]
        if self.screen and self.screen.severity:
            severities.append(self.screen.severity)
        return max(severities, key=lambda severity: severity.rank, default=None)

    def as_dict(self) -> dict[str, Any]:
        def scale(score: ScaleScore | None) -> dict[str, Any] | None:
            if score is None:
                return None
            return {"score": score.score, "band": score.band, "clinical": score.clinical}

        return {
            "instrument": self.instrument_id,
            "version": self.instrument_version,
            "total": scale(self.total),
            "subscales": {score.id: scale(score) for score in self.subscales},
            "critical": [
                {"code": flag.code, "item": flag.item, "severity": str(flag.severity), "then_ask": flag.then_ask}
                for flag in self.critical
            ],
            "screen": None
            if self.screen is None
            else {
                "result": self.screen.result,
                "label": self.screen.label,
                "severity": None if self.screen.severity is None else str(self.screen.severity),
            },
            "alert_severity": None if self.alert_severity is None else str(self.alert_severity),
            "imputed": list(self.imputed),
        }


class Classification(StrEnum):
    RECOVERED = "recovered"
    IMPROVED = "improved"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    DETERIORATED = "deteriorated"


@dataclass
class _Walk:
    """Answers as the questionnaire would see them, asked in order."""

    effective: dict[str, object]
    shown: list[str] = field(default_factory=list)
    imputed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    scores: dict[str, Fraction] = field(default_factory=dict)


def score(definition: Definition, answers: Mapping[str, object]) -> Result:
    """Score one completed questionnaire, or raise ScoringError listing every problem."""
    walk = _walk(definition, answers)
    if walk.problems:
        raise ScoringError(walk.problems)
    scales = {
        scale_id: _scale_score(scale_id, scale, walk.scores[scale_id])
        for scale_id, scale in definition.scale_map.items()
    }
    critical = tuple(
        CriticalFlag(rule.code, rule.item, rule.severity, rule.then_ask)
        for rule in definition.critical_items
        if rule.item in walk.effective and compare(walk.effective[rule.item], rule.op, rule.value)
    )
    return Result(
        instrument_id=definition.id,
        instrument_version=definition.version,
        total=scales.pop("total", None),
        subscales=tuple(scales.values()),
        critical=critical,
        screen=_screen(definition, walk),
        shown=tuple(walk.shown),
        imputed=tuple(walk.imputed),
    )


def shown_items(definition: Definition, answers: Mapping[str, object]) -> list[str]:
    """The items a person answering so far should see, in order (for building the form)."""
    return _walk(definition, answers).shown


def unshown_answers(definition: Definition, answers: Mapping[str, object]) -> list[str]:
    """Items given an answer although the answers before them do not ask them, in order."""
    shown = set(shown_items(definition, answers))
    return [item.id for item in definition.items if item.id not in shown and not _blank(answers.get(item.id))]


def item_text(definition: Definition, item_id: str, answers: Mapping[str, object]) -> str:
    """An item's wording, with {n} and {n_plus_1} filled in from the answer it follows."""
    item = definition.item_map[item_id]
    number = as_number(answers.get(item.follows)) if item.follows else None
    if number is None:
        return item.text
    text = item.text.replace("{n_plus_1}", fmt(number + 1)).replace("{n}", fmt(number))
    # "a 8" reads wrongly: numbers said with a vowel sound (8, 11, 18, 80…) take "an".
    return AN_NUMBER.sub(r"\1an \2", text)


def reliable_change(definition: Definition, scale: str, baseline: float, follow_up: float) -> Classification:
    """Classify a follow-up score against baseline (INSTRUMENTS.md, "Change over time")."""
    definition_scale = definition.scale_map.get(scale)
    if definition_scale is None:
        raise ScoringError([f"{definition.id} has no score called '{scale}'"])
    parameters = definition_scale.reliable_change
    if parameters is None:
        raise ScoringError([f"{definition.id} has no reliable-change parameters for '{scale}'"])
    low, high = score_range(definition, definition_scale)
    for name, value in (("baseline", baseline), ("follow-up", follow_up)):
        if not low <= Fraction(str(value)) <= high:
            raise ScoringError([f"{name} {fmt(value)} is outside {definition.id}'s range {fmt(low)}{DASH}{fmt(high)}"])
    change = Fraction(str(follow_up)) - Fraction(str(baseline))
    if parameters.threshold is not None:
        reliable = abs(change) >= Fraction(str(parameters.threshold))
    else:
        assert parameters.sd is not None and parameters.reliability is not None
        reliable = abs(rci(parameters.sd, parameters.reliability, baseline, follow_up)) > RCI_CRITICAL
    if not reliable:
        return Classification.NO_RELIABLE_CHANGE
    better = change < 0 if definition_scale.improvement == "decrease" else change > 0
    if not better:
        return Classification.DETERIORATED
    cutoff = definition_scale.cutoff
    if cutoff is not None and cutoff.is_clinical(baseline) and not cutoff.is_clinical(follow_up):
        return Classification.RECOVERED
    return Classification.IMPROVED


def rci(sd: float, reliability: float, baseline: float, follow_up: float) -> float:
    """Jacobson-Truax: SE = SD * sqrt(1 - r), S_diff = sqrt(2) * SE, RCI = (X2 - X1) / S_diff."""
    standard_error = sd * math.sqrt(1 - reliability)
    return (follow_up - baseline) / (math.sqrt(2) * standard_error)


def _walk(definition: Definition, answers: Mapping[str, object]) -> _Walk:
    problems: list[str] = []
    walk = _Walk(effective=_parse_answers(definition, answers, problems), problems=problems)
    # An answer that failed to parse was still given: report it once, as invalid, not as missing.
    given = {item_id for item_id, raw in answers.items() if not _blank(raw)}
    # Scored items are never conditional, so scores exist before any show_when needs them.
    for item in definition.items:
        if item.show_when is None:
            _ask(item, walk, given)
    walk.scores = _raw_scores(definition, walk.effective)
    for item in definition.items:
        if item.show_when is not None and _holds(item.show_when, walk):
            _ask(item, walk, given)
    order = {item.id: index for index, item in enumerate(definition.items)}
    walk.shown.sort(key=order.__getitem__)
    return walk


def _ask(item: Item, walk: _Walk, given: set[str]) -> None:
    walk.shown.append(item.id)
    if item.id in given:
        return
    if item.if_unanswered is not None:
        walk.effective[item.id] = item.if_unanswered
        walk.imputed.append(item.id)
    elif item.required:
        walk.problems.append(f"{item.id}: not answered, and it is required")


def _parse_answers(definition: Definition, answers: Mapping[str, object], problems: list[str]) -> dict[str, object]:
    parsed: dict[str, object] = {}
    for item_id, raw in answers.items():
        item = definition.item_map.get(item_id)
        if item is None:
            problems.append(f"{item_id}: not an item of {definition.short_name}")
            continue
        if _blank(raw):
            continue
        if item.type == "free_text":
            if not isinstance(raw, str):
                problems.append(f"{item_id}: expects text")
            elif len(raw) > item.max_length:
                problems.append(f"{item_id}: the answer is {len(raw)} characters long; at most {item.max_length}")
            else:
                parsed[item_id] = raw
            continue
        option_set = definition.options_for(item)
        assert option_set is not None
        option = None if isinstance(raw, bool) else option_set.match(raw)
        if option is None:
            allowed = ", ".join(fmt(option.value) for option in option_set.options)
            shown = fmt(raw) if as_number(raw) is not None else repr(raw)
            shown = shown if len(shown) <= 30 else shown[:27] + "..."
            problems.append(f"{item_id}: {shown} is not one of {allowed}")
        else:
            parsed[item_id] = option.value
    return parsed


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _raw_scores(definition: Definition, effective: Mapping[str, object]) -> dict[str, Fraction]:
    scores = {}
    for scale_id, scale in definition.scale_map.items():
        values = [_item_score(definition, item_id, effective.get(item_id)) for item_id in scale.items]
        if all(value is not None for value in values):
            scores[scale_id] = scale_value(definition, scale, sum((v for v in values if v is not None), Fraction(0)))
    return scores


def _item_score(definition: Definition, item_id: str, value: object) -> Fraction | None:
    number = as_number(value)
    if number is None or not definition.item_map[item_id].reverse_keyed:
        return number
    values = item_values(definition, item_id)  # already reversed: its low and high are the options'
    return min(values) + max(values) - number


def _scale_score(scale_id: str, scale: Scale, value: Fraction) -> ScaleScore:
    band = next((band.label for band in scale.bands if band.contains(value)), None)
    clinical = None if scale.cutoff is None else scale.cutoff.is_clinical(value)
    number: int | float = value.numerator if value.denominator == 1 else round(float(value), 4)
    return ScaleScore(id=scale_id, title=scale.title, score=number, band=band, clinical=clinical)


def _holds(condition: Condition, walk: _Walk) -> bool:
    if condition.any is not None:
        return any(_holds(part, walk) for part in condition.any)
    if condition.all is not None:
        return all(_holds(part, walk) for part in condition.all)
    op = condition.op or "=="
    if condition.score is not None:
        value = walk.scores.get(condition.score)
        return value is not None and compare(value, op, condition.value)
    answer = walk.effective.get(condition.item or "")
    return answer is not None and compare(answer, op, condition.value)


def _screen(definition: Definition, walk: _Walk) -> ScreenResult | None:
    if definition.screen is None:
        return None
    outcome = next((rule for rule in definition.screen.rules if _holds(rule.when, walk)), definition.screen.otherwise)
    return ScreenResult(outcome.result, outcome.label, outcome.severity)
