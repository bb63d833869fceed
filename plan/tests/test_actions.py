from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from caseload.actions import do_transfer_client
from plan.actions import EMPTY_INNER, OLDER_VERSION, do_sign
from plan.models import PlanVersion, RecoveryPlan
from plan.tests.support import CIRCLES, INNER, MIDDLE, OUTER, PlanTestCase, singapore_today

# 23:30 on 1 March in London is already 2 March in Singapore, where Alex lives.
LATE_EVENING = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)


class StartPlanTest(PlanTestCase):
    def test_it_starts_a_plan_as_version_one_with_its_three_circles(self) -> None:
        version = self.start()
        self.assertEqual(version.number, 1)
        self.assertEqual(version.created_by, self.alex)
        self.assertEqual(version.change_note, "First version")
        texts = {c: [i.text for i in version.items.filter(circle=c)] for c in ("inner", "middle", "outer")}
        self.assertEqual(texts, CIRCLES)
        self.assertFalse(version.is_agreed)

    def test_it_lets_the_therapist_draft_the_plan(self) -> None:
        version = self.start(self.therapist)
        self.assertEqual(version.created_by, self.therapist)
        self.assertEqual(version.plan.client, self.client_record)

    def test_it_audits_the_change_without_its_content(self) -> None:
        version = self.start()
        event = AuditEvent.objects.get(what="plan.start")
        self.assertEqual(event.actor_ref, self.alex.public_id)
        self.assertEqual(event.client_ref, self.client_record.public_id)
        self.assertEqual(event.target_ref, str(version.public_id))

    def test_it_refuses_a_length_of_zero_or_four_hundred_days(self) -> None:
        for days in (0, 400):
            with self.subTest(days=days), self.assertRaises(ValidationError) as caught:
                self.start(abstinence_days=days)
            self.assertIn("40 to 90 days is common", str(caught.exception.message_dict["abstinence_days"]))
        self.assertFalse(RecoveryPlan.objects.exists())

    def test_it_accepts_one_and_365_days(self) -> None:
        self.assertEqual(self.start(abstinence_days=365).abstinence_days, 365)
        self.assertEqual(
            self.start(client=self.bo_record, actor=self.bo_record.user, abstinence_days=1).abstinence_days, 1
        )

    @time_machine.travel(LATE_EVENING, tick=False)
    def test_it_refuses_a_start_more_than_30_days_ahead_in_the_clients_own_calendar(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.start(abstinence_starts_on=date(2025, 4, 2))
        self.assertIn("no more than 30 days from today", str(caught.exception))
        # 1 April is 30 days after 2 March, Alex's today, though London is still on 1 March.
        self.assertEqual(self.start(abstinence_starts_on=date(2025, 4, 1)).abstinence_starts_on, date(2025, 4, 1))

    def test_it_refuses_a_start_more_than_a_year_ago(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.start(abstinence_starts_on=singapore_today() - timedelta(days=400))
        self.assertIn("within the last year", str(caught.exception))

    def test_it_refuses_empty_long_repeated_or_too_many_items(self) -> None:
        cases = {
            "an empty item": {"inner": ["Cam sites", "  "]},
            "a long item": {"middle": ["x" * 301]},
            "a repeat": {"outer": ["Morning run", "Morning run"]},
            "31 items": {"inner": [f"Item {n}" for n in range(31)]},
        }
        for label, circles in cases.items():
            with self.subTest(label), self.assertRaises(ValidationError) as caught:
                self.start(circles=circles)
            self.assertEqual(list(caught.exception.message_dict), list(circles))
        self.assertFalse(RecoveryPlan.objects.exists())

    def test_it_allows_thirty_items_of_three_hundred_characters(self) -> None:
        version = self.start(circles={"inner": [f"{n:02d}" + "x" * 298 for n in range(30)]})
        self.assertEqual(version.items.count(), 30)

    def test_it_refuses_a_second_plan_for_the_same_client(self) -> None:
        self.start()
        with self.assertRaises(ValidationError):
            self.start(self.therapist)
        self.assertEqual(PlanVersion.objects.count(), 1)

    def test_it_refuses_anyone_but_the_client_and_their_therapist(self) -> None:
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider, self.bo_record.user):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                self.start(person)
        self.assertFalse(RecoveryPlan.objects.exists())

    def test_it_refuses_the_former_therapist_after_a_transfer(self) -> None:
        do_transfer_client(self.therapist, self.client_record, self.other_therapist, "Handover note.")
        with self.assertRaises(PermissionDenied):
            self.start(self.therapist)
        self.assertEqual(self.start(self.other_therapist).number, 1)


class RevisePlanTest(PlanTestCase):
    def test_it_saves_a_new_version_and_copies_forward_what_did_not_change(self) -> None:
        first = self.agree(self.start())
        second = self.revise(circles={"inner": [*INNER, "Dating apps"]}, change_note="Added dating apps")
        self.assertEqual(second.number, 2)
        self.assertEqual([i.text for i in second.items.filter(circle="inner")], [*INNER, "Dating apps"])
        self.assertEqual([i.text for i in second.items.filter(circle="middle")], MIDDLE)
        self.assertEqual([i.text for i in second.items.filter(circle="outer")], OUTER)
        self.assertEqual(second.abstinence_starts_on, first.abstinence_starts_on)
        self.assertEqual(second.breach_definition, first.breach_definition)
        self.assertEqual(second.change_note, "Added dating apps")
        # The first version is kept as it was, signatures and all.
        first.refresh_from_db()
        self.assertTrue(first.is_agreed)
        self.assertEqual(first.items.count(), 8)

    def test_it_clears_both_signatures_on_every_revision(self) -> None:
        self.agree(self.start())
        second = self.revise(self.therapist, abstinence_days=60)
        self.assertIsNone(second.client_signed_at)
        self.assertIsNone(second.therapist_signed_at)
        self.assertIsNone(second.therapist_signed_by)

    def test_it_refuses_a_revision_that_changes_nothing(self) -> None:
        self.start()
        with self.assertRaises(ValidationError) as caught:
            self.revise(abstinence_days=90, circles=CIRCLES)
        self.assertIn("Nothing has changed", str(caught.exception))
        self.assertEqual(PlanVersion.objects.count(), 1)

    def test_it_refuses_a_revision_based_on_a_version_someone_else_replaced(self) -> None:
        self.start()
        self.revise(self.therapist, abstinence_days=60, based_on=1)
        with self.assertRaises(ValidationError) as caught:
            self.revise(abstinence_days=80, based_on=1)
        self.assertIn("Someone else saved a change", str(caught.exception))
        self.assertEqual(PlanVersion.objects.count(), 2)

    def test_it_checks_a_new_length_and_start_date(self) -> None:
        self.start()
        with self.assertRaises(ValidationError):
            self.revise(abstinence_days=400)
        with self.assertRaises(ValidationError):
            self.revise(abstinence_starts_on=singapore_today() + timedelta(days=31))
        with self.assertRaises(ValidationError):
            self.revise(circles={"middle": [""]})
        self.assertEqual(PlanVersion.objects.count(), 1)

    def test_it_lets_an_old_plan_change_its_circles_without_moving_its_start(self) -> None:
        with time_machine.travel(datetime(2024, 1, 10, 4, tzinfo=UTC), tick=False):
            self.start(abstinence_starts_on=date(2024, 1, 8))
        with time_machine.travel(datetime(2025, 6, 1, 4, tzinfo=UTC), tick=False):
            second = self.revise(circles={"outer": [*OUTER, "Pottery"]})
        self.assertEqual(second.abstinence_starts_on, date(2024, 1, 8))

    def test_it_refuses_another_therapist_and_another_client(self) -> None:
        self.start()
        for person in (self.other_therapist, self.bo_record.user, self.supporter):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                self.revise(person, abstinence_days=30)
        self.assertEqual(PlanVersion.objects.count(), 1)

    def test_it_cannot_revise_a_plan_that_does_not_exist(self) -> None:
        with self.assertRaises(ValidationError):
            self.revise(abstinence_days=30)


class SignTest(PlanTestCase):
    def test_it_is_agreed_once_the_client_and_their_therapist_have_both_signed(self) -> None:
        version = self.start()
        version = do_sign(self.alex, version)
        self.assertIsNotNone(version.client_signed_at)
        self.assertFalse(version.is_agreed)
        version = do_sign(self.therapist, version)
        self.assertEqual(version.therapist_signed_by, self.therapist)
        self.assertTrue(version.is_agreed)
        self.assertEqual(AuditEvent.objects.filter(what="plan.sign").count(), 2)

    def test_it_changes_nothing_when_signed_twice(self) -> None:
        version = do_sign(self.alex, self.start())
        signed_at = version.client_signed_at
        version = do_sign(self.alex, version)
        self.assertEqual(version.client_signed_at, signed_at)
        self.assertEqual(AuditEvent.objects.filter(what="plan.sign").count(), 1)

    def test_it_refuses_to_sign_an_older_version(self) -> None:
        first = self.start()
        self.revise(abstinence_days=60)
        with self.assertRaises(ValidationError) as caught:
            do_sign(self.therapist, first)
        self.assertEqual(caught.exception.messages, [OLDER_VERSION])
        first.refresh_from_db()
        self.assertIsNone(first.therapist_signed_at)

    def test_it_refuses_to_sign_a_plan_with_an_empty_inner_circle(self) -> None:
        version = self.start(circles={"middle": MIDDLE})
        with self.assertRaises(ValidationError) as caught:
            do_sign(self.alex, version)
        self.assertIn("Add at least one behaviour to your inner circle", caught.exception.messages[0])
        self.assertEqual(caught.exception.messages, [EMPTY_INNER])

    def test_it_refuses_the_therapist_of_another_client(self) -> None:
        version = self.start()
        for person in (self.other_therapist, self.outsider, self.supporter, self.bo_record.user):
            with self.subTest(person=person.name), self.assertRaises(PermissionDenied):
                do_sign(person, version)
        version.refresh_from_db()
        self.assertIsNone(version.therapist_signed_at)
        self.assertIsNone(version.client_signed_at)
