"""Access rules for the course (learning/): the client's /learn/ pages, their therapist's page, and the API.

The module pages use whichever module the library lists first, so the rows hold for any course.
"""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_ONLY, ALEX_THERAPIST_ONLY, SIGNED_IN, Rule

if TYPE_CHECKING:
    from learning.models import JournalEntry
    from lib.testing import WaymarkTestCase

# A client's own write through the API: anyone else signed in is refused (403), as in tracking's API.
CLIENT_WRITES = "login ok 403 403 403 403 403 403"
ALEX_AND_THERAPIST = "login ok ok 404 404 404 404 404"


def first_module(case: "WaymarkTestCase") -> dict[str, Any]:
    from learning.catalogue import modules

    return {"slug": modules()[0].slug}


def first_reflection(case: "WaymarkTestCase") -> dict[str, Any]:
    return {**first_module(case), "number": 1}


def a_reflection(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"r1-text": "Late at night, mostly.", "r1-key": "matrix"}


def _entry(case: "WaymarkTestCase", shared: bool = False) -> "JournalEntry":
    from learning.actions import do_write_reflection

    entry, _ = do_write_reflection(case.alex, first_module(case)["slug"], 1, "Late at night.", share=shared)
    return entry


def alex_entry(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"public_id": _entry(case).public_id}


def alex_shared_entry_api(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"id": _entry(case, shared=True).public_id}


def alex_course(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


RULES: dict[str, Rule] = {
    # The client's library, reader and journal.
    "learning_library": Rule(ALEX_ONLY),
    "learning_module": Rule(ALEX_ONLY, kwargs=first_module),
    "learning_finish": Rule(ALEX_ONLY, method="POST", kwargs=first_module),
    "learning_reflect": Rule(ALEX_ONLY, method="POST", kwargs=first_reflection, data=a_reflection),
    "learning_journal": Rule(ALEX_ONLY),
    "learning_entry_edit": Rule(ALEX_ONLY, kwargs=alex_entry),
    "learning_entry_share": Rule(ALEX_ONLY, method="POST", kwargs=alex_entry, data=lambda case: {"shared": "yes"}),
    "learning_entry_delete": Rule(ALEX_ONLY, kwargs=alex_entry),
    # The therapist's reading of it: progress and only what the client shared.
    "learning_client": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_course),
    # The API. A therapist names the client with ?client=<id> (learning/tests/test_api.py); without it, 404.
    "api:learning_modules": Rule(SIGNED_IN),
    "api:learning_module": Rule(SIGNED_IN, kwargs=first_module),
    "api:learning_progress": Rule(ALEX_ONLY),
    "api:learning_opened": Rule(CLIENT_WRITES, method="POST", kwargs=first_module),
    "api:learning_finished": Rule(CLIENT_WRITES, method="POST", kwargs=first_module),
    "api:learning_journal": Rule(ALEX_ONLY),
    "api:learning_entry": Rule(ALEX_AND_THERAPIST, kwargs=alex_shared_entry_api),
}
