"""Small helpers shared by the measures tests."""

import copy
from pathlib import Path
from typing import Any

import yaml

from measures import registry
from measures.definitions import Definition

INSTRUMENTS = Path(registry.BUNDLED_DIR)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def spread(item_ids: list[str], total: int, top: int = 3) -> dict[str, int]:
    """Answers to `item_ids` that add up to `total`, filling items in order up to `top` each."""
    answers = {}
    for item_id in item_ids:
        answers[item_id] = min(top, total)
        total -= answers[item_id]
    assert total == 0, "total is more than the items can hold"
    return answers


def bundled(instrument_id: str) -> Definition:
    return registry.load_file(INSTRUMENTS / f"{instrument_id}.yaml")


def raw(instrument_id: str) -> dict[str, Any]:
    """A bundled definition's parsed YAML, to break in tests."""
    data = yaml.safe_load((INSTRUMENTS / f"{instrument_id}.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data)
