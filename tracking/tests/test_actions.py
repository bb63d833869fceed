"""The actions behind every tracking write: who may write, bad input, and the same submission twice."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from lib import crypto
from lib.testing import WaymarkTestCase
from tracking.actions import (
    BEFORE_PLAN,
    FUTURE_DAY,
    FUTURE_TIME,
    TOO_OLD_DAY,
    LapseEntry,
    UrgeEntry,
    do_add_trigger,
    do_check_in,
    do_log_urge,
    do_record_lapse,
    do_update_lapse,
)
from tracking.models import CheckIn, CommonTrigger, Lapse, Outcome, Trigger, Urge
from tracking.queries import streak_for

from .support import agree_plan, answers, stored

# 20:00 UTC on 10 June is 04:00 on 11 June in Singapore, where Alex's practice is.
EVENING_IN_UTC = datetime(2024, 6, 10, 20, 0, tzinfo=UTC)


def messages_of(raised: ValidationError) -> list[str]:
    return raised.messages


@time_machine.travel(EVENING_IN_UTC, tick=False)
class CheckInActionTest(WaymarkTestCase):
    def test_it_records_a_check_in_for_the_clients_own_today_and_audits_it(self) -> None:
        check_in, created = do_check_in(self.alex, date(2024, 6, 11), answers(note="Slept well"))
        self.assertTrue(created)
        self.assertEqual((check_in.day, check_in.mood, check_in.note), (date(2024, 6, 11), 4, "Slept well"))
        event = AuditEvent.objects.get(what="checkin.create")
        self.assertEqual((event.actor_ref, event.client_ref), (self.alex.public_id, self.client_record.public_id))

    def test_it_refuses_a_day_still_to_come_on_the_clients_calendar(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            do_check_in(self.alex, date(2024, 6, 12), answers())
        self.assertEqual(messages_of(raised.exception), [FUTURE_DAY])
        self.assertFalse(CheckIn.objects.exists())

    def test_it_takes_the_last_seven_days_and_no_older(self) -> None:
        do_check_in(self.alex, date(2024, 6, 4), answers())
        with self.assertRaises(ValidationError) as raised:
            do_check_in(self.alex, date(2024, 6, 3), answers())
        self.assertEqual(messages_of(raised.exception), [TOO_OLD_DAY])

    def test_it_edits_the_days_check_in_when_a_second_one_comes(self) -> None:
        first, _ = do_check_in(self.alex, date(2024, 6, 11), answers(mood=2, note="Rough morning"))
        second, created = do_check_in(self.alex, date(2024, 6, 11), answers(mood=4, sober=False, note="Better now"))
        self.assertFalse(created)
        self.assertEqual(second.pk, first.pk)
        stored_now = CheckIn.objects.get()
        self.assertEqual((stored_now.mood, stored_now.sober, stored_now.note), (4, False, "Better now"))
        self.assertEqual(AuditEvent.objects.filter(what="checkin.update").count(), 1)

    def test_it_stores_a_repeated_submission_once(self) -> None:
        do_check_in(self.alex, date(2024, 6, 11), answers(mood=3), key="flaky-1")
        again, created = do_check_in(self.alex, date(2024, 6, 11), answers(mood=3), key="flaky-1")
        self.assertFalse(created)
        self.assertEqual(CheckIn.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(what__startswith="checkin.").count(), 1)
        self.assertEqual(again.mood, 3)

    def test_it_refuses_answers_out_of_range(self) -> None:
        for field, bad in [
            ("mood", answers(mood=0)),
            ("mood", answers(mood=6)),
            ("urge", answers(urge=11)),
            ("urge", answers(urge=-1)),
            ("sleep_hours", answers(sleep_hours=Decimal("24.5"))),
            ("sleep_quality", answers(sleep_quality=4)),
            ("note", answers(note="x" * 281)),
        ]:
            with self.subTest(field=field), self.assertRaises(ValidationError) as raised:
                do_check_in(self.alex, date(2024, 6, 11), bad)
            self.assertIn(field, raised.exception.message_dict)
        self.assertFalse(CheckIn.objects.exists())

    def test_it_lets_only_the_client_write(self) -> None:
        for person in (self.therapist, self.supporter, self.admin):
            with self.subTest(person=person), self.assertRaises(PermissionDenied):
                do_check_in(person, date(2024, 6, 11), answers())

    def test_it_keeps_the_note_encrypted_at_rest(self) -> None:
        check_in, _ = do_check_in(self.alex, date(2024, 6, 11), answers(note="Quillfeather evening"))
        raw = stored("tracking_checkin", "note", check_in.public_id)
        self.assertTrue(crypto.is_token(raw))
        self.assertNotIn("Quillfeather", raw)


def urge(**changes: object) -> UrgeEntry:
    values: dict[str, object] = {
        "occurred_at": EVENING_IN_UTC - timedelta(hours=1),
        "intensity": 6,
        "outcome": Outcome.RODE_IT_OUT,
    } | changes
    return UrgeEntry(**values)  # type: ignore[arg-type]


@time_machine.travel(EVENING_IN_UTC, tick=False)
class UrgeActionTest(WaymarkTestCase):
    def test_it_logs_an_urge_with_a_common_trigger(self) -> None:
        logged, created = do_log_urge(self.alex, urge(trigger=CommonTrigger.BOREDOM, feeling="restless"))
        self.assertTrue(created)
        self.assertEqual((logged.common_trigger, logged.trigger_label()), ("boredom", "Boredom"))
        self.assertTrue(AuditEvent.objects.filter(what="urge.create", target_ref=str(logged.public_id)).exists())

    def test_it_refuses_an_intensity_of_eleven(self) -> None:
        for bad in (11, -1):
            with self.subTest(intensity=bad), self.assertRaises(ValidationError) as raised:
                do_log_urge(self.alex, urge(intensity=bad))
            self.assertIn("intensity", raised.exception.message_dict)
        self.assertFalse(Urge.objects.exists())

    def test_it_refuses_a_time_still_to_come_or_more_than_a_year_ago(self) -> None:
        for when in (EVENING_IN_UTC + timedelta(minutes=30), EVENING_IN_UTC - timedelta(days=400)):
            with self.subTest(when=when), self.assertRaises(ValidationError):
                do_log_urge(self.alex, urge(occurred_at=when))
        # A phone clock a minute fast is still now.
        do_log_urge(self.alex, urge(occurred_at=EVENING_IN_UTC + timedelta(minutes=1)))

    def test_it_adds_a_new_trigger_to_the_clients_list_and_uses_it(self) -> None:
        logged, _ = do_log_urge(self.alex, urge(new_trigger="Sunday evenings on my own"))
        self.assertEqual(logged.trigger_label(), "Sunday evenings on my own")
        mine = Trigger.objects.get(client=self.client_record)
        again, _ = do_log_urge(self.alex, urge(trigger=str(mine.public_id)))
        self.assertEqual(again.trigger, mine)

    def test_it_refuses_someone_elses_trigger_and_made_up_ones(self) -> None:
        theirs = Trigger.objects.create(client=self.bo_record, name="Bo's trigger")
        for value in (str(theirs.public_id), "not-a-trigger"):
            with self.subTest(value=value), self.assertRaises(ValidationError) as raised:
                do_log_urge(self.alex, urge(trigger=value))
            self.assertIn("trigger", raised.exception.message_dict)

    def test_it_refuses_the_same_trigger_twice(self) -> None:
        do_add_trigger(self.alex, "After drinks")
        with self.assertRaises(ValidationError) as raised:
            do_add_trigger(self.alex, "  after DRINKS ")
        self.assertEqual(raised.exception.messages, ["That one is already on your list."])

    def test_it_stores_a_repeated_submission_once(self) -> None:
        first, _ = do_log_urge(self.alex, urge(), key="k-1")
        second, created = do_log_urge(self.alex, urge(), key="k-1")
        self.assertEqual((second.pk, created, Urge.objects.count()), (first.pk, False, 1))

    def test_it_records_a_lapse_when_the_urge_ended_in_one(self) -> None:
        logged, _ = do_log_urge(self.alex, urge(outcome=Outcome.LAPSE))
        lapse = Lapse.objects.get(urge=logged)
        self.assertEqual(lapse.occurred_at, logged.occurred_at)
        self.assertEqual(streak_for(self.client_record).lapse_count, 1)

    def test_it_keeps_what_the_client_wrote_encrypted_at_rest(self) -> None:
        logged, _ = do_log_urge(self.alex, urge(feeling="Quillfeather", what_i_did="Walked", notes="Inkwell"))
        for column, secret in (("feeling", "Quillfeather"), ("what_i_did", "Walked"), ("notes", "Inkwell")):
            raw = stored("tracking_urge", column, logged.public_id)
            self.assertTrue(crypto.is_token(raw), column)
            self.assertNotIn(secret, raw)
        trigger = do_add_trigger(self.alex, "Quillfeather trigger")
        self.assertNotIn("Quillfeather", stored("tracking_trigger", "name", trigger.public_id))


def lapse_at(when: datetime, **changes: object) -> LapseEntry:
    return LapseEntry(occurred_at=when, **changes)  # type: ignore[arg-type]


@time_machine.travel(EVENING_IN_UTC, tick=False)
class LapseActionTest(WaymarkTestCase):
    def test_it_records_a_lapse_with_its_chain_and_resets_the_streak(self) -> None:
        agree_plan(self.client_record, date(2024, 6, 1))
        before = streak_for(self.client_record)
        lapse, created = do_record_lapse(
            self.alex,
            lapse_at(EVENING_IN_UTC - timedelta(hours=2), what_happened="Late night", behaviour="Browsed"),
        )
        after = streak_for(self.client_record)
        self.assertTrue(created)
        self.assertEqual((before.current_days, after.current_days), (10, 0))
        self.assertEqual(after.longest_days, 10)
        self.assertEqual(lapse.behaviour, "Browsed")

    def test_it_refuses_a_lapse_before_the_plan_started(self) -> None:
        agree_plan(self.client_record, date(2024, 6, 10))
        # 23:00 on 9 June in Singapore is before the plan; 01:00 on 10 June there (17:00 UTC on the 9th) is not.
        with self.assertRaises(ValidationError) as raised:
            do_record_lapse(self.alex, lapse_at(datetime(2024, 6, 9, 15, 0, tzinfo=UTC)))
        self.assertEqual(raised.exception.messages, [BEFORE_PLAN])
        do_record_lapse(self.alex, lapse_at(datetime(2024, 6, 9, 17, 0, tzinfo=UTC)))
        self.assertEqual(Lapse.objects.count(), 1)

    def test_it_refuses_an_urge_ending_in_a_lapse_before_the_plan_and_keeps_nothing(self) -> None:
        agree_plan(self.client_record, date(2024, 6, 10))
        with self.assertRaises(ValidationError):
            do_log_urge(self.alex, urge(occurred_at=datetime(2024, 6, 9, 15, 0, tzinfo=UTC), outcome=Outcome.LAPSE))
        self.assertFalse(Urge.objects.exists())

    def test_it_refuses_a_lapse_still_to_come(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            do_record_lapse(self.alex, lapse_at(EVENING_IN_UTC + timedelta(hours=1)))
        self.assertEqual(raised.exception.messages, [FUTURE_TIME])

    def test_it_stores_a_repeated_submission_once(self) -> None:
        do_record_lapse(self.alex, lapse_at(EVENING_IN_UTC), key="same")
        _, created = do_record_lapse(self.alex, lapse_at(EVENING_IN_UTC), key="same")
        self.assertEqual((created, Lapse.objects.count()), (False, 1))

    def test_it_lets_the_client_add_the_chain_later(self) -> None:
        lapse, _ = do_record_lapse(self.alex, lapse_at(EVENING_IN_UTC))
        do_update_lapse(self.alex, lapse, lapse_at(EVENING_IN_UTC, vulnerability="Tired", review_with_therapist=True))
        lapse.refresh_from_db()
        self.assertEqual((lapse.vulnerability, lapse.review_with_therapist), ("Tired", True))
        self.assertTrue(AuditEvent.objects.filter(what="lapse.update").exists())

    def test_it_lets_nobody_else_change_a_lapse(self) -> None:
        lapse, _ = do_record_lapse(self.alex, lapse_at(EVENING_IN_UTC))
        bo = self.bo_record.user
        for person in (bo, self.therapist):
            with self.subTest(person=person), self.assertRaises(PermissionDenied):
                do_update_lapse(person, lapse, lapse_at(EVENING_IN_UTC, what_happened="changed"))

    def test_it_keeps_the_chain_encrypted_at_rest(self) -> None:
        lapse, _ = do_record_lapse(
            self.alex, lapse_at(EVENING_IN_UTC, what_happened="Quillfeather", do_differently="Inkwell plan")
        )
        for column, secret in (("what_happened", "Quillfeather"), ("do_differently", "Inkwell")):
            raw = stored("tracking_lapse", column, lapse.public_id)
            self.assertTrue(crypto.is_token(raw))
            self.assertNotIn(secret, raw)
