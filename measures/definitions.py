"""Waymark's questionnaire definition format: pydantic models for its shape, then cross-checks.

A definition is data (a YAML or JSON file); `parse_definition` is the one way to turn a mapping
into a `Definition`, and it raises `DefinitionError` naming the file and every problem found.
docs/instruments.md describes the format field by field.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

DASH = "\u2013"  # en dash, as in "5\u20138"

#: Beyond this many distinct possible scores a scale's bands are not checked value by value.
MAX_POSSIBLE_SCORES = 20_000


def _no_bool(value: object) -> object:
    # YAML reads a bare yes/no/true/false as a boolean, which is never what an author meant.
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} was read as a true/false switch; put it in quotes, e.g. 'yes'")
    return value


Value = Annotated[StrictInt | StrictFloat | StrictStr, BeforeValidator(_no_bool)]
Number = Annotated[StrictInt | StrictFloat, BeforeValidator(_no_bool)]
InstrumentId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Ident = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_/][A-Za-z0-9_./-]{0,63}$")]
Op = Literal["==", "!=", ">", ">=", "<", "<="]


class Severity(StrEnum):
    """How fast a person must act: critical at once (acute), urgent the same day."""

    URGENT = "urgent"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.CRITICAL else 1


class DefinitionError(Exception):
    """A definition file is malformed; `problems` are complete sentences, each naming the file."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = [f"{source}: {problem}" for problem in problems]
        super().__init__("\n".join(self.problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    value: Value
    label: str = Field(min_length=1)
    code: str | None = None


class OptionSet(_Strict):
    id: Ident
    options: list[Option] = Field(min_length=1)

    @property
    def numeric(self) -> bool:
        return all(as_number(option.value) is not None for option in self.options)

    def match(self, raw: object) -> Option | None:
        """The option `raw` names: by value (1, "1" and "1.0" alike; "Yes" for "yes"), else by code."""
        key = value_key(raw)
        by_value = next((option for option in self.options if value_key(option.value) == key), None)
        if by_value is not None or not isinstance(raw, str):
            return by_value
        return next((option for option in self.options if option.code and value_key(option.code) == key), None)


class Condition(_Strict):
    """One of: an item's answer compared, a score compared, any of / all of other conditions."""

    item: ItemId | None = None
    score: Ident | None = None
    op: Op | None = None
    value: Value | None = None
    any: list["Condition"] | None = None
    all: list["Condition"] | None = None


class Item(_Strict):
    id: ItemId
    text: str = ""
    type: Literal["choice", "free_text"] = "choice"
    options: Ident | None = None
    reverse_keyed: bool = False
    required: bool = True
    show_when: Condition | None = None
    if_unanswered: Value | None = None
    follows: ItemId | None = None
    max_length: int = Field(default=2000, gt=0)
    text_pending_verification: bool = False


class Band(_Strict):
    min: Number
    max: Number | None = None
    label: str = Field(min_length=1)

    def contains(self, score: Fraction) -> bool:
        return Fraction(str(self.min)) <= score and (self.max is None or score <= Fraction(str(self.max)))

    @property
    def span(self) -> str:
        return f"{fmt(self.min)}+" if self.max is None else f"{fmt(self.min)}{DASH}{fmt(self.max)}"


class Cutoff(_Strict):
    value: Number
    clinical_when: Literal[">=", ">", "<=", "<"] = ">="

    def is_clinical(self, score: Fraction | float) -> bool:
        return compare(as_number(score), self.clinical_when, as_number(self.value))


class ReliableChange(_Strict):
    """Either a published fixed threshold, or SD and reliability r for Jacobson-Truax."""

    threshold: Number | None = None
    sd: Number | None = None
    reliability: Number | None = None


class Scale(_Strict):
    title: str = "Total"
    items: list[ItemId] = Field(min_length=1)
    method: Literal["sum", "mean", "scaled"] = "sum"
    multiplier: Number = 1
    improvement: Literal["decrease", "increase"] = "decrease"
    bands: list[Band] = []
    cutoff: Cutoff | None = None
    reliable_change: ReliableChange | None = None


class Subscale(Scale):
    id: Ident
    title: str = Field(min_length=1)


class Scoring(_Strict):
    total: Scale | None = None
    subscales: list[Subscale] = []


class CriticalRule(_Strict):
    code: Ident
    item: ItemId
    op: Op
    value: Value
    severity: Severity
    then_ask: InstrumentId | None = None


class ScreenOutcome(_Strict):
    result: Ident
    label: str = Field(min_length=1)
    severity: Severity | None = None


class ScreenRule(ScreenOutcome):
    when: Condition


class Screen(_Strict):
    """Categorical result: the first rule whose condition holds, else `otherwise`."""

    rules: list[ScreenRule] = Field(min_length=1)
    otherwise: ScreenOutcome


class Definition(_Strict):
    id: InstrumentId
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    is_validated_scale: bool
    recall_period: str | None = None
    stem: str = ""
    notes: str = ""
    option_sets: list[OptionSet] = []
    items: list[Item] = Field(min_length=1)
    scoring: Scoring = Scoring()
    critical_items: list[CriticalRule] = []
    screen: Screen | None = None

    @cached_property
    def item_map(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def option_set_map(self) -> dict[str, OptionSet]:
        return {option_set.id: option_set for option_set in self.option_sets}

    @cached_property
    def score_ranges(self) -> dict[tuple[object, ...], tuple[Fraction, Fraction]]:
        """score_range() answers, kept: every reliable change asks for the range again (the caseload, ~600 times)."""
        return {}

    @cached_property
    def scale_map(self) -> dict[str, Scale]:
        scales: dict[str, Scale] = {"total": self.scoring.total} if self.scoring.total else {}
        scales.update((subscale.id, subscale) for subscale in self.scoring.subscales)
        return scales

    @property
    def wording_verified(self) -> bool:
        """False while any item's wording awaits checking against the published original."""
        return not any(item.text_pending_verification for item in self.items)

    def options_for(self, item: Item) -> OptionSet | None:
        return self.option_set_map.get(item.options) if item.options else None


def as_number(value: object) -> Fraction | None:
    """An exact number for int, float, Fraction or numeric text; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | float | str):
        try:
            number = Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError):
            return None
        return number
    return None


def value_key(value: object) -> object:
    number = as_number(value)
    if number is not None:
        return number
    return str(value).strip().casefold()


def compare(left: object, op: str, right: object) -> bool:
    if op == "==":
        return value_key(left) == value_key(right)
    if op == "!=":
        return value_key(left) != value_key(right)
    a, b = as_number(left), as_number(right)
    if a is None or b is None:
        return False
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]


def fmt(value: object) -> str:
    number = as_number(value)
    if number is None:
        return str(value)
    if number.denominator == 1:
        return str(number.numerator)
    return f"{float(number):.4f}".rstrip("0").rstrip(".")


def item_values(definition: Definition, item_id: str) -> list[Fraction]:
    """The numbers an item contributes to a scale, reverse keying applied."""
    item = definition.item_map[item_id]
    option_set = definition.options_for(item)
    assert option_set is not None
    values = [as_number(option.value) for option in option_set.options]
    numbers = [value for value in values if value is not None]
    if item.reverse_keyed:
        low, high = min(numbers), max(numbers)
        return [low + high - value for value in numbers]
    return numbers


def scale_value(definition: Definition, scale: Scale, raw_sum: Fraction) -> Fraction:
    if scale.method == "mean":
        return raw_sum / len(scale.items)
    if scale.method == "scaled":
        return raw_sum * Fraction(str(scale.multiplier))
    return raw_sum


def possible_scores(definition: Definition, scale: Scale) -> list[Fraction] | None:
    """Every score the scale can produce, in order; None when there are too many to list."""
    sums = {Fraction(0)}
    for item_id in scale.items:
        sums = {total + value for total in sums for value in set(item_values(definition, item_id))}
        if len(sums) > MAX_POSSIBLE_SCORES:
            return None
    return sorted(scale_value(definition, scale, total) for total in sums)


def score_range(definition: Definition, scale: Scale) -> tuple[Fraction, Fraction]:
    key = (tuple(scale.items), scale.method, scale.multiplier)
    known = definition.score_ranges.get(key)
    if known is None:
        known = definition.score_ranges[key] = _score_range(definition, scale)
    return known


def _score_range(definition: Definition, scale: Scale) -> tuple[Fraction, Fraction]:
    low = sum((min(item_values(definition, item_id)) for item_id in scale.items), Fraction(0))
    high = sum((max(item_values(definition, item_id)) for item_id in scale.items), Fraction(0))
    return scale_value(definition, scale, low), scale_value(definition, scale, high)


def parse_definition(data: object, source: str) -> Definition:
    """Validate `data` (a parsed YAML/JSON mapping) as a definition, or raise DefinitionError."""
    if not isinstance(data, Mapping):
        raise DefinitionError(source, ["the file must hold a mapping (key: value pairs) at the top level"])
    try:
        definition = Definition.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(source, _pydantic_problems(exc, data)) from None
    problems = check_definition(definition)
    if problems:
        raise DefinitionError(source, problems)
    return definition


def _pydantic_problems(exc: ValidationError, data: Mapping[str, Any]) -> list[str]:
    # A value that fits no member of a union gets one error per member: say it once.
    by_place: dict[str, list[str]] = {}
    for error in exc.errors():
        where, message = _pydantic_problem(error, data)
        by_place.setdefault(where, [])
        if message not in by_place[where]:
            by_place[where].append(message)
    problems = []
    for where, messages in by_place.items():
        if len(messages) > 1 and all(m.startswith("Input should be ") for m in messages):
            kinds = [m.removeprefix("Input should be ") for m in messages]
            messages = ["should be " + ", ".join(kinds[:-1]) + " or " + kinds[-1]]
        problems += [f"{where}: {message}" if where else message for message in messages]
    return problems


def _pydantic_problem(error: Any, data: Mapping[str, Any]) -> tuple[str, str]:
    where = ""
    node: Any = data
    for part in error["loc"]:
        if isinstance(part, int):
            element = node[part] if isinstance(node, list) and part < len(node) else None
            label = element.get("id") if isinstance(element, Mapping) else None
            where += f"[{label}]" if isinstance(label, str) else f"[{part + 1}]"
            node = element
        elif isinstance(part, str) and not part.startswith(("function-", "constrained-")) and part not in _UNION_TAGS:
            where += f".{part}" if where else part
            node = node.get(part) if isinstance(node, Mapping) else None
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "is not a field Waymark knows (check the spelling)"
    elif error["type"] == "missing":
        message = "is required but missing"
    elif error["type"] == "string_type" and isinstance(error.get("input"), int | float):
        message = f'should be text; put it in quotes ("{error["input"]}")'
    return where, message


_UNION_TAGS = {"int", "float", "str", "Condition", "list[Condition]"}


# Cross-checks: everything pydantic's shapes cannot say. Each returns complete sentences.


def check_definition(definition: Definition) -> list[str]:
    problems: list[str] = []
    problems += _check_unique(definition)
    problems += _check_option_sets(definition)
    problems += _check_items(definition)
    for scale_id, scale in definition.scale_map.items():
        problems += _check_scale(definition, scale_id, scale)
    problems += _check_critical(definition)
    problems += _check_screen(definition)
    return problems


def _duplicates(values: Iterable[object]) -> list[object]:
    seen: set[object] = set()
    repeated: list[object] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def _check_unique(definition: Definition) -> list[str]:
    problems = [f"option set id '{v}' is used twice" for v in _duplicates(s.id for s in definition.option_sets)]
    problems += [f"item id '{v}' is used twice" for v in _duplicates(i.id for i in definition.items)]
    subscale_ids = [s.id for s in definition.scoring.subscales]
    problems += [f"subscale id '{v}' is used twice" for v in _duplicates(subscale_ids)]
    if "total" in subscale_ids:
        problems.append("a subscale may not be called 'total' (that name is the total score's)")
    if definition.screen:
        results = [rule.result for rule in definition.screen.rules] + [definition.screen.otherwise.result]
        problems += [f"screen result '{v}' is used twice" for v in _duplicates(results)]
    return problems


def _check_option_sets(definition: Definition) -> list[str]:
    problems = []
    for option_set in definition.option_sets:
        for value in _duplicates(value_key(option.value) for option in option_set.options):
            problems.append(f"option set '{option_set.id}': value {fmt(value)} appears twice (values must be unique)")
        codes = (value_key(option.code) for option in option_set.options if option.code)
        for code in _duplicates(codes):
            problems.append(f"option set '{option_set.id}': code '{code}' appears twice (codes must be unique)")
    return problems


def _check_items(definition: Definition) -> list[str]:
    problems: list[str] = []
    earlier: set[str] = set()
    for item in definition.items:
        where = f"item '{item.id}'"
        if item.text_pending_verification and item.text:
            problems.append(f"{where}: text must be empty while text_pending_verification is true")
        if not item.text_pending_verification and not item.text.strip():
            problems.append(f"{where}: text is empty; give the exact wording or set text_pending_verification: true")
        problems += _check_item_shape(definition, item, where, earlier)
        if item.show_when is not None:
            problems += _check_condition(definition, item.show_when, f"{where}: show_when", earlier)
        earlier.add(item.id)
    return problems


def _check_item_shape(definition: Definition, item: Item, where: str, earlier: set[str]) -> list[str]:
    problems: list[str] = []
    placeholders = "{n}" in item.text or "{n_plus_1}" in item.text
    if item.type == "free_text":
        for field in ("options", "if_unanswered"):
            if getattr(item, field) is not None:
                problems.append(f"{where}: a free-text item cannot have {field}")
        if item.reverse_keyed:
            problems.append(f"{where}: a free-text item cannot be reverse-keyed")
        if item.follows is not None:
            parent = definition.item_map.get(item.follows)
            parent_options = definition.options_for(parent) if parent else None
            if item.follows not in earlier:
                problems.append(f"{where}: follows '{item.follows}', which is not an item before it")
            elif parent_options is None or not parent_options.numeric:
                problems.append(f"{where}: follows '{item.follows}', which has no numeric options")
        if placeholders and item.follows is None:
            problems.append(f"{where}: text uses {{n}} or {{n_plus_1}} but the item does not say which item it follows")
        return problems
    if item.follows is not None or placeholders:
        problems.append(f"{where}: only free-text follow-up items can follow another item or use {{n}}")
    if item.options is None:
        return [*problems, f"{where}: a choice item needs options (the id of an option set)"]
    option_set = definition.option_set_map.get(item.options)
    if option_set is None:
        return [*problems, f"{where}: options '{item.options}' is not one of the option sets"]
    if item.reverse_keyed and not option_set.numeric:
        problems.append(f"{where}: reverse keying needs numeric option values, and '{option_set.id}' has text values")
    if item.if_unanswered is not None and option_set.match(item.if_unanswered) is None:
        problems.append(f"{where}: if_unanswered {fmt(item.if_unanswered)} is not a value of '{option_set.id}'")
    return problems


def _check_value(definition: Definition, item_id: str, op: str, value: object, where: str) -> list[str]:
    item = definition.item_map[item_id]
    option_set = definition.options_for(item)
    if item.type != "choice" or option_set is None:
        return [f"{where}: '{item_id}' has no options to compare with"]
    if op in ("==", "!="):
        if option_set.match(value) is None:
            allowed = ", ".join(fmt(option.value) for option in option_set.options)
            return [f"{where}: {fmt(value)} is not a value of '{item_id}' ({allowed})"]
        return []
    if not option_set.numeric or as_number(value) is None:
        return [f"{where}: '{op}' needs numbers, and '{item_id}' or {fmt(value)} is not numeric"]
    return []


def _check_condition(definition: Definition, condition: Condition, where: str, earlier: set[str] | None) -> list[str]:
    kinds = [kind for kind in ("item", "score", "any", "all") if getattr(condition, kind) is not None]
    if len(kinds) != 1:
        return [f"{where}: a condition needs exactly one of item, score, any or all"]
    kind = kinds[0]
    if kind in ("any", "all"):
        parts: list[Condition] = getattr(condition, kind)
        if condition.op is not None or condition.value is not None:
            return [f"{where}: '{kind}' takes a list of conditions, not op or value"]
        if not parts:
            return [f"{where}: '{kind}' needs at least one condition"]
        return [problem for part in parts for problem in _check_condition(definition, part, where, earlier)]
    if condition.op is None or condition.value is None:
        return [f"{where}: a condition on {kind} needs op and value"]
    if kind == "score":
        if condition.score not in definition.scale_map:
            return [f"{where}: refers to score '{condition.score}', which this instrument does not compute"]
        if as_number(condition.value) is None:
            return [f"{where}: a score can only be compared with a number"]
        return []
    item_id = condition.item or ""
    if item_id not in definition.item_map:
        return [f"{where}: refers to item '{item_id}', which does not exist"]
    if earlier is not None and item_id not in earlier:
        return [f"{where}: refers to item '{item_id}', which is not asked before it"]
    return _check_value(definition, item_id, condition.op, condition.value, where)


def _check_scale(definition: Definition, scale_id: str, scale: Scale) -> list[str]:
    where = "total" if scale_id == "total" else f"subscale '{scale_id}'"
    problems = [f"{where}: lists item '{v}' twice" for v in _duplicates(scale.items)]
    for item_id in dict.fromkeys(scale.items):
        item = definition.item_map.get(item_id)
        if item is None:
            problems.append(f"{where}: counts item '{item_id}', which does not exist")
            continue
        option_set = definition.options_for(item)
        if item.type != "choice" or option_set is None or not option_set.numeric:
            problems.append(f"{where}: counts item '{item_id}', which has no numeric options")
        elif item.show_when is not None:
            problems.append(f"{where}: counts item '{item_id}', which is only sometimes asked (show_when)")
        elif not item.required and item.if_unanswered is None:
            problems.append(f"{where}: counts item '{item_id}', which is optional and has no if_unanswered value")
    if scale.method == "scaled" and ("multiplier" not in scale.model_fields_set or scale.multiplier <= 0):
        problems.append(f"{where}: method 'scaled' needs a positive multiplier")
    if scale.method != "scaled" and scale.multiplier != 1:
        problems.append(f"{where}: a multiplier only applies to method 'scaled'")
    problems += _check_cutoff_and_change(where, scale)
    if problems:
        return problems
    prefix = "" if scale_id == "total" else f"{where}: "
    return [prefix + problem for problem in band_problems(definition, scale)]


def _check_cutoff_and_change(where: str, scale: Scale) -> list[str]:
    problems = []
    if scale.cutoff is not None:
        high_is_clinical = scale.cutoff.clinical_when in (">=", ">")
        if high_is_clinical != (scale.improvement == "decrease"):
            side = "high" if scale.improvement == "decrease" else "low"
            problems.append(
                f"{where}: with improvement '{scale.improvement}' the clinical side of the cut-off is the {side} "
                f"side, so clinical_when cannot be '{scale.cutoff.clinical_when}'"
            )
    change = scale.reliable_change
    if change is not None:
        fixed = change.threshold is not None
        jacobson_truax = change.sd is not None or change.reliability is not None
        if fixed == jacobson_truax:
            problems.append(f"{where}: reliable_change needs either threshold, or sd and reliability (not both)")
        elif fixed and change.threshold is not None and change.threshold <= 0:
            problems.append(f"{where}: reliable_change threshold must be above 0")
        elif jacobson_truax and (change.sd is None or change.sd <= 0):
            problems.append(f"{where}: reliable_change sd must be given and above 0")
        elif jacobson_truax and (change.reliability is None or not 0 <= change.reliability < 1):
            problems.append(f"{where}: reliable_change reliability must be given, at least 0 and below 1")
    return problems


def band_problems(definition: Definition, scale: Scale) -> list[str]:
    """Bands must cover every possible score exactly once; messages name the band beside a gap."""
    if not scale.bands:
        return []
    problems: list[str] = []
    low, high = score_range(definition, scale)
    bands = sorted(scale.bands, key=lambda band: Fraction(str(band.min)))
    problems += [f"two bands are labelled '{label}'" for label in _duplicates(band.label for band in bands)]
    for band in bands:
        if band.max is not None and band.max < band.min:
            problems.append(f"band '{band.label}' {band.span} ends before it starts")
        elif band.min < low or (band.max is not None and band.max > high):
            problems.append(
                f"band '{band.label}' {band.span} goes outside the possible range {fmt(low)}{DASH}{fmt(high)}"
            )
    for first, second in pairwise(bands):
        if first.max is None or first.max >= second.min:
            problems.append(f"bands '{first.label}' {first.span} and '{second.label}' {second.span} overlap")
    if problems:
        return problems
    possible = possible_scores(definition, scale)
    if possible is None:
        return [f"has too many possible scores to check its bands (more than {MAX_POSSIBLE_SCORES})"]
    for run in _uncovered_runs(possible, bands):
        span = fmt(run[0]) if len(run) == 1 else f"{fmt(run[0])}{DASH}{fmt(run[-1])}"
        below = [band for band in bands if band.max is not None and band.max < run[0]]
        if below:
            band = below[-1]
            problems.append(f"band '{band.label}' {band.span} leaves {span} uncovered")
        else:
            problems.append(
                f"no band covers {span}, the lowest possible score(s); the lowest band starts at {fmt(bands[0].min)}"
            )
    problems += [
        f"band '{band.label}' {band.span} contains no possible score"
        for band in bands
        if not any(band.contains(score) for score in possible)
    ]
    return problems


def _uncovered_runs(possible: list[Fraction], bands: list[Band]) -> Iterator[list[Fraction]]:
    run: list[Fraction] = []
    for score in possible:
        if any(band.contains(score) for band in bands):
            if run:
                yield run
            run = []
        else:
            run.append(score)
    if run:
        yield run


def _check_critical(definition: Definition) -> list[str]:
    problems = []
    for rule in definition.critical_items:
        where = f"critical rule '{rule.code}'"
        if rule.item not in definition.item_map:
            problems.append(f"{where}: refers to item '{rule.item}', which does not exist")
        else:
            problems += _check_value(definition, rule.item, rule.op, rule.value, where)
    return problems


def _check_screen(definition: Definition) -> list[str]:
    if definition.screen is None:
        return []
    return [
        problem
        for rule in definition.screen.rules
        for problem in _check_condition(definition, rule.when, f"screen result '{rule.result}'", None)
    ]
