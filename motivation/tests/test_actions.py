"""Saving the decisional balance and values: new dated versions, by the client only, bad input refused."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import Action, AuditEvent
from homework.models import Kind, Task
from measures.actions import do_self_start
from measures.models import Administration
from motivation.actions import (
    EMPTY_BALANCE,
    EMPTY_VALUES,
    NOTHING_CHANGED,
    ValueChoice,
    boxes_of,
    do_save_balance,
    do_save_values,
    values_of,
)
from motivation.models import BalanceItem, BalanceVersion, ChosenValue, ValuesVersion
from motivation.tests.support import FIRST, OCT_24, SECOND, VALUES, MotivationTestCase


class SaveBalanceTest(MotivationTestCase):
    def test_it_saves_each_version_as_a_new_dated_snapshot(self) -> None:
        first = self.balance(FIRST)
        second = self.balance(SECOND, at=OCT_24)
        self.assertEqual(BalanceVersion.objects.count(), 2)
        self.assertEqual(boxes_of(first), FIRST)
        self.assertEqual(boxes_of(second), SECOND)
        self.assertEqual((first.created_at.day, second.created_at.day), (3, 24))

    def test_it_writes_an_audit_row_without_the_content(self) -> None:
        version = self.balance()
        event = AuditEvent.objects.get(what="motivation.balance.save")
        self.assertEqual((event.action, event.target_ref), (Action.WRITE, str(version.public_id)))
        self.assertEqual(event.client_ref, self.client_record.public_id)
        self.assertNotIn("sleep", str(event.__dict__))

    def test_it_keeps_the_items_encrypted_at_rest(self) -> None:
        self.balance()
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM motivation_balanceitem")
            stored = " ".join(row[0] for row in cursor.fetchall())
        self.assertNotIn("sleep", stored)
        self.assertIn("More sleep", [item.text for item in BalanceItem.objects.all()])

    def test_it_drops_blank_and_repeated_items(self) -> None:
        version = do_save_balance(
            self.alex, self.client_record, {"stay_costs": ["  Tired  ", "", "Tired", "   "], "change_costs": []}
        )
        self.assertEqual(boxes_of(version)["stay_costs"], ["Tired"])

    def test_it_refuses_an_empty_save(self) -> None:
        with self.assertRaisesMessage(ValidationError, EMPTY_BALANCE):
            do_save_balance(self.alex, self.client_record, {"stay_costs": ["", "  "]})
        self.assertFalse(BalanceVersion.objects.exists())

    def test_it_refuses_overlong_items_and_overfull_boxes(self) -> None:
        for boxes, words in [
            ({"stay_costs": ["x" * 301]}, "300 characters or fewer (one has 301)"),
            ({"change_benefits": [f"Reason {n}" for n in range(21)]}, "up to 20 items; it has 21"),
            ({"somewhere": ["x"]}, "There is no box called somewhere"),
        ]:
            with self.subTest(words), self.assertRaisesMessage(ValidationError, words):
                do_save_balance(self.alex, self.client_record, boxes)
        self.assertFalse(BalanceVersion.objects.exists())

    def test_it_takes_exactly_the_limits(self) -> None:
        version = do_save_balance(
            self.alex, self.client_record, {"stay_costs": [f"{n:03}" + "x" * 297 for n in range(20)]}
        )
        self.assertEqual(len(boxes_of(version)["stay_costs"]), 20)

    def test_it_refuses_a_version_that_changes_nothing(self) -> None:
        self.balance(FIRST)
        with self.assertRaisesMessage(ValidationError, NOTHING_CHANGED):
            self.balance(FIRST, at=OCT_24)
        self.assertEqual(BalanceVersion.objects.count(), 1)

    def test_it_lets_only_the_client_write_their_own(self) -> None:
        for actor, client in [
            (self.therapist, self.client_record),
            (self.alex, self.bo_record),
            (self.supporter, self.client_record),
        ]:
            with self.subTest(actor=actor.name), self.assertRaises(PermissionDenied):
                do_save_balance(actor, client, FIRST)
        self.assertFalse(BalanceVersion.objects.exists())

    def test_it_completes_the_decisional_balance_homework(self) -> None:
        task = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="decisional-balance", title="DB")
        other = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="values", title="Values")
        self.balance()
        task.refresh_from_db()
        other.refresh_from_db()
        self.assertIsNotNone(task.completed_at)
        self.assertIsNone(other.completed_at)


class SaveValuesTest(MotivationTestCase):
    def test_it_saves_the_most_important_first_with_their_lines(self) -> None:
        version = self.values([ValueChoice("Family"), *VALUES[:2]])
        saved = values_of(version)
        self.assertEqual([value.name for value in saved], ["Honesty", "Health", "Family"])
        self.assertEqual(saved[0].fit, "It clashes: there is always a secret.")
        self.assertTrue(AuditEvent.objects.filter(what="motivation.values.save").exists())

    def test_it_keeps_names_and_lines_encrypted_at_rest(self) -> None:
        self.values()
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, why, fit FROM motivation_chosenvalue")
            stored = " ".join(" ".join(row) for row in cursor.fetchall())
        self.assertNotIn("Honesty", stored)
        self.assertNotIn("hiding", stored)

    def test_it_refuses_more_than_five_most_important(self) -> None:
        six = [ValueChoice(name, top=True) for name in ("A", "B", "C", "D", "E", "F")]
        with self.assertRaisesMessage(ValidationError, "up to 5 values"):
            do_save_values(self.alex, self.client_record, six)
        self.assertFalse(ValuesVersion.objects.exists())

    def test_it_refuses_empty_overlong_and_nameless_values(self) -> None:
        for values, words in [
            ([], EMPTY_VALUES),
            ([ValueChoice("x" * 61)], "60 characters or fewer"),
            ([ValueChoice("Honesty", why="y" * 301)], "300 characters or fewer (it has 301)"),
            ([ValueChoice("   ")], "Every value needs a name"),
        ]:
            with self.subTest(words), self.assertRaisesMessage(ValidationError, words):
                do_save_values(self.alex, self.client_record, values)
        self.assertFalse(ChosenValue.objects.exists())

    def test_it_counts_a_value_chosen_twice_once(self) -> None:
        version = self.values([ValueChoice("Honesty", top=True), ValueChoice("honesty")])
        self.assertEqual([value.name for value in values_of(version)], ["Honesty"])

    def test_it_refuses_a_version_that_changes_nothing_and_anyone_but_the_client(self) -> None:
        self.values()
        with self.assertRaisesMessage(ValidationError, NOTHING_CHANGED):
            self.values(at=OCT_24)
        with self.assertRaises(PermissionDenied):
            do_save_values(self.therapist, self.client_record, [ValueChoice("Kindness")])
        self.assertEqual(ValuesVersion.objects.count(), 1)

    def test_it_completes_the_values_homework(self) -> None:
        task = Task.objects.create(client=self.client_record, kind=Kind.WORKSHEET, ref="values", title="Values")
        self.values()
        task.refresh_from_db()
        self.assertIsNotNone(task.completed_at)


class SelfStartRulersTest(MotivationTestCase):
    def test_it_starts_the_rulers_once_however_often_it_is_tapped(self) -> None:
        first = do_self_start(self.alex, self.client_record, "readiness")
        again = do_self_start(self.alex, self.client_record, "readiness")
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(Administration.objects.filter(instrument_id="readiness").count(), 1)
        self.assertTrue(AuditEvent.objects.filter(what="measures.self_start", target_ref=str(first.public_id)).exists())

    def test_it_uses_the_rulers_the_therapist_already_asked_for(self) -> None:
        from measures.actions import do_schedule

        asked = do_schedule(self.therapist, self.client_record, "readiness").administrations.get()
        self.assertEqual(do_self_start(self.alex, self.client_record, "readiness").pk, asked.pk)

    def test_it_leaves_the_scored_questionnaires_to_the_therapist(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Your therapist gives you this questionnaire"):
            do_self_start(self.alex, self.client_record, "phq9")
        for actor, client in [(self.therapist, self.client_record), (self.alex, self.bo_record)]:
            with self.subTest(actor=actor.name), self.assertRaises(PermissionDenied):
                do_self_start(actor, client, "readiness")
        self.assertFalse(Administration.objects.exists())
