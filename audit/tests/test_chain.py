"""The audit log is append-only and tamper-evident: a hash chain that verify_audit checks."""

import importlib
import itertools
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import TransactionTestCase

from audit.log import record, verify_chain
from audit.models import GENESIS, Action, AppendOnly, AuditEvent, AuditHead
from lib.testing import WaymarkTestCase

triggers = importlib.import_module("audit.migrations.0002_append_only_triggers")
DROP_TRIGGERS = {"sqlite": triggers.SQLITE_DOWN, "postgresql": triggers.POSTGRES_DOWN}


def as_attacker(sql: str, params: list[str | int]) -> None:
    """Someone with the database itself: they drop the triggers first, then write what they like."""
    with connection.cursor() as cursor:
        for drop in DROP_TRIGGERS[connection.vendor]:
            cursor.execute(drop)
        cursor.execute(sql, params)


def drop_triggers() -> None:
    with connection.cursor() as cursor:
        for drop in DROP_TRIGGERS[connection.vendor]:
            cursor.execute(drop)


class AuditChainTest(WaymarkTestCase):
    def record_five(self) -> list[AuditEvent]:
        return [
            record(Action.READ, "client.record", actor=self.therapist, client=self.client_record),
            record(Action.WRITE, "client.note", actor=self.therapist, client=self.client_record, target_ref="n1"),
            record(Action.LOGIN, "login", actor=self.alex),
            record(Action.DENIED, "client.record", actor=self.outsider, client=self.client_record),
            record(Action.EXPORT, "client.export", actor=self.alex, client=self.client_record),
        ]

    def problems(self) -> list[tuple[int, str]]:
        return [(p.event_id, p.problem) for p in verify_chain()]

    def test_it_links_each_event_to_the_one_before(self) -> None:
        before = AuditEvent.objects.order_by("pk").last()
        events = self.record_five()
        self.assertEqual(events[0].prev_hash, before.hash if before else GENESIS)
        for earlier, later in itertools.pairwise(events):
            self.assertEqual(later.prev_hash, earlier.hash)
        stored = list(AuditEvent.objects.filter(pk__gte=events[0].pk).order_by("pk"))
        self.assertEqual([e.hash for e in stored], [e.hash for e in events])
        self.assertEqual(AuditHead.objects.get().last_hash, events[-1].hash)
        self.assertEqual(stored[1].actor_ref, self.therapist.public_id)
        self.assertEqual(stored[1].client_ref, self.client_record.public_id)
        self.assertEqual(self.problems(), [])

    def test_it_refuses_to_change_or_delete_an_event_through_django(self) -> None:
        event = self.record_five()[2]
        event.what = "something else"
        with self.assertRaises(AppendOnly):
            event.save()
        with self.assertRaises(AppendOnly):
            event.delete()
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.filter(pk=event.pk).update(what="something else")
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.filter(pk=event.pk).delete()
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).what, "login")
        self.assertEqual(self.problems(), [])

    def test_it_refuses_changes_and_removals_at_the_database(self) -> None:
        events = self.record_five()
        bypassing_django = AuditEvent._base_manager
        with self.assertRaisesMessage(DatabaseError, "append-only"), transaction.atomic():
            bypassing_django.filter(pk=events[2].pk).update(what="something else")
        with self.assertRaisesMessage(DatabaseError, "append-only"), transaction.atomic():
            bypassing_django.filter(pk=events[2].pk).delete()
        with self.assertRaisesMessage(DatabaseError, "append-only"), transaction.atomic():
            bypassing_django.filter(pk=events[-1].pk).delete()
        with (
            self.assertRaisesMessage(DatabaseError, "append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE audit_auditevent SET what = %s", ["wiped"])
        self.assertEqual(AuditEvent.objects.filter(pk__in=[e.pk for e in events]).count(), 5)
        self.assertEqual(self.problems(), [])

    def test_it_finds_an_event_whose_content_was_changed(self) -> None:
        events = self.record_five()
        drop_triggers()
        AuditEvent._base_manager.filter(pk=events[1].pk).update(what="client.plan")
        self.assertEqual(self.problems(), [(events[1].pk, "its content does not match its hash (the row was changed)")])

    def test_it_finds_a_changed_event_even_when_its_hash_was_recomputed(self) -> None:
        events = self.record_five()
        forged = AuditEvent.objects.get(pk=events[1].pk)
        forged.actor_ref = self.other_therapist.public_id
        as_attacker(
            "UPDATE audit_auditevent SET actor_ref = %s, hash = %s WHERE id = %s",
            [forged.actor_ref.hex, forged.compute_hash(), forged.pk],
        )
        problems = self.problems()
        self.assertEqual([event_id for event_id, _ in problems], [events[2].pk])
        self.assertIn(f"does not link to event {events[1].pk}", problems[0][1])

    def test_it_finds_a_removed_middle_event(self) -> None:
        events = self.record_five()
        as_attacker("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
        problems = self.problems()
        self.assertEqual([event_id for event_id, _ in problems], [events[3].pk])
        self.assertIn("events between were removed", problems[0][1])

    def test_it_finds_removed_newest_events(self) -> None:
        events = self.record_five()
        as_attacker("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
        problems = self.problems()
        self.assertEqual([event_id for event_id, _ in problems], [events[2].pk])
        self.assertIn("the newest events were removed", problems[0][1])

    def test_it_finds_removed_oldest_events(self) -> None:
        events = self.record_five()
        as_attacker("DELETE FROM audit_auditevent WHERE id <= %s", [events[0].pk])
        first_left = AuditEvent.objects.order_by("pk").first()
        assert first_left is not None
        problems = self.problems()
        self.assertEqual([event_id for event_id, _ in problems], [first_left.pk])
        self.assertIn("the oldest events were removed", problems[0][1])

    def test_it_finds_a_log_emptied_under_its_head(self) -> None:
        self.record_five()
        as_attacker("DELETE FROM audit_auditevent", [])
        self.assertEqual(
            self.problems(), [(0, "the log is empty but its head names an event (every event was removed)")]
        )

    def test_it_keeps_one_unbroken_chain_through_many_writes_and_rollbacks(self) -> None:
        class Abandoned(Exception):
            pass

        kept = []
        for i in range(120):
            if i % 7 == 3:
                try:
                    with transaction.atomic():
                        record(Action.WRITE, "client.note", actor=self.therapist, target_ref=f"gone-{i}")
                        raise Abandoned
                except Abandoned:
                    pass
            elif i % 5 == 0:
                with transaction.atomic():
                    kept.append(record(Action.READ, "client.record", actor=self.therapist, target_ref=f"a-{i}"))
                    kept.append(record(Action.READ, "client.plan", actor=self.therapist, target_ref=f"b-{i}"))
            else:
                kept.append(record(Action.LOGIN, "login", actor=self.alex, target_ref=f"{i}"))
        chain = list(AuditEvent.objects.filter(pk__gte=kept[0].pk).order_by("pk"))
        self.assertEqual([e.pk for e in chain], [e.pk for e in kept])
        self.assertFalse(any(e.target_ref.startswith("gone-") for e in chain))
        for earlier, later in itertools.pairwise(chain):
            self.assertEqual(later.prev_hash, earlier.hash)
        self.assertEqual(len({e.hash for e in chain}), len(chain))
        self.assertEqual(AuditHead.objects.get().last_hash, chain[-1].hash)
        self.assertEqual(self.problems(), [])


class VerifyAuditCommandTest(WaymarkTestCase):
    def test_it_reports_a_sound_chain(self) -> None:
        record(Action.LOGIN, "login", actor=self.alex)
        last = record(Action.LOGOUT, "logout", actor=self.alex)
        out = StringIO()
        call_command("verify_audit", stdout=out)
        self.assertIn("The audit chain holds", out.getvalue())
        self.assertIn(last.hash, out.getvalue())

    def test_it_fails_naming_the_tampered_event(self) -> None:
        record(Action.LOGIN, "login", actor=self.alex)
        changed = record(Action.READ, "client.record", actor=self.therapist, client=self.client_record)
        record(Action.LOGOUT, "logout", actor=self.alex)
        drop_triggers()
        AuditEvent._base_manager.filter(pk=changed.pk).update(actor_role="admin")
        err = StringIO()
        with self.assertRaisesMessage(CommandError, f"first at event {changed.pk}: its content does not match"):
            call_command("verify_audit", stdout=StringIO(), stderr=err)
        self.assertIn(f"event {changed.pk}: its content does not match its hash", err.getvalue())


class EmptyingTheDatabaseTest(TransactionTestCase):
    def test_it_still_lets_manage_py_flush_empty_the_log(self) -> None:
        for _ in range(3):
            record(Action.LOGIN, "login")
        call_command("flush", interactive=False, verbosity=0)
        self.assertFalse(AuditEvent.objects.exists())
        record(Action.LOGIN, "login")
        self.assertEqual(list(verify_chain()), [])
