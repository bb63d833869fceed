"""Access rows for homework: the client's /tasks/ pages, the therapist's /clients/<id>/tasks/, and /api/v1/tasks."""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_ONLY, ALEX_THERAPIST_ONLY, Rule

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase


def _alex_task_id(case: "WaymarkTestCase") -> Any:
    from homework.models import Kind, Task

    return Task.objects.create(client=case.client_record, kind=Kind.CUSTOM, title="A walk after lunch").public_id


def alex_task(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"task_id": _alex_task_id(case)}


def alex_task_api(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"id": _alex_task_id(case)}


def alex_tasks(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def alex_open_task(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id, "task_id": _alex_task_id(case)}


def a_walk(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"kind": "custom", "title": "A walk after lunch", "back": "tasks"}


def a_note(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"note": "Went round the park."}


CLIENT_AND_THERAPIST = "login ok ok 404 404 404 404 404"

RULES: dict[str, Rule] = {
    "homework_tasks": Rule(ALEX_ONLY),
    "homework_task": Rule(ALEX_ONLY, kwargs=alex_task),
    "homework_task_done": Rule(ALEX_ONLY, method="POST", kwargs=alex_task, data=a_note),
    "homework_client_tasks": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_tasks),
    "homework_client_assign": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_tasks, data=a_walk),
    "homework_client_cancel": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_open_task),
    "api:tasks": Rule(ALEX_ONLY),  # a therapist names the client with ?client=<id>: homework/tests/test_api.py
    "api:task": Rule(CLIENT_AND_THERAPIST, kwargs=alex_task_api),
}
