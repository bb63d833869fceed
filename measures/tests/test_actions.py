import json
import uuid
from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AuditEvent
from measures.actions import (
    do_assign_intake_set,
    do_correct,
    do_end_schedule,
    do_enter_paper_form,
    do_save_answer,
    do_schedule,
    do_submit,
    next_due_on,
)
from measures.models import Administration, Mode, Status
from measures.progress import free_text_of
from measures.tests.client_support import ASQ_ALL_NO, GAD7_ITEMS, ClientFlowCase, phq9
from measures.tests.support import add_unverified_instrument
from safety.models import AlertSeverity, RiskAlert

# 20:00 in London is 04:00 the next day in Singapore, where Alex's practice is.
EVENING_UTC = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
SINGAPORE_NEXT_DAY = date(2026, 3, 2)


class ScheduleTest(ClientFlowCase):
    def test_it_makes_the_first_questionnaire_due_on_the_clients_today(self) -> None:
        with time_machine.travel(EVENING_UTC, tick=False):
            schedule = do_schedule(self.therapist, self.client_record, "phq9", every_days=28)
        first = schedule.administrations.get()
        self.assertEqual((first.instrument_id, first.status, first.due_on), ("phq9", Status.DUE, SINGAPORE_NEXT_DAY))
        self.assertEqual(schedule.starts_on, SINGAPORE_NEXT_DAY)

    def test_it_starts_on_a_later_date_when_asked(self) -> None:
        later = self.today() + timedelta(days=7)
        schedule = do_schedule(self.therapist, self.client_record, "gad7", starts_on=later)
        self.assertEqual(schedule.administrations.get().due_on, later)

    def test_it_refuses_an_unknown_instrument(self) -> None:
        with self.assertRaisesMessage(ValidationError, "There is no questionnaire called “csbd19” here."):
            do_schedule(self.therapist, self.client_record, "csbd19")
        self.assertFalse(Administration.objects.exists())

    def test_it_refuses_an_instrument_until_its_wording_is_verified(self) -> None:
        pending = add_unverified_instrument(self.practice)
        with self.assertRaisesMessage(ValidationError, "PND-6 cannot be given to clients yet"):
            do_schedule(self.therapist, self.client_record, pending)
        self.assertFalse(Administration.objects.exists())

    def test_it_refuses_a_client_the_therapist_does_not_treat(self) -> None:
        for therapist, client in ((self.therapist, self.bo_record), (self.outsider, self.client_record)):
            with self.assertRaisesMessage(ValidationError, "clients you are treating"):
                do_schedule(therapist, client, "phq9")
        self.assertFalse(Administration.objects.exists())

    def test_it_refuses_a_start_in_the_past_or_a_repeat_of_zero_days(self) -> None:
        with self.assertRaisesMessage(ValidationError, "today or a later date"):
            do_schedule(self.therapist, self.client_record, "phq9", starts_on=self.today() - timedelta(days=1))
        with self.assertRaisesMessage(ValidationError, "Repeat every 1 to 366 days"):
            do_schedule(self.therapist, self.client_record, "phq9", every_days=0)

    def test_it_audits_the_schedule_without_naming_the_instrument(self) -> None:
        schedule = do_schedule(self.therapist, self.client_record, "asq")
        event = AuditEvent.objects.get(what="measures.schedule")
        self.assertEqual(
            (event.actor_ref, event.client_ref, event.target_ref),
            (self.therapist.public_id, self.client_record.public_id, str(schedule.public_id)),
        )

    def test_it_gives_the_intake_set_due_today(self) -> None:
        given = do_assign_intake_set(self.therapist, self.client_record)
        self.assertEqual([a.instrument_id for a in given], ["phq9", "gad7", "asq", "readiness"])
        self.assertEqual({a.due_on for a in given}, {self.today()})

    def test_it_does_not_ask_an_intake_questionnaire_already_waiting(self) -> None:
        self.give("asq")
        given = do_assign_intake_set(self.therapist, self.client_record)
        self.assertEqual([a.instrument_id for a in given], ["phq9", "gad7", "readiness"])
        self.assertEqual(Administration.objects.filter(instrument_id="asq").count(), 1)

    def test_it_ends_a_schedule_withdrawing_what_was_not_started(self) -> None:
        waiting = self.give("phq9", every_days=7)
        do_end_schedule(self.therapist, waiting.schedule)  # type: ignore[arg-type]
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, Status.WITHDRAWN)
        self.assertIsNotNone(waiting.schedule.ended_at)  # type: ignore[union-attr]

    def test_it_lets_a_started_one_be_sent_after_the_schedule_ends_but_asks_no_more(self) -> None:
        started = self.answer(self.give("gad7", every_days=7), {"q1": 1})
        do_end_schedule(self.therapist, started.schedule)  # type: ignore[arg-type]
        self.send(started, dict.fromkeys(GAD7_ITEMS, 1))
        self.assertEqual(Administration.objects.open().count(), 0)

    def test_it_refuses_to_end_another_therapists_schedule(self) -> None:
        waiting = self.give("phq9", every_days=7)
        with self.assertRaises(ValidationError):
            do_end_schedule(self.other_therapist, waiting.schedule)  # type: ignore[arg-type]
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, Status.DUE)


class SaveAnswerTest(ClientFlowCase):
    def test_it_saves_an_answer_and_marks_the_questionnaire_started(self) -> None:
        saved = do_save_answer(self.alex, self.give("phq9"), "q1", "2")
        saved.refresh_from_db()
        self.assertEqual((saved.answers, saved.status), ({"q1": 2}, Status.IN_PROGRESS))
        self.assertIsNotNone(saved.started_at)

    def test_it_refuses_a_value_that_is_not_one_of_the_options(self) -> None:
        waiting = self.give("phq9")
        for value in ("4", "-1", "lots", True, 2.5):
            with self.subTest(value=value), self.assertRaisesMessage(ValidationError, "one of the answers shown"):
                do_save_answer(self.alex, waiting, "q1", value)
        waiting.refresh_from_db()
        self.assertEqual((waiting.answers, waiting.status), ({}, Status.DUE))

    def test_it_refuses_an_item_that_is_not_shown(self) -> None:
        asq = self.answer(self.give("asq"), ASQ_ALL_NO)
        with self.assertRaisesMessage(ValidationError, "not part of this questionnaire now"):
            do_save_answer(self.alex, asq, "q5", "yes")
        with self.assertRaisesMessage(ValidationError, "not part of this questionnaire now"):
            do_save_answer(self.alex, asq, "q99", "yes")

    def test_it_asks_for_a_required_answer_but_lets_an_optional_one_be_left_out(self) -> None:
        waiting = self.answer(self.give("phq9"), phq9(5))
        with self.assertRaisesMessage(ValidationError, "Please choose an answer."):
            do_save_answer(self.alex, waiting, "q1", "")
        left_out = do_save_answer(self.alex, waiting, "q10", "")
        self.assertIsNone(left_out.answers["q10"])

    def test_it_lets_the_client_change_an_earlier_answer(self) -> None:
        waiting = self.answer(self.give("phq9"), {"q1": 1, "q2": 2})
        changed = do_save_answer(self.alex, waiting, "q1", 3)
        self.assertEqual(changed.answers, {"q1": 3, "q2": 2})

    def test_it_drops_answers_to_questions_no_longer_asked(self) -> None:
        asq = self.answer(self.give("asq"), {**ASQ_ALL_NO, "q1": "yes", "q5": "no"})
        self.assertEqual(asq.answers["q5"], "no")
        changed = do_save_answer(self.alex, asq, "q1", "no")
        self.assertNotIn("q5", changed.answers)

    def test_it_keeps_free_text_encrypted_and_out_of_the_answers(self) -> None:
        asq = self.answer(self.give("asq"), {**ASQ_ALL_NO, "q4": "yes", "q4_how": "Tablets, years ago"})
        asq.refresh_from_db()
        self.assertNotIn("q4_how", asq.answers)
        self.assertEqual(free_text_of(asq)["q4_how"], "Tablets, years ago")
        with connection.cursor() as cursor:
            cursor.execute("SELECT free_text FROM measures_administration WHERE id = %s", [asq.pk])
            stored = cursor.fetchone()[0]
        self.assertNotIn("Tablets", stored)

    def test_it_refuses_free_text_over_2000_characters(self) -> None:
        asq = self.answer(self.give("asq"), {**ASQ_ALL_NO, "q4": "yes"})
        with self.assertRaisesMessage(ValidationError, "2,000 characters or fewer"):
            do_save_answer(self.alex, asq, "q4_how", "x" * 2001)
        self.assertEqual(do_save_answer(self.alex, asq, "q4_how", "x" * 2000).free_text.count("x"), 2000)

    def test_it_refuses_another_clients_questionnaire(self) -> None:
        bos = self.give("phq9", client=self.bo_record)
        for person in (self.alex, self.other_therapist):
            with self.assertRaises(PermissionDenied):
                do_save_answer(person, bos, "q1", 1)
        bos.refresh_from_db()
        self.assertEqual(bos.answers, {})

    def test_it_refuses_answers_after_submission(self) -> None:
        sent = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        with self.assertRaisesMessage(ValidationError, "can no longer be changed"):
            do_save_answer(self.alex, sent, "q1", 3)
        sent.refresh_from_db()
        self.assertEqual(sent.answers["q1"], 0)

    def test_it_refuses_answers_to_a_withdrawn_questionnaire(self) -> None:
        waiting = self.give("gad7", every_days=7)
        do_end_schedule(self.therapist, waiting.schedule)  # type: ignore[arg-type]
        with self.assertRaisesMessage(ValidationError, "withdrawn"):
            do_save_answer(self.alex, waiting, "q1", 1)


class SubmitTest(ClientFlowCase):
    def test_it_scores_and_stores_the_result_with_the_instrument_version(self) -> None:
        sent = self.send(self.give("phq9"), phq9(12))
        sent.refresh_from_db()
        self.assertEqual((sent.status, sent.total, sent.instrument_version), (Status.SUBMITTED, 12, "1.0"))
        self.assertEqual(sent.result_data["total"]["band"], "Moderate")
        self.assertIsNotNone(sent.submitted_at)

    def test_it_stores_a_replayed_submission_once(self) -> None:
        waiting = self.answer(self.give("gad7", every_days=14), dict.fromkeys(GAD7_ITEMS, 1))
        key = uuid.uuid4()
        first = do_submit(self.alex, waiting, key)
        again = do_submit(self.alex, waiting, key)
        other_key = do_submit(self.alex, waiting, uuid.uuid4())
        self.assertEqual({first.pk, again.pk, other_key.pk}, {waiting.pk})
        self.assertEqual(again.submitted_at, first.submitted_at)
        self.assertEqual(AuditEvent.objects.filter(what="measures.submit").count(), 1)
        self.assertEqual(Administration.objects.open().count(), 1)  # one next questionnaire, not two

    def test_it_stores_nothing_when_the_answers_cannot_be_scored(self) -> None:
        waiting = self.answer(self.give("phq9"), {"q1": 1, "q2": 1})
        with self.assertRaisesMessage(ValidationError, "q3: not answered, and it is required"):
            do_submit(self.alex, waiting, uuid.uuid4())
        waiting.refresh_from_db()
        self.assertEqual((waiting.status, waiting.result, waiting.submitted_at), (Status.IN_PROGRESS, None, None))
        self.assertFalse(AuditEvent.objects.filter(what="measures.submit").exists())

    def test_it_refuses_a_submission_key_that_is_not_one(self) -> None:
        waiting = self.answer(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 1))
        with self.assertRaisesMessage(ValidationError, "out of date"):
            do_submit(self.alex, waiting, "not-a-key")
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, Status.IN_PROGRESS)

    def test_it_refuses_another_clients_submission(self) -> None:
        bos = self.answer(self.give("gad7", client=self.bo_record), dict.fromkeys(GAD7_ITEMS, 1))
        with self.assertRaises(PermissionDenied):
            do_submit(self.alex, bos, uuid.uuid4())

    def test_it_makes_the_next_one_due_when_the_schedule_repeats(self) -> None:
        sent = self.send(self.give("phq9", every_days=28), phq9(4))
        following = Administration.objects.open().get()
        self.assertEqual(
            (following.schedule_id, following.due_on), (sent.schedule_id, sent.due_on + timedelta(days=28))
        )

    def test_it_asks_nothing_more_for_a_one_off(self) -> None:
        self.send(self.give("phq9"), phq9(4))
        self.assertFalse(Administration.objects.open().exists())

    def test_it_rolls_a_late_next_date_forward_to_today_or_later(self) -> None:
        with time_machine.travel(datetime(2026, 1, 1, 2, 0, tzinfo=UTC), tick=False):
            waiting = self.give("gad7", every_days=7)
        with time_machine.travel(datetime(2026, 1, 20, 2, 0, tzinfo=UTC), tick=False):
            self.send(waiting, dict.fromkeys(GAD7_ITEMS, 0))
        # Due 1 January; the 8th and 15th have passed, so the next is the 22nd, in the same rhythm.
        self.assertEqual(Administration.objects.open().get().due_on, date(2026, 1, 22))

    def test_it_counts_the_next_date_from_the_clients_today(self) -> None:
        self.assertEqual(next_due_on(date(2026, 1, 1), 7, date(2026, 1, 5)), date(2026, 1, 8))
        self.assertEqual(next_due_on(date(2026, 1, 1), 7, date(2026, 1, 15)), date(2026, 1, 15))
        self.assertEqual(next_due_on(date(2026, 1, 1), 7, date(2026, 1, 16)), date(2026, 1, 22))

    def test_it_asks_the_asq_today_when_phq9_item_9_is_above_zero(self) -> None:
        sent = self.send(self.give("phq9"), phq9(8, item9=1))
        asq = Administration.objects.open().get()
        self.assertEqual((asq.instrument_id, asq.due_on), ("asq", self.today()))
        alert = RiskAlert.objects.get(administration=sent)
        self.assertEqual((alert.severity, alert.reason), (AlertSeverity.URGENT, "phq9.phq9_item9"))

    def test_it_does_not_ask_the_asq_again_when_one_is_waiting(self) -> None:
        self.give("asq")
        self.send(self.give("phq9"), phq9(8, item9=2))
        self.assertEqual(Administration.objects.filter(instrument_id="asq").count(), 1)

    def test_it_raises_a_critical_alert_for_an_acute_asq(self) -> None:
        sent = self.send(self.give("asq"), {**ASQ_ALL_NO, "q3": "yes", "q5": "yes"})
        alert = RiskAlert.objects.get(administration=sent)
        self.assertEqual((alert.severity, alert.reason), (AlertSeverity.CRITICAL, "asq.acute_positive"))
        self.assertEqual(sent.result_data["alert_severity"], "critical")

    def test_it_keeps_only_answers_given_and_drops_left_out_ones(self) -> None:
        sent = self.send(self.give("phq9"), {**phq9(3), "q10": ""})
        self.assertNotIn("q10", sent.answers)
        self.assertEqual(sent.total, 3)


class PaperFormTest(ClientFlowCase):
    def test_it_scores_a_paper_form_entered_by_the_therapist(self) -> None:
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "phq9", {k: str(v) for k, v in phq9(16).items()}, self.today()
        )
        entered.refresh_from_db()
        self.assertEqual((entered.mode, entered.entered_by, entered.status), (Mode.PAPER, self.therapist, "submitted"))
        self.assertEqual((entered.total, entered.answers["q1"]), (16, 3))
        self.assertEqual(AuditEvent.objects.filter(what="measures.paper_form").count(), 1)

    def test_it_completes_the_waiting_questionnaire_so_the_schedule_carries_on(self) -> None:
        waiting = self.give("gad7", every_days=28)
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "gad7", dict.fromkeys(GAD7_ITEMS, 2), self.today()
        )
        self.assertEqual(entered.pk, waiting.pk)
        self.assertEqual(Administration.objects.open().get().due_on, waiting.due_on + timedelta(days=28))

    def test_it_dates_a_paper_form_on_the_day_it_was_completed(self) -> None:
        three_days_ago = self.today() - timedelta(days=3)
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "gad7", dict.fromkeys(GAD7_ITEMS, 0), three_days_ago
        )
        self.assertEqual((entered.due_on, entered.submitted_at.date()), (three_days_ago, three_days_ago))  # type: ignore[union-attr]

    def test_it_raises_alerts_and_asks_the_asq_for_a_paper_phq9(self) -> None:
        entered = do_enter_paper_form(self.therapist, self.client_record, "phq9", phq9(6, item9=1), self.today())
        self.assertTrue(RiskAlert.objects.filter(administration=entered).exists())
        self.assertEqual(Administration.objects.open().get().instrument_id, "asq")

    def test_it_refuses_out_of_range_answers_and_stores_nothing(self) -> None:
        with self.assertRaisesMessage(ValidationError, "q1: 4 is not one of 0, 1, 2, 3"):
            do_enter_paper_form(
                self.therapist, self.client_record, "gad7", {**dict.fromkeys(GAD7_ITEMS, 0), "q1": 4}, self.today()
            )
        self.assertFalse(Administration.objects.exists())

    def test_it_refuses_a_form_dated_in_the_future_or_for_someone_elses_client(self) -> None:
        answers = dict.fromkeys(GAD7_ITEMS, 0)
        with self.assertRaisesMessage(ValidationError, "in the future"):
            do_enter_paper_form(self.therapist, self.client_record, "gad7", answers, self.today() + timedelta(days=1))
        with self.assertRaisesMessage(ValidationError, "clients you are treating"):
            do_enter_paper_form(self.other_therapist, self.client_record, "gad7", answers, self.today())
        with self.assertRaisesMessage(ValidationError, "no questionnaire called"):
            do_enter_paper_form(self.therapist, self.client_record, "nope", answers, self.today())
        self.assertFalse(Administration.objects.exists())


class CorrectionTest(ClientFlowCase):
    def test_it_records_a_correction_that_replaces_the_original_result(self) -> None:
        original = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        answers = {**dict.fromkeys(GAD7_ITEMS, 0), "q1": 2}
        corrected = do_correct(self.therapist, original, answers, "Alex tapped the wrong answer on item 1")
        original.refresh_from_db()
        self.assertEqual((original.total, original.answers["q1"]), (0, 0))
        self.assertEqual((corrected.corrects, corrected.total, corrected.entered_by), (original, 2, self.therapist))
        self.assertEqual(corrected.submitted_at, original.submitted_at)
        self.assertEqual(list(Administration.objects.current()), [corrected])

    def test_it_needs_a_reason(self) -> None:
        original = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        with self.assertRaisesMessage(ValidationError, "say why"):
            do_correct(self.therapist, original, dict.fromkeys(GAD7_ITEMS, 1), "  ")
        self.assertEqual(Administration.objects.count(), 1)

    def test_it_corrects_only_the_newest_version(self) -> None:
        original = self.send(self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 0))
        do_correct(self.therapist, original, dict.fromkeys(GAD7_ITEMS, 1), "Typo")
        with self.assertRaisesMessage(ValidationError, "already corrected"):
            do_correct(self.therapist, original, dict.fromkeys(GAD7_ITEMS, 2), "Another typo")

    def test_it_refuses_to_correct_an_unsent_questionnaire_or_another_therapists_client(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Only a completed questionnaire"):
            do_correct(self.therapist, self.give("gad7"), dict.fromkeys(GAD7_ITEMS, 1), "Typo")
        bos = self.send(self.give("gad7", client=self.bo_record), dict.fromkeys(GAD7_ITEMS, 0))
        with self.assertRaisesMessage(ValidationError, "clients you are treating"):
            do_correct(self.therapist, bos, dict.fromkeys(GAD7_ITEMS, 1), "Typo")

    def test_it_keeps_corrected_free_text_encrypted(self) -> None:
        original = self.send(self.give("asq"), {**ASQ_ALL_NO, "q4": "yes", "q5": "no"})
        corrected = do_correct(
            self.therapist, original, {**ASQ_ALL_NO, "q4": "yes", "q5": "no", "q4_when": "2019"}, "Added from session"
        )
        self.assertEqual(json.loads(corrected.free_text), {"q4_when": "2019"})
        self.assertNotIn("q4_when", corrected.answers)
