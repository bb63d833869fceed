"""The exercise cards, kept as data in cards.yaml and checked when the app starts.

Each card needs an ``id`` (lower-case letters, digits and hyphens, unique), a ``title``, a line on
``when`` to use it, a list of ``steps`` (plain sentences) and the ``minutes`` it takes (1 to 60).
A mistake raises CardError naming the card and the field, so a bad edit never reaches a client.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CARDS_FILE = Path(__file__).with_name("cards.yaml")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELDS = ("id", "title", "when", "steps", "minutes")
MAX_MINUTES = 60


class CardError(ValueError):
    pass


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    when: str
    steps: tuple[str, ...]
    minutes: int


def _text(where: str, raw: dict[str, Any], field: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CardError(f"{where}: '{field}' must be some text")
    return value.strip()


def _card(index: int, raw: object, seen: set[str]) -> Card:
    where = f"card {index + 1}"
    if not isinstance(raw, dict):
        raise CardError(f"{where}: each card must be a mapping of {', '.join(FIELDS)}")
    if isinstance(raw.get("id"), str):
        where = f"card '{raw['id']}'"
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise CardError(f"{where}: unknown field '{unknown[0]}'")
    card_id = _text(where, raw, "id")
    if not ID_PATTERN.match(card_id):
        raise CardError(f"{where}: 'id' must be lower-case letters, digits and hyphens")
    if card_id in seen:
        raise CardError(f"{where}: 'id' is used by an earlier card too")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        raise CardError(f"{where}: 'steps' must be a list of one or more sentences")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_MINUTES:
        raise CardError(f"{where}: 'minutes' must be a whole number from 1 to {MAX_MINUTES}")
    seen.add(card_id)
    return Card(
        id=card_id,
        title=_text(where, raw, "title"),
        when=_text(where, raw, "when"),
        steps=tuple(step.strip() for step in steps),
        minutes=minutes,
    )


def load_cards(text: str) -> tuple[Card, ...]:
    """Parse and check the cards file's text; CardError names the first problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CardError(f"cards file is not valid YAML: {exc}") from exc
    if not isinstance(raw, list) or not raw:
        raise CardError("cards file must be a list of cards")
    seen: set[str] = set()
    return tuple(_card(index, item, seen) for index, item in enumerate(raw))


@cache
def all_cards() -> tuple[Card, ...]:
    return load_cards(CARDS_FILE.read_text(encoding="utf-8"))


def card_by_id(card_id: str) -> Card | None:
    return next((card for card in all_cards() if card.id == card_id), None)
