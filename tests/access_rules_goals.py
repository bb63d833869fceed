"""Access rules for goals (goals/): the client's /goals/ pages, their therapist's twins, and the API."""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_ONLY, ALEX_THERAPIST_ONLY, Rule

if TYPE_CHECKING:
    from goals.models import Goal
    from lib.testing import WaymarkTestCase

ALEX_AND_THERAPIST = "login ok ok 404 404 404 404 404"
# POST or PATCH operations with a JSON body, which the matrix cannot send: a GET answers 405 for everyone.
# Who may write is tested in goals/tests/test_api.py.
JSON_WRITE_ONLY = "405 405 405 405 405 405 405 405"


def _goal(case: "WaymarkTestCase") -> "Goal":
    from goals.actions import do_add_goal

    return do_add_goal(case.alex, case.client_record, "self_care", "Asleep by 11", first_step="Phone in the kitchen")


def alex_goal(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"goal_id": _goal(case).public_id}


def alex_goal_step(case: "WaymarkTestCase") -> dict[str, Any]:
    goal = _goal(case)
    return {"goal_id": goal.public_id, "step_id": goal.steps.get().public_id}


def alex_goals(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def alex_goal_for_therapist(case: "WaymarkTestCase") -> dict[str, Any]:
    return alex_goals(case) | alex_goal(case)


def alex_goal_step_for_therapist(case: "WaymarkTestCase") -> dict[str, Any]:
    return alex_goals(case) | alex_goal_step(case)


def alex_goal_api(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"id": _goal(case).public_id}


def alex_goal_step_api(case: "WaymarkTestCase") -> dict[str, Any]:
    goal = _goal(case)
    return {"id": goal.public_id, "step_id": goal.steps.get().public_id}


def a_step(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"text": "Tea and a book at 10"}


def ticked(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"done": "1"}


def a_review(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"progress": "6", "note": "Most nights now."}


RULES: dict[str, Rule] = {
    "goals": Rule(ALEX_ONLY),
    "goals_new": Rule(ALEX_ONLY),
    "goal": Rule(ALEX_ONLY, kwargs=alex_goal),
    "goal_edit": Rule(ALEX_ONLY, kwargs=alex_goal),
    "goal_step_add": Rule(ALEX_ONLY, method="POST", kwargs=alex_goal, data=a_step),
    "goal_step_tick": Rule(ALEX_ONLY, method="POST", kwargs=alex_goal_step, data=ticked),
    "goal_review": Rule(ALEX_ONLY, method="POST", kwargs=alex_goal, data=a_review),
    "client_goals": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_goals),
    "client_goals_new": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_goals),
    "client_goal": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_goal_for_therapist),
    "client_goal_edit": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_goal_for_therapist),
    "client_goal_step_add": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_goal_for_therapist, data=a_step),
    "client_goal_step_tick": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_goal_step_for_therapist, data=ticked),
    "client_goal_review": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_goal_for_therapist, data=a_review),
    "api:goals": Rule(ALEX_ONLY),  # a therapist names the client with ?client=<id>: goals/tests/test_api.py
    "api:goal": Rule(ALEX_AND_THERAPIST, kwargs=alex_goal_api),
    "api:goal_steps": Rule(JSON_WRITE_ONLY, kwargs=alex_goal_api),
    "api:goal_step": Rule(JSON_WRITE_ONLY, kwargs=alex_goal_step_api),
    "api:goal_reviews": Rule(JSON_WRITE_ONLY, kwargs=alex_goal_api),
}
