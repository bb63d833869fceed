from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseload.actions import do_discharge
from caseload.models import Client
from lib.testing import WaymarkTestCase
from stages.actions import do_move_stage
from stages.models import StageChange
from stages.tests.support import meet_stage_1, meet_stage_2


class TherapistPageTests(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.therapist)
        self.page = reverse("client_stage", args=[self.client_record.public_id])
        self.move = reverse("client_stage_move", args=[self.client_record.public_id])

    def stage(self) -> int:
        return Client.objects.get(pk=self.client_record.pk).stage

    def test_it_shows_the_checklist_the_form_and_an_empty_history(self) -> None:
        response = self.client.get(self.page)
        self.assertContains(response, "<h1>Alex: stage</h1>", html=True)
        self.assertContains(response, "Ready for stage 2: abstinence?")
        self.assertContains(response, "0 of 5 met")
        self.assertContains(response, "Not met yet: </span>Intake history sent")
        self.assertContains(
            response, '<option value="1" disabled>Stage 1: Education and assessment (now)</option>', html=True
        )
        self.assertContains(response, "No moves yet")
        self.assertTrue(AuditEvent.objects.filter(what="stages.view", client_ref=self.client_record.public_id).exists())

    def test_it_shows_the_stage_card_on_the_client_record(self) -> None:
        meet_stage_1(self.client_record)
        response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, 'id="stage-card"')
        self.assertContains(response, "5 of 5 met")
        self.assertContains(response, "Met: </span>Narrative started")
        self.assertContains(response, f'action="{self.move}"')

    def test_it_moves_alex_and_goes_back_to_his_record(self) -> None:
        meet_stage_1(self.client_record)
        response = self.client.post(self.move, {"seen_stage": "1", "to_stage": "2", "note": "Keen."})
        self.assertRedirects(response, reverse("client_record", args=[self.client_record.public_id]) + "#stage")
        self.assertEqual(self.stage(), 2)
        page = self.client.get(self.page)
        self.assertContains(page, "Stage 1 → stage 2: Abstinence")
        self.assertContains(page, "Keen.")

    def test_it_asks_for_a_note_beside_the_field_and_changes_nothing(self) -> None:
        meet_stage_1(self.client_record)
        for note in ("", "   "):
            with self.subTest(note=note):
                response = self.client.post(self.move, {"seen_stage": "1", "to_stage": "2", "note": note})
                self.assertContains(response, "Write a short note about this move.", status_code=400)
        self.assertEqual(self.stage(), 1)
        self.assertContains(self.client.get(self.page), "For the record: a few words about this move.")

    def test_it_asks_for_the_note_and_the_reason_at_once(self) -> None:
        response = self.client.post(self.move, {"seen_stage": "1", "to_stage": "2", "note": "", "reason": ""})
        self.assertContains(response, "Write a short note about this move.", status_code=400)
        self.assertContains(response, "Give a reason for moving Alex on now.", status_code=400)
        self.assertEqual(self.stage(), 1)

    def test_it_lets_a_jump_confirm_a_later_stages_criterion(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "Plan drafted.", "Intake to follow.")
        self.client_record.grants.update(revoked_at=timezone.now())
        meet_stage_2(self.client_record, days_sober=100)
        page = self.client.get(self.page)
        self.assertContains(page, "Moving on past stage 3: I confirm they attend a group or fellowship")
        data = {"seen_stage": "2", "to_stage": "4", "note": "Goes to SAA weekly.", "confirmed": "connected"}
        response = self.client.post(self.move, data)
        self.assertRedirects(response, reverse("client_record", args=[self.client_record.public_id]) + "#stage")
        self.assertEqual(self.stage(), 4)
        change = StageChange.objects.filter(to_stage=4).get()
        self.assertEqual((change.unmet, len(change.confirmed)), ([], 1))

    def test_it_shows_why_a_confirmation_it_does_not_offer_is_refused(self) -> None:
        meet_stage_1(self.client_record)  # Sam supports Alex: the record shows "connected", so it is not offered
        page = self.client.get(self.page)
        self.assertNotContains(page, "I confirm they attend")
        for confirmed in ("connected", "intake"):
            with self.subTest(confirmed=confirmed):
                data = {"seen_stage": "1", "to_stage": "4", "note": "n", "reason": "x", "confirmed": confirmed}
                response = self.client.post(self.move, data)
                self.assertContains(response, "Only what is listed here can be confirmed by hand", status_code=400)
        self.assertEqual(self.stage(), 1)

    def test_it_explains_a_missing_reason_and_changes_nothing(self) -> None:
        response = self.client.post(self.move, {"seen_stage": "1", "to_stage": "2", "note": "Keen to start."})
        self.assertContains(response, "Not met yet: Intake history sent", status_code=400)
        self.assertContains(response, "Give a reason for moving Alex on now", status_code=400)
        self.assertEqual(self.stage(), 1)

    def test_it_needs_a_reason_to_move_back(self) -> None:
        do_move_stage(self.therapist, self.client_record, 3, "Came from another service.", "Assessed elsewhere.")
        response = self.client.post(self.move, {"seen_stage": "3", "to_stage": "2", "note": "A hard month."})
        self.assertContains(response, "Moving back to stage 2 needs a reason", status_code=400)
        self.assertEqual(self.stage(), 3)

    def test_it_refuses_forged_stage_values(self) -> None:
        for data in (
            {"seen_stage": "1", "to_stage": "7", "note": "n", "reason": "x"},
            {"seen_stage": "1", "to_stage": "two", "note": "n", "reason": "x"},
            {"seen_stage": "1", "to_stage": "1", "note": "n", "reason": "x"},
            {"seen_stage": "9", "to_stage": "2", "note": "n", "reason": "x"},
            {"to_stage": "2", "note": "n", "reason": "x"},
        ):
            with self.subTest(data=data):
                response = self.client.post(self.move, data)
                self.assertEqual(response.status_code, 400)
        self.assertContains(
            self.client.post(self.move, {"seen_stage": "1", "to_stage": "7"}),
            "Choose a stage from 1 to 4",
            status_code=400,
        )
        self.assertContains(
            self.client.post(self.move, {"seen_stage": "1", "to_stage": "1", "note": "n", "reason": "x"}),
            "Alex is already in stage 1",
            status_code=400,
        )
        self.assertFalse(StageChange.objects.exists())

    def test_it_refuses_a_note_that_is_too_long(self) -> None:
        response = self.client.post(self.move, {"seen_stage": "1", "to_stage": "2", "reason": "x", "note": "n" * 2001})
        self.assertContains(response, "at most 2000 characters", status_code=400)
        self.assertEqual(self.stage(), 1)

    def test_it_says_when_someone_moved_alex_meanwhile(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "Started.", "Started.")
        data = {"seen_stage": "1", "to_stage": "3", "note": "n", "reason": "x"}
        response = self.client.post(self.move, data, follow=True)
        self.assertContains(response, "While you were looking, Alex was moved to stage 2")
        self.assertEqual(self.stage(), 2)

    def test_it_keeps_a_discharged_record_read_only(self) -> None:
        do_discharge(self.therapist, self.client_record, "Finished.")
        response = self.client.get(self.page)
        self.assertContains(response, "has been discharged; their record is read-only")
        self.assertNotContains(response, f'action="{self.move}"')
        response = self.client.post(self.move, {"seen_stage": "1", "to_stage": "2", "note": "n", "reason": "x"})
        self.assertContains(response, "discharged", status_code=400)
        self.assertEqual(self.stage(), 1)

    def test_it_answers_404_for_another_therapists_client_or_a_forged_id(self) -> None:
        for client_id in (self.bo_record.public_id, "6f1c2a4e-0000-4000-8000-000000000000"):
            self.assertEqual(self.client.get(reverse("client_stage", args=[client_id])).status_code, 404)
            move = reverse("client_stage_move", args=[client_id])
            self.assertEqual(
                self.client.post(move, {"seen_stage": "1", "to_stage": "2", "reason": "x"}).status_code, 404
            )
        self.assertEqual(Client.objects.get(pk=self.bo_record.pk).stage, 1)

    def test_it_reads_the_page_in_the_same_number_of_queries_however_long_the_history(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "n", "x")
        self.client.get(self.page)
        with self.assertNumQueries(self.queries()):
            self.client.get(self.page)
        for n in range(20):
            do_move_stage(self.therapist, self.client_record, 1 if n % 2 == 0 else 2, "n", "x")
        with self.assertNumQueries(self.queries()):
            self.client.get(self.page)

    def queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get(self.page)
        return len(captured)


class ClientHomeTests(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_tells_alex_where_he_is_in_kind_words(self) -> None:
        response = self.client.get(reverse("home"))
        self.assertContains(response, "stage 1 of 4: education and assessment")
        self.assertContains(response, "There is no rush.")
        self.assertNotContains(response, "You\u2019ve moved")

    def test_it_welcomes_him_into_a_new_stage_for_two_weeks(self) -> None:
        do_move_stage(self.therapist, self.client_record, 2, "Private clinical note", "Private reason")
        response = self.client.get(reverse("home"))
        self.assertContains(response, "You\u2019ve moved into stage 2: abstinence.")
        self.assertContains(response, "a break from the behaviours in your inner circle")
        self.assertNotContains(response, "Private")
        StageChange.objects.update(moved_at=timezone.now() - timedelta(days=15))
        self.assertNotContains(self.client.get(reverse("home")), "You\u2019ve moved")

    def test_it_speaks_kindly_of_a_move_back(self) -> None:
        do_move_stage(self.therapist, self.client_record, 3, "n", "x")
        do_move_stage(self.therapist, self.client_record, 2, "n", "Lapses")
        response = self.client.get(reverse("home"))
        self.assertContains(response, "You and your therapist have decided to spend more time on stage 2: abstinence.")
        self.assertContains(response, "everything you have done so far still counts")
