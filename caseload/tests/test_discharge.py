"""Discharge: the record becomes read-only, the therapist's access ends as the practice's retention says,
the client keeps their account, and the therapist can undo it while they can still read the record."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseload.access import client_for
from caseload.actions import do_discharge, do_reopen, do_transfer_client
from caseload.models import Client, Discharge
from lib.testing import WaymarkTestCase, make_client
from measures.actions import do_end_schedule, do_schedule
from measures.models import Administration, Schedule, Status
from notes.actions import do_delete_draft
from notes.tests.support import draft
from plan.actions import do_start_plan
from safety.plan_actions import do_mark_safety_plan_reviewed, do_save_safety_plan

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def record_url(client: Client) -> str:
    return reverse("client_record", args=[client.public_id])


@time_machine.travel(NOW, tick=False)
class DischargeActionTest(WaymarkTestCase):
    def test_it_discharges_and_keeps_read_only_access_for_the_retention_period(self) -> None:
        discharge = do_discharge(self.therapist, self.client_record, "Programme complete; all goals met.")
        client = Client.objects.get(pk=self.client_record.pk)
        self.assertEqual(client.discharged_at, NOW)
        self.assertEqual(client.access_ends_at, NOW + timedelta(days=30))
        self.assertEqual(Discharge.objects.get().note, "Programme complete; all goals met.")
        self.assertNotIn("goals met", Discharge.objects.values_list("note", flat=True).get())
        self.assertTrue(
            AuditEvent.objects.filter(what="client.discharge", target_ref=str(discharge.public_id)).exists()
        )
        self.assertEqual(client_for(self.therapist, client.public_id), client)  # still readable
        self.assertIsNotNone(client.current_assignment())  # nothing else ends at once

    def test_it_ends_the_therapists_access_after_the_retention_period(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        with time_machine.travel(NOW + timedelta(days=30, seconds=-1), tick=False):
            self.assertTrue(Client.objects.visible_to(self.therapist).filter(pk=self.client_record.pk).exists())
        with time_machine.travel(NOW + timedelta(days=30), tick=False):
            self.assertFalse(Client.objects.visible_to(self.therapist).filter(pk=self.client_record.pk).exists())
            self.assertTrue(Client.objects.visible_to(self.alex).exists())  # the client keeps their own

    def test_it_ends_access_at_once_when_the_practice_keeps_none(self) -> None:
        self.practice.retention_days_after_discharge = 0
        self.practice.save()
        do_discharge(self.therapist, Client.objects.get(pk=self.client_record.pk), "")
        self.assertFalse(Client.objects.visible_to(self.therapist).exists())

    def test_it_refuses_anyone_but_the_treating_therapist(self) -> None:
        for person in (self.other_therapist, self.alex, self.supporter, self.admin, self.outsider):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_discharge(person, self.client_record, "")
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)

    def test_it_refuses_while_a_session_note_is_unsigned_and_changes_nothing(self) -> None:
        note = draft(self.therapist, self.client_record)
        with self.assertRaisesMessage(ValidationError, "Sign or delete the unsigned session notes first (1 waiting)"):
            do_discharge(self.therapist, self.client_record, "Programme complete.")
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)
        self.assertFalse(Discharge.objects.exists())
        do_delete_draft(self.therapist, note)
        do_discharge(self.therapist, self.client_record, "Programme complete.")
        self.assertIsNotNone(Client.objects.get(pk=self.client_record.pk).discharged_at)

    def test_it_refuses_a_second_discharge_and_an_overlong_note(self) -> None:
        with self.assertRaises(ValidationError):
            do_discharge(self.therapist, self.client_record, "x" * 2001)
        self.assertFalse(Discharge.objects.exists())
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaisesMessage(ValidationError, "read-only"):
            do_discharge(self.therapist, self.client_record, "")
        self.assertEqual(Discharge.objects.count(), 1)

    def test_it_reopens_within_the_retention_period_and_audits_it(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        with time_machine.travel(NOW + timedelta(days=3), tick=False):
            do_reopen(self.therapist, self.client_record)
        client = Client.objects.get(pk=self.client_record.pk)
        self.assertIsNone(client.discharged_at)
        self.assertIsNone(client.access_ends_at)
        self.assertEqual(Discharge.objects.get().reopened_by, self.therapist)
        self.assertTrue(AuditEvent.objects.filter(what="client.reopen").exists())
        draft(self.therapist, client)  # writing works again

    def test_it_cannot_reopen_once_access_has_ended_or_for_someone_else(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        with self.assertRaises(PermissionDenied):
            do_reopen(self.other_therapist, self.client_record)
        with time_machine.travel(NOW + timedelta(days=31), tick=False), self.assertRaises(PermissionDenied):
            do_reopen(self.therapist, self.client_record)
        self.assertIsNotNone(Client.objects.get(pk=self.client_record.pk).discharged_at)

    def test_it_refuses_reopening_an_open_record(self) -> None:
        with self.assertRaisesMessage(ValidationError, "open already"):
            do_reopen(self.therapist, self.client_record)

    def test_it_ends_the_questionnaire_schedules_and_reopening_does_not_restart_them(self) -> None:
        repeating = do_schedule(self.therapist, self.client_record, "phq9", every_days=14)
        started = do_schedule(self.therapist, self.client_record, "gad7")
        Administration.objects.filter(schedule=started).update(status=Status.IN_PROGRESS)
        with time_machine.travel(NOW - timedelta(days=1), tick=False):
            ended = do_end_schedule(self.therapist, do_schedule(self.therapist, self.client_record, "asq"))
        bos = do_schedule(self.other_therapist, self.bo_record, "phq9", every_days=7)

        do_discharge(self.therapist, self.client_record, "")

        schedules = Schedule.objects.filter(client=self.client_record)
        self.assertEqual(set(schedules.values_list("ended_at", flat=True)), {NOW, NOW - timedelta(days=1)})
        self.assertEqual(Schedule.objects.get(pk=ended.pk).ended_at, NOW - timedelta(days=1))  # left as it was
        self.assertEqual(Administration.objects.get(schedule=repeating).status, Status.WITHDRAWN)
        self.assertEqual(Administration.objects.get(schedule=started).status, Status.IN_PROGRESS)  # can still send
        self.assertIsNone(Schedule.objects.get(pk=bos.pk).ended_at)
        audited = AuditEvent.objects.filter(what="measures.schedule.end", actor_ref=self.therapist.public_id)
        self.assertEqual(
            set(audited.values_list("target_ref", flat=True)),
            {str(repeating.public_id), str(started.public_id), str(ended.public_id)},
        )

        with time_machine.travel(NOW + timedelta(days=3), tick=False):
            do_reopen(self.therapist, self.client_record)
        self.assertFalse(Schedule.objects.filter(client=self.client_record, ended_at__isnull=True).exists())
        self.assertFalse(Administration.objects.filter(client=self.client_record, status=Status.DUE).exists())

    def test_it_ends_no_schedule_when_the_discharge_is_refused_or_fails(self) -> None:
        schedule = do_schedule(self.therapist, self.client_record, "phq9", every_days=14)
        with self.assertRaises(PermissionDenied):
            do_discharge(self.other_therapist, self.client_record, "")
        with self.assertRaises(ValidationError):
            do_discharge(self.therapist, self.client_record, "x" * 2001)
        with mock.patch.object(Discharge.objects, "create", side_effect=RuntimeError), self.assertRaises(RuntimeError):
            do_discharge(self.therapist, self.client_record, "")  # fails after the schedules: all of it is undone
        self.assertIsNone(Schedule.objects.get(pk=schedule.pk).ended_at)
        self.assertEqual(Administration.objects.get(schedule=schedule).status, Status.DUE)
        self.assertFalse(AuditEvent.objects.filter(what="measures.schedule.end").exists())
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)


@time_machine.travel(NOW, tick=False)
class ReadOnlyRecordTest(WaymarkTestCase):
    """Every therapist write refuses a discharged client's record; the client's own writes still work."""

    def setUp(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.client_record.refresh_from_db()

    def test_it_refuses_a_transfer(self) -> None:
        with self.assertRaisesMessage(ValidationError, "read-only"):
            do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Handover")
        with self.assertRaisesMessage(ValidationError, "read-only"):
            do_transfer_client(self.admin, self.client_record, self.other_therapist, "Handover")
        assignment = self.client_record.current_assignment()
        assert assignment is not None
        self.assertEqual(assignment.therapist, self.therapist)

    def test_it_refuses_the_therapists_plan_questionnaire_and_safety_plan_writes(self) -> None:
        today = timezone.localdate()
        writes = {
            "plan": lambda: do_start_plan(self.therapist, self.client_record, today, 90, "", {"inner": ["X"]}),
            "questionnaire": lambda: do_schedule(self.therapist, self.client_record, "phq9"),
            "safety plan": lambda: do_save_safety_plan(self.therapist, self.client_record, {"coping": "Walk"}),
            "safety review": lambda: do_mark_safety_plan_reviewed(self.therapist, self.client_record),
        }
        for name, write in writes.items():
            with self.subTest(write=name), self.assertRaisesMessage(ValidationError, "read-only"):
                write()

    def test_it_lets_the_client_keep_using_their_own_tools(self) -> None:
        do_save_safety_plan(self.alex, self.client_record, {"coping": "A walk by the sea"})
        do_start_plan(self.alex, self.client_record, date(2026, 5, 4), 90, "", {"inner": ["Old habits"]})

    def test_it_shows_the_client_a_kind_note_on_their_home(self) -> None:
        self.login(self.alex)
        page = self.client.get(reverse("home"))
        self.assertContains(page, "Your programme with the practice has ended")
        self.assertContains(page, "Help now")


@time_machine.travel(NOW, tick=False)
class DischargePagesTest(WaymarkTestCase):
    def url(self, name: str) -> str:
        return reverse(name, args=[self.client_record.public_id])

    def test_it_confirms_before_discharging(self) -> None:
        self.login(self.therapist)
        page = self.client.get(self.url("client_discharge"))
        self.assertContains(page, "You can still read it for 30 days")
        response = self.client.post(self.url("client_discharge"), {"note": "Done."})
        self.assertContains(response, "Tick the box", status_code=400)
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)

    def test_it_discharges_and_shows_the_read_only_record(self) -> None:
        self.login(self.therapist)
        response = self.client.post(self.url("client_discharge"), {"note": "Done.", "confirm": "on"})
        self.assertRedirects(response, record_url(self.client_record))
        page = self.client.get(record_url(self.client_record))
        self.assertContains(page, "Discharged on 4 May 2026 — read-only")
        self.assertContains(page, "Re-open the record")
        self.assertNotContains(page, "Transfer client")
        self.assertNotContains(page, "Write a session note")

    def test_it_lists_unsigned_drafts_and_waits_for_them_before_discharging(self) -> None:
        note = draft(self.therapist, self.client_record)
        self.login(self.therapist)
        page = self.client.get(self.url("client_discharge"))
        self.assertContains(page, "First, finish the unsigned draft")
        self.assertContains(page, "Please sign or delete this draft before discharging Alex.")
        self.assertContains(page, reverse("notes_view", args=[self.client_record.public_id, note.public_id]))
        self.assertContains(page, '<button type="submit" class="danger" disabled>')
        response = self.client.post(self.url("client_discharge"), {"note": "Programme complete.", "confirm": "on"})
        self.assertContains(response, "First, finish the unsigned draft", status_code=400)
        self.assertContains(response, "Programme complete.", status_code=400)  # the note typed is kept
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)

        do_delete_draft(self.therapist, note)
        self.assertNotContains(self.client.get(self.url("client_discharge")), "unsigned draft")
        response = self.client.post(self.url("client_discharge"), {"confirm": "on"})
        self.assertRedirects(response, record_url(self.client_record))

    def test_it_lists_a_draft_left_by_the_therapist_before_to_discard_first(self) -> None:
        note = draft(self.therapist, self.client_record)
        do_transfer_client(self.admin, self.client_record, self.other_therapist, "Over to you.")
        self.login(self.other_therapist)
        page = self.client.get(self.url("client_discharge"))
        url = reverse("notes_view", args=[self.client_record.public_id, note.public_id])
        self.assertContains(page, f'href="{url}#discard"')
        self.assertContains(page, "started by Dr Tan, who no longer treats Alex; discard it, with a reason")
        response = self.client.post(self.url("client_discharge"), {"confirm": "on"})
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)

    def test_it_refuses_writing_a_note_for_a_discharged_client_with_a_clear_page(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.login(self.therapist)
        for response in (
            self.client.get(reverse("notes_new", args=[self.client_record.public_id])),
            self.client.post(reverse("notes_new", args=[self.client_record.public_id]), {"data": "x"}),
        ):
            self.assertContains(response, "has been discharged; their record is read-only", status_code=403)

    def test_it_refuses_a_transfer_of_a_discharged_client(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.login(self.therapist)
        response = self.client.post(
            self.url("client_transfer"), {"therapist": self.other_therapist.pk, "note": "Over to you."}
        )
        self.assertContains(response, "read-only", status_code=400)

    def test_it_goes_back_to_the_caseload_when_access_ends_at_once(self) -> None:
        self.practice.retention_days_after_discharge = 0
        self.practice.save()
        self.login(self.therapist)
        response = self.client.post(self.url("client_discharge"), {"confirm": "on"})
        self.assertRedirects(response, reverse("caseload"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(record_url(self.client_record)).status_code, 404)

    def test_it_reopens_from_the_record(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.login(self.therapist)
        self.assertRedirects(self.client.post(self.url("client_reopen")), record_url(self.client_record))
        self.assertIsNone(Client.objects.get(pk=self.client_record.pk).discharged_at)
        self.assertContains(self.client.get(record_url(self.client_record)), "Transfer client")

    def test_it_lists_discharged_clients_still_within_retention_in_fixed_queries(self) -> None:
        self.login(self.therapist)
        url = reverse("caseload_discharged")
        self.assertContains(self.client.get(url), "No discharged clients")
        do_discharge(self.therapist, self.client_record, "")
        self.client.get(url)
        with CaptureQueriesContext(connection) as short:
            self.assertContains(self.client.get(url), "Alex")
        for n in range(8):
            client = make_client(self.practice, f"c{n}@example.com", f"Client {n}", self.therapist)
            do_discharge(self.therapist, client, "")
        with CaptureQueriesContext(connection) as long:
            page = self.client.get(url)
        self.assertEqual(len(long.captured_queries), len(short.captured_queries))
        self.assertContains(page, "Client 7")
        with time_machine.travel(NOW + timedelta(days=31), tick=False):
            self.login(self.therapist)  # the old session has long timed out
            self.assertNotContains(self.client.get(url), "Alex")

    def test_it_hides_the_discharged_list_rows_from_other_therapists(self) -> None:
        do_discharge(self.therapist, self.client_record, "")
        self.login(self.other_therapist)
        self.assertNotContains(self.client.get(reverse("caseload_discharged")), "Alex")
