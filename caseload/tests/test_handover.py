"""A transfer carries a handover note: required, encrypted, shown to the receiving therapist until read."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBase
from django.urls import reverse

from audit.models import AuditEvent
from caseload.actions import do_acknowledge_handover, do_transfer_client
from caseload.models import HANDOVER_NOTE_CHARS, Assignment, Handover
from lib.testing import WaymarkTestCase
from notes.actions import do_delete_draft, do_sign
from notes.tests.support import draft

NOTE = "Alex is steady. Watch Friday evenings; the safety plan was reviewed last week."


class HandoverActionTest(WaymarkTestCase):
    def test_it_stores_the_note_encrypted_and_audits_it(self) -> None:
        do_transfer_client(self.therapist, self.client_record, self.other_therapist, f"  {NOTE}  ")
        handover = Handover.objects.get()
        self.assertEqual(handover.note, NOTE)
        self.assertEqual((handover.written_by, handover.from_therapist), (self.therapist, self.therapist))
        self.assertEqual(handover.to_therapist, self.other_therapist)
        self.assertNotIn("Friday", Handover.objects.values_list("note", flat=True).get())
        self.assertTrue(AuditEvent.objects.filter(what="client.handover", target_ref=str(handover.public_id)).exists())

    def test_it_requires_a_note_of_a_sensible_length(self) -> None:
        for note in ("", "   ", "x" * (HANDOVER_NOTE_CHARS + 1)):
            with self.subTest(length=len(note)), self.assertRaises(ValidationError):
                do_transfer_client(self.therapist, self.client_record, self.other_therapist, note)
        self.assertFalse(Handover.objects.exists())
        self.assertEqual(
            Assignment.objects.get(client=self.client_record, ended_at__isnull=True).therapist, self.therapist
        )

    def test_only_the_receiving_therapist_marks_it_as_read(self) -> None:
        do_transfer_client(self.therapist, self.client_record, self.other_therapist, NOTE)
        handover = Handover.objects.get()
        for person in (self.therapist, self.alex, self.admin):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_acknowledge_handover(person, handover)
        do_acknowledge_handover(self.other_therapist, handover)
        self.assertIsNotNone(Handover.objects.get().acknowledged_at)


class HandoverPagesTest(WaymarkTestCase):
    def record(self) -> str:
        return reverse("client_record", args=[self.client_record.public_id])

    def test_it_shows_the_transfer_form_with_the_note(self) -> None:
        self.login(self.therapist)
        page = self.client.get(self.record())
        self.assertContains(page, "Handover note")
        self.assertContains(page, "Transfer client")

    def test_it_labels_the_form_without_colons(self) -> None:
        self.login(self.therapist)
        page = self.client.get(self.record())
        self.assertContains(page, '<label for="id_transfer_therapist">Hand this client to</label>', html=True)
        self.assertContains(page, '<label for="id_transfer_note">Handover note</label>', html=True)
        self.assertNotContains(page, "Hand this client to:")
        self.assertNotContains(page, "Handover note:")
        self.assertContains(page, f'<option value="{self.other_therapist.pk}">')

    def test_it_says_so_when_there_is_no_colleague_to_hand_to(self) -> None:
        self.other_therapist.is_active = False
        self.other_therapist.save(update_fields=["is_active"])
        self.login(self.therapist)
        page = self.client.get(self.record())
        self.assertContains(page, "There is no colleague in this practice to hand this client to yet.")
        self.assertNotContains(page, "Transfer client")
        self.assertNotContains(page, 'id="id_transfer_therapist"')
        url = reverse("client_transfer", args=[self.client_record.public_id])
        response = self.client.post(url, {"therapist": self.other_therapist.pk, "note": NOTE})
        self.assertContains(response, "There is no colleague in this practice", status_code=400)
        self.assertFalse(Handover.objects.exists())

    def test_it_refuses_a_transfer_without_a_note_and_changes_nothing(self) -> None:
        self.login(self.therapist)
        url = reverse("client_transfer", args=[self.client_record.public_id])
        response = self.client.post(url, {"therapist": self.other_therapist.pk, "note": ""})
        self.assertContains(response, "Please write a handover note", status_code=400)
        self.assertEqual(self.client.get(self.record()).status_code, 200)  # still Dr Tan's
        self.assertFalse(Handover.objects.exists())

    def test_it_refuses_a_forged_therapist(self) -> None:
        self.login(self.therapist)
        url = reverse("client_transfer", args=[self.client_record.public_id])
        for forged in (self.outsider.pk, self.alex.pk, 999999, "x"):
            with self.subTest(forged=forged):
                response = self.client.post(url, {"therapist": forged, "note": NOTE})
                self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertFalse(Handover.objects.exists())

    def test_the_receiving_therapist_sees_the_note_until_marked_as_read(self) -> None:
        self.login(self.therapist)
        self.client.post(
            reverse("client_transfer", args=[self.client_record.public_id]),
            {"therapist": self.other_therapist.pk, "note": NOTE},
        )
        self.login(self.other_therapist)
        page = self.client.get(self.record())
        self.assertContains(page, "Handover note from Dr Tan")
        self.assertContains(page, NOTE)
        handover = Handover.objects.get()
        read = reverse("client_handover_read", args=[self.client_record.public_id, handover.public_id])
        self.assertRedirects(self.client.post(read), self.record())
        self.assertNotContains(self.client.get(self.record()), NOTE)
        notes = self.client.get(reverse("notes_list", args=[self.client_record.public_id]))
        self.assertContains(notes, NOTE)  # kept with the notes

    def test_a_handover_cannot_be_read_through_another_clients_url(self) -> None:
        do_transfer_client(self.other_therapist, self.bo_record, self.therapist, "Bo's note.")
        handover = Handover.objects.get()
        self.login(self.therapist)
        forged = reverse("client_handover_read", args=[self.client_record.public_id, handover.public_id])
        self.assertEqual(self.client.post(forged).status_code, 404)
        self.assertIsNone(Handover.objects.get().acknowledged_at)


class TransferWithDraftsTest(WaymarkTestCase):
    """Dr Tan's unsigned drafts would be left for nobody to sign: the transfer waits until they are finished."""

    def post(self) -> HttpResponseBase:
        url = reverse("client_transfer", args=[self.client_record.public_id])
        return self.client.post(url, {"therapist": self.other_therapist.pk, "note": NOTE})

    def test_it_refuses_while_dr_tan_has_unsigned_drafts_and_links_to_them(self) -> None:
        first = draft(self.therapist, self.client_record)
        second = draft(self.therapist, self.client_record)
        self.login(self.therapist)
        response = self.post()
        self.assertContains(response, "First, finish the unsigned drafts", status_code=400)
        self.assertContains(response, "Please sign or delete these drafts before handing Alex on.", status_code=400)
        for note in (first, second):
            url = reverse("notes_view", args=[self.client_record.public_id, note.public_id])
            self.assertContains(response, f'href="{url}"', status_code=400)
        self.assertContains(response, NOTE, status_code=400)  # the handover note is kept in the form
        self.assertFalse(Handover.objects.exists())
        self.assertEqual(
            Assignment.objects.get(client=self.client_record, ended_at__isnull=True).therapist, self.therapist
        )
        self.assertTrue(AuditEvent.objects.filter(what="notes.drafts", action="read").exists())

        do_sign(self.therapist, first)
        do_delete_draft(self.therapist, second)
        self.assertRedirects(self.post(), reverse("caseload"), fetch_redirect_response=False)
        self.assertEqual(Handover.objects.get().to_therapist, self.other_therapist)
