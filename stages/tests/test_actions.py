from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from caseload.actions import do_discharge
from caseload.models import Client, Stage
from lib.testing import WaymarkTestCase
from stages.actions import StaleMove, do_move_stage
from stages.models import StageChange
from stages.tests.support import meet_stage_1, meet_stage_2


class MoveTests(WaymarkTestCase):
    def fresh(self) -> Client:
        return Client.objects.select_related("user", "practice").get(pk=self.client_record.pk)

    def assert_nothing_moved(self, stage: int = Stage.EDUCATION) -> None:
        self.assertEqual(self.fresh().stage, stage)
        self.assertFalse(StageChange.objects.filter(to_stage__gt=0, moved_at__gt=self.started).exists())

    def setUp(self) -> None:
        self.started = timezone.now()

    def test_it_moves_alex_on_when_every_criterion_is_met_with_no_reason_needed(self) -> None:
        meet_stage_1(self.client_record)
        change = do_move_stage(self.therapist, self.fresh(), 2, "Ready for the plan.", seen_stage=1)
        alex = self.fresh()
        self.assertEqual((alex.stage, alex.stage_since), (2, change.moved_at))
        self.assertEqual((change.from_stage, change.to_stage, change.moved_by), (1, 2, self.therapist))
        self.assertEqual(change.unmet, [])
        self.assertEqual(len(change.criteria), 5)
        self.assertTrue(all(item["met"] for item in change.criteria))

    def test_it_needs_a_reason_to_move_on_with_criteria_unmet_and_names_them(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            do_move_stage(self.therapist, self.fresh(), 2, "Keen to start.")
        message = " ".join(caught.exception.messages)
        self.assertIn("Intake history sent", message)
        self.assertIn("Narrative started", message)
        self.assert_nothing_moved()
        change = do_move_stage(self.therapist, self.fresh(), 2, "Keen to start.", "Story to follow in stage 2.")
        self.assertEqual(len(change.unmet), 5)
        self.assertEqual(change.reason, "Story to follow in stage 2.")

    def test_it_checks_every_stage_left_behind_when_moving_on_more_than_one(self) -> None:
        meet_stage_1(self.client_record)
        with self.assertRaises(ValidationError) as caught:
            do_move_stage(self.therapist, self.fresh(), 3, "Plan in place.")
        self.assertIn("Recovery plan signed by both", " ".join(caught.exception.messages))
        meet_stage_2(self.client_record)
        change = do_move_stage(self.therapist, self.fresh(), 3, "Plan in place.")
        self.assertEqual(
            [item["id"] for item in change.criteria][-4:], ["plan_signed", "devices", "prevention", "safety_plan"]
        )
        self.assertEqual(self.fresh().stage, 3)

    def test_it_needs_a_note_for_every_move(self) -> None:
        meet_stage_1(self.client_record)
        for note in ("", "   "):
            with self.subTest(note=note), self.assertRaises(ValidationError) as caught:
                do_move_stage(self.therapist, self.fresh(), 2, note, seen_stage=1)
            self.assertEqual(caught.exception.message_dict, {"note": ["Write a short note about this move."]})
        self.assert_nothing_moved()

    def test_it_names_a_missing_note_and_a_missing_reason_at_once(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            do_move_stage(self.therapist, self.fresh(), 2, "")
        self.assertEqual(set(caught.exception.message_dict), {"note", "reason"})
        self.assert_nothing_moved()

    def test_it_moves_back_only_with_a_reason_and_checks_no_criteria(self) -> None:
        do_move_stage(self.therapist, self.fresh(), 3, "Came from another service.", "Assessed elsewhere before.")
        with self.assertRaises(ValidationError) as caught:
            do_move_stage(self.therapist, self.fresh(), 2, "A hard month.")
        self.assertIn("Moving back to stage 2 needs a reason", " ".join(caught.exception.messages))
        self.assertEqual(self.fresh().stage, 3)
        change = do_move_stage(self.therapist, self.fresh(), 2, "A hard month.", "More time on the plan will help.")
        self.assertEqual((change.from_stage, change.to_stage, change.criteria), (3, 2, []))
        self.assertFalse(change.is_forward)

    def test_it_lets_the_therapist_confirm_what_the_record_cannot_show(self) -> None:
        do_move_stage(self.therapist, self.fresh(), 3, "Came from another service.", "Transferred in.")
        self.client_record.grants.update(revoked_at=timezone.now())
        meet_stage_2(self.client_record, days_sober=100)
        with self.assertRaises(ValidationError):
            do_move_stage(self.therapist, self.fresh(), 4, "Goes to a group.")
        change = do_move_stage(self.therapist, self.fresh(), 4, "Goes to a group.", confirmed=["connected"])
        self.assertEqual(change.unmet, [])
        self.assertEqual(len(change.confirmed), 1)

    def test_it_refuses_to_confirm_by_hand_what_only_the_record_can_show(self) -> None:
        with self.assertRaises(ValidationError):
            do_move_stage(self.therapist, self.fresh(), 2, "Keen.", confirmed=["intake"])
        self.assert_nothing_moved()

    def test_it_refuses_the_stage_alex_is_in_and_stages_that_do_not_exist(self) -> None:
        for stage in (1, 0, 5, -1, 99):
            with self.subTest(stage=stage), self.assertRaises(ValidationError):
                do_move_stage(self.therapist, self.fresh(), stage, "A note.", "Because.")
        self.assert_nothing_moved()

    def test_it_refuses_a_move_decided_on_a_stage_alex_has_since_left(self) -> None:
        do_move_stage(self.therapist, self.fresh(), 2, "Started.", "Started.")
        with self.assertRaises(StaleMove) as caught:
            do_move_stage(self.therapist, self.fresh(), 3, "Ready.", "Ready.", seen_stage=1)
        self.assertIn("While you were looking, Alex was moved to stage 2", caught.exception.messages[0])
        self.assertEqual(self.fresh().stage, 2)
        self.assertEqual(StageChange.objects.count(), 1)

    def test_it_lets_only_alexs_own_therapist_move_him(self) -> None:
        for person in (self.alex, self.other_therapist, self.supporter, self.admin, self.outsider):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_move_stage(person, self.fresh(), 2, "A note.", "Because.")
        self.therapist.is_active = False
        with self.assertRaises(PermissionDenied):
            do_move_stage(self.therapist, self.fresh(), 2, "A note.", "Because.")
        self.assert_nothing_moved()

    def test_it_refuses_to_move_a_discharged_client(self) -> None:
        do_discharge(self.therapist, self.fresh(), "Finished the programme.")
        with self.assertRaises(ValidationError) as caught:
            do_move_stage(self.therapist, self.fresh(), 2, "A note.", "Because.")
        self.assertIn("discharged", caught.exception.messages[0])
        self.assert_nothing_moved()

    def test_it_refuses_a_note_or_reason_over_two_thousand_characters(self) -> None:
        for note, reason in (("n" * 2001, "ok"), ("ok", "r" * 2001)):
            with self.assertRaises(ValidationError):
                do_move_stage(self.therapist, self.fresh(), 2, note, reason)
        self.assert_nothing_moved()
        do_move_stage(self.therapist, self.fresh(), 2, "n" * 2000, "r" * 2000)

    def test_it_audits_the_move_without_its_words_and_keeps_them_encrypted(self) -> None:
        change = do_move_stage(self.therapist, self.fresh(), 2, "Nervous but keen", "Narrative follows")
        event = AuditEvent.objects.get(what="stages.move")
        self.assertEqual((event.client_ref, event.target_ref), (self.client_record.public_id, str(change.public_id)))
        self.assertNotIn("Nervous", str(event.__dict__))
        with connection.cursor() as cursor:
            cursor.execute("SELECT note, reason FROM stages_stagechange")
            note, reason = cursor.fetchone()
        self.assertNotIn("Nervous", note)
        self.assertNotIn("Narrative", reason)
        self.assertEqual(StageChange.objects.get().note, "Nervous but keen")
