"""Access rules for the motivation tools: the client's /motivation/ pages, their therapist's reading, the API."""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_ONLY, ALEX_THERAPIST_ONLY, Rule

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase


def alex_balance(case: "WaymarkTestCase") -> dict[str, Any]:
    from motivation.actions import do_save_balance

    version = do_save_balance(case.alex, case.client_record, {"change_benefits": ["More sleep"]})
    return {"version_id": version.public_id}


def alex_motivation(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def alex_balance_for_therapist(case: "WaymarkTestCase") -> dict[str, Any]:
    return alex_motivation(case) | alex_balance(case)


RULES: dict[str, Rule] = {
    # The client's own tools.
    "motivation": Rule(ALEX_ONLY),
    "motivation_balance": Rule(ALEX_ONLY),
    "motivation_balance_edit": Rule(ALEX_ONLY),
    "motivation_balance_version": Rule(ALEX_ONLY, kwargs=alex_balance),
    "motivation_rulers": Rule(ALEX_ONLY),
    "motivation_rulers_start": Rule(ALEX_ONLY, method="POST"),
    "motivation_values": Rule(ALEX_ONLY),
    "motivation_values_edit": Rule(ALEX_ONLY),
    # Their therapist reads them (read-only).
    "client_motivation": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_motivation),
    "client_motivation_balance": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_balance_for_therapist),
    # The API: a therapist names the client with ?client=<id> (motivation/tests/test_api.py).
    "api:motivation_balance": Rule(ALEX_ONLY),
    "api:motivation_values": Rule(ALEX_ONLY),
    "api:motivation_rulers": Rule(ALEX_ONLY),
}
