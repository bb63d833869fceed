"""Where a person is in a questionnaire: their answers so far and which item comes next.

Pure functions over a definition and answers, so the client pages and the actions agree on
what "shown", "next" and "unanswered" mean. An item that is answered has its id among the
answers; a skipped optional item is stored as blank (None or "") so it counts as seen.
"""

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from measures.definitions import Definition
from measures.scoring import shown_items

if TYPE_CHECKING:
    from measures.models import Administration


def free_text_of(administration: "Administration") -> dict[str, str]:
    """The free-text answers, kept encrypted in `free_text` as JSON (never in `answers`)."""
    if not administration.free_text:
        return {}
    data = json.loads(administration.free_text)
    return {str(key): str(value) for key, value in data.items()} if isinstance(data, dict) else {}


def answers_of(administration: "Administration") -> dict[str, object]:
    """Choice and free-text answers together, as the scoring engine wants them."""
    return {**administration.answers, **free_text_of(administration)}


def settle(definition: Definition, answers: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """Drop answers to items no longer shown (an earlier answer changed), until nothing changes."""
    kept = dict(answers)
    for _ in range(len(definition.items) + 1):
        shown = shown_items(definition, kept)
        visible = {item_id: value for item_id, value in kept.items() if item_id in shown}
        if visible == kept:
            return kept, shown
        kept = visible
    return kept, shown_items(definition, kept)


def first_unanswered(definition: Definition, answers: Mapping[str, object]) -> str | None:
    return next((item_id for item_id in shown_items(definition, answers) if item_id not in answers), None)


def neighbours(definition: Definition, answers: Mapping[str, object], item_id: str) -> tuple[str | None, str | None]:
    """The shown items just before and just after `item_id` (None at either end)."""
    shown = shown_items(definition, answers)
    if item_id not in shown:
        return None, None
    index = shown.index(item_id)
    before = shown[index - 1] if index > 0 else None
    after = shown[index + 1] if index + 1 < len(shown) else None
    return before, after


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
