"""Session notes reach a client's data export only when the practice includes them, and then only signed."""

from caseload.actions import do_transfer_client
from lib.testing import WaymarkTestCase
from notes.actions import do_add_addendum
from notes.tests.support import DAP, draft, signed
from privacy.export import build_export, to_json


class NotesExportTest(WaymarkTestCase):
    def export(self) -> dict[str, object]:
        self.client_record.practice.refresh_from_db()
        return build_export(self.client_record)

    def test_it_leaves_notes_out_by_default(self) -> None:
        signed(self.therapist, self.client_record)
        document = self.export()
        self.assertIsNone(document["session_notes"])
        self.assertNotIn(DAP["assessment"], to_json(document))

    def test_it_includes_signed_notes_and_addenda_when_the_practice_says_so(self) -> None:
        note = signed(self.therapist, self.client_record)
        do_add_addendum(self.therapist, note, "A later word.")
        draft(self.therapist, self.client_record, data="An unfinished draft.")
        self.practice.notes_in_client_export = True
        self.practice.save()
        notes = self.export()["session_notes"]
        assert isinstance(notes, list)
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes[0]["sections"]["Assessment"], DAP["assessment"])
        self.assertEqual(notes[0]["written_by"], "Dr Tan")
        self.assertEqual([a["text"] for a in notes[0]["addenda"]], ["A later word."])
        self.assertNotIn("An unfinished draft.", to_json(self.export()))
        self.assertNotIn("content_hash", to_json(self.export()))

    def test_it_includes_notes_from_every_therapist_who_treated_the_client(self) -> None:
        signed(self.therapist, self.client_record, data="From Dr Tan.")
        do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Over to you.")
        signed(self.other_therapist, self.client_record, data="From Dr Lee.")
        self.practice.notes_in_client_export = True
        self.practice.save()
        notes = self.export()["session_notes"]
        assert isinstance(notes, list)
        self.assertEqual(sorted(n["sections"]["Data"] for n in notes), ["From Dr Lee.", "From Dr Tan."])
