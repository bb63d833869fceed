"""Access rules for the client's story (narrative/): the client writes it; only their therapist reads and comments."""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_ONLY, ALEX_THERAPIST_ONLY, Rule

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase


def first_step(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"step_id": "beginning"}


def alex_story(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def alex_first_step(case: "WaymarkTestCase") -> dict[str, Any]:
    return {**alex_story(case), **first_step(case)}


def a_comment(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"beginning-text": "Thank you for starting this."}


#        anonymous · Alex · Dr Tan · Dr Lee · Sam · Ada · Olive · Oscar
RULES: dict[str, Rule] = {
    "narrative": Rule(ALEX_ONLY),
    "narrative_step": Rule(ALEX_ONLY, kwargs=first_step),
    "narrative_versions": Rule(ALEX_ONLY, kwargs=first_step),
    "narrative_print": Rule(ALEX_ONLY),
    "client_narrative": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_story),
    "client_narrative_versions": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_first_step),
    "client_narrative_comment": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_first_step, data=a_comment),
    # The API: a therapist names the client with ?client=<id> (narrative/tests/test_api.py).
    "api:story": Rule(ALEX_ONLY),
    "api:story_step": Rule(ALEX_ONLY, kwargs=first_step),
    "api:story_versions": Rule(ALEX_ONLY, kwargs=first_step),
    "api:story_comments": Rule(ALEX_ONLY, kwargs=first_step),
}
