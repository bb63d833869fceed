"""Small helpers shared by the measures tests."""

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from measures import registry
from measures.definitions import Definition
from measures.models import LicensedInstrument

if TYPE_CHECKING:
    from practice.models import Practice

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


def unverified_definition_text() -> str:
    """The made-up example scale with every item waiting for its licensed wording to be pasted in."""
    data = yaml.safe_load((EXAMPLES / "example-scale.yaml").read_text(encoding="utf-8"))
    data.update(id="pending-scale", title="Pending Scale", short_name="PND-6")
    for item in data["items"]:
        item.update(text="", text_pending_verification=True)
    return yaml.safe_dump(data, sort_keys=False)


def add_unverified_instrument(practice: "Practice") -> str:
    """A practice's licensed upload whose wording is not in Waymark yet: it must reach no client."""
    LicensedInstrument.objects.create(
        practice=practice, instrument_id="pending-scale", version="2.1", title="Pending Scale",
        definition=unverified_definition_text(),
    )  # fmt: skip
    return "pending-scale"


def raw(instrument_id: str) -> dict[str, Any]:
    """A bundled definition's parsed YAML, to break in tests."""
    data = yaml.safe_load((INSTRUMENTS / f"{instrument_id}.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data)
