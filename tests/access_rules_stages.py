"""Access rules for stages (stages/): the therapist's stage page and move, and the API."""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_ONLY, ALEX_THERAPIST_ONLY, Rule

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase


def alex_stage(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def move_alex_to_stage_2(case: "WaymarkTestCase") -> dict[str, Any]:
    return {
        "seen_stage": "1",
        "to_stage": "2",
        "note": "Keen to start the plan.",
        "reason": "Ready to start the plan; the rest follows in stage 2.",
    }


RULES: dict[str, Rule] = {
    "client_stage": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_stage),
    "client_stage_move": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_stage, data=move_alex_to_stage_2),
    "api:stage": Rule(ALEX_ONLY),  # a therapist names the client with ?client=<id>: stages/tests/test_api.py
}
