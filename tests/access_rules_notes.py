"""Access rules for session notes, discharge and handover (notes/, caseload/handover_views.py)."""

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from tests.access_rules import ALEX_THERAPIST_ONLY, THERAPISTS, Rule, alex_record

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase

# Only the client's current therapist, and nobody without a session (notes are never the client's to read here).
NOBODY_SIGNED_IN = "login 404 404 404 404 404 404 404"


def _draft(case: "WaymarkTestCase") -> Any:
    from notes.actions import NoteEntry, do_write_draft

    entry = NoteEntry(
        timezone.localdate(), 50, {"data": "Talked about the week.", "assessment": "Steady.", "plan": "Carry on."}
    )
    return do_write_draft(case.therapist, case.client_record, entry)


def alex_notes(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def alex_draft_note(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id, "note_id": _draft(case).public_id}


def alex_signed_note(case: "WaymarkTestCase") -> dict[str, Any]:
    from notes.actions import do_sign

    note = do_sign(case.therapist, _draft(case))
    return {"client_id": case.client_record.public_id, "note_id": note.public_id}


def alex_signed_note_id(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"id": alex_signed_note(case)["note_id"]}


def alex_draft_note_id(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"id": alex_draft_note(case)["note_id"]}


def signing(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"confirm": "on"}


def an_addendum(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"text": "Also discussed sleep."}


def confirmed_discharge(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"confirm": "on", "note": "Programme complete."}


def alex_discharged(case: "WaymarkTestCase") -> dict[str, Any]:
    from caseload.actions import do_discharge

    do_discharge(case.therapist, case.client_record, "")
    return alex_record(case)


def alex_handover_from_dr_lee(case: "WaymarkTestCase") -> dict[str, Any]:
    """Alex came to Dr Tan from Dr Lee, with a note Dr Tan has not read yet."""
    from caseload.models import Handover

    handover = Handover.objects.create(
        client=case.client_record,
        written_by=case.other_therapist,
        from_therapist=case.other_therapist,
        to_therapist=case.therapist,
        note="Alex prefers morning sessions.",
    )
    return {"public_id": case.client_record.public_id, "handover_id": handover.public_id}


#        anonymous · Alex · Dr Tan · Dr Lee · Sam · Ada · Olive · Oscar
RULES: dict[str, Rule] = {
    # Session notes: the treating therapist's alone; never the client's or a supporter's.
    "notes_list": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_notes),
    "notes_new": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_notes),
    "notes_view": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_signed_note),
    "notes_edit": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_draft_note),
    "notes_sign": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_draft_note, data=signing),
    "notes_addendum": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_signed_note, data=an_addendum),
    "notes_delete": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_draft_note),
    "api:notes": Rule(NOBODY_SIGNED_IN),  # a therapist names the client with ?client=<id>: notes/tests
    "api:note": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_signed_note_id),
    "api:note_sign": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_draft_note_id),
    "api:note_addenda": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_signed_note_id),
    # Discharge and handover: the treating therapist's; the discharged list is every therapist's own.
    "caseload_discharged": Rule(THERAPISTS),
    "client_discharge": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_record),
    "client_reopen": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_discharged),
    "client_handover_read": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_handover_from_dr_lee),
}
