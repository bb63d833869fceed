"""The story's guided steps, kept as data in steps.yaml and checked when the app starts.

Each step needs an ``id`` (lower-case letters, digits and hyphens, unique), a ``title``, the
``question``, a ``hint`` and ``max_chars`` (100 to 20,000); ``choices`` are optional tick boxes,
each with an ``id``, a ``label`` and a one-line ``explanation``. A mistake raises StepsError
naming the file, the step and the field, so a bad edit never reaches a client.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

STEPS_FILE = Path(__file__).with_name("steps.yaml")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELDS = ("id", "title", "question", "hint", "max_chars", "choices")
CHOICE_FIELDS = ("id", "label", "explanation")
MIN_CHARS, MAX_CHARS = 100, 20_000  # MAX_CHARS is also the model field's limit
RESERVED = frozenset({"print"})  # /story/print/ is a page of its own


class StepsError(ValueError):
    pass


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str
    question: str
    hint: str
    max_chars: int
    choices: tuple[Choice, ...] = ()

    def choice_labels(self, ids: list[str]) -> list[str]:
        """The labels of the chosen ids, in the step's order."""
        return [choice.label for choice in self.choices if choice.id in ids]


def _text(where: str, raw: dict[str, Any], field: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise StepsError(f"{where}: '{field}' must be some text")
    return " ".join(value.split())


def _id(where: str, raw: dict[str, Any], seen: set[str]) -> str:
    value = _text(where, raw, "id")
    if not ID_PATTERN.match(value):
        raise StepsError(f"{where}: 'id' must be lower-case letters, digits and hyphens")
    if value in seen:
        raise StepsError(f"{where}: 'id' is used twice")
    seen.add(value)
    return value


def _mapping(where: str, raw: object, fields: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise StepsError(f"{where}: must be a mapping of {', '.join(fields)}")
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise StepsError(f"{where}: unknown field '{unknown[0]}'")
    return raw


def _choices(where: str, raw: object) -> tuple[Choice, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise StepsError(f"{where}: 'choices' must be a list of one or more choices")
    seen: set[str] = set()
    choices = []
    for index, item in enumerate(raw):
        there = f"{where}, choice {index + 1}"
        fields = _mapping(there, item, CHOICE_FIELDS)
        choice_id = _id(there, fields, seen)
        choices.append(Choice(choice_id, _text(there, fields, "label"), _text(there, fields, "explanation")))
    return tuple(choices)


def _step(index: int, raw: object, seen: set[str]) -> Step:
    where = f"step {index + 1}"
    fields = _mapping(where, raw, FIELDS)
    if isinstance(fields.get("id"), str):
        where = f"step '{fields['id']}'"
    step_id = _id(where, fields, seen)
    if step_id in RESERVED:
        raise StepsError(f"{where}: 'id' cannot be {step_id!r}, which names another page")
    limit = fields.get("max_chars")
    if not isinstance(limit, int) or isinstance(limit, bool) or not MIN_CHARS <= limit <= MAX_CHARS:
        raise StepsError(f"{where}: 'max_chars' must be a whole number from {MIN_CHARS} to {MAX_CHARS}")
    return Step(
        id=step_id,
        number=index + 1,
        title=_text(where, fields, "title"),
        question=_text(where, fields, "question"),
        hint=_text(where, fields, "hint"),
        max_chars=limit,
        choices=_choices(where, fields.get("choices")),
    )


def load_steps(text: str, name: str = STEPS_FILE.name) -> tuple[Step, ...]:
    """Parse and check the steps file's text; StepsError names the file and the first problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise StepsError(f"{name} is not valid YAML: {exc}") from exc
    if not isinstance(raw, list) or not raw:
        raise StepsError(f"{name} must be a list of steps")
    seen: set[str] = set()
    try:
        return tuple(_step(index, item, seen) for index, item in enumerate(raw))
    except StepsError as exc:
        raise StepsError(f"{name}, {exc}") from None


@cache
def all_steps() -> tuple[Step, ...]:
    return load_steps(STEPS_FILE.read_text(encoding="utf-8"))


@cache
def _by_id() -> dict[str, Step]:
    return {step.id: step for step in all_steps()}


def step_by_id(step_id: str) -> Step | None:
    return _by_id().get(step_id)


def after(step: Step) -> Step | None:
    steps = all_steps()
    return steps[step.number] if step.number < len(steps) else None


def before(step: Step) -> Step | None:
    return all_steps()[step.number - 2] if step.number > 1 else None
