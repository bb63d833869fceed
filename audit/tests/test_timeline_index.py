"""The record's timeline reads one kind of a client's audit events by the index, not by scanning their history.

A client's history is mostly reads (every opening of the caseload writes one per client), so a
query that walks the client's events in time order and filters them would read all of it.
"""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.log import record, record_reads
from audit.models import Action, AuditEvent
from caseload.timeline import Cursor, Reader, sources
from lib.testing import WaymarkTestCase

INDEX = "audit_client_what_at_hash"


class TimelineIndexTest(WaymarkTestCase):
    def setUp(self) -> None:
        for _ in range(30):
            record_reads(self.therapist, [self.client_record], "caseload.list")
            record(Action.WRITE, "safety_plan.save", actor=self.alex, client=self.client_record)
            record(Action.WRITE, "checkin.create", actor=self.alex, client=self.client_record)

    def plan_of_each_fetch(self, before: Cursor | None) -> dict[str, list[str]]:
        """SQLite's query plan of every audit-log source's page query, by source key."""
        reader = Reader(self.client_record, self.therapist)
        plans = {}
        for source in sources():
            if source.rows(self.client_record).model is not AuditEvent:
                continue
            with CaptureQueriesContext(connection) as queries:
                source.fetch(reader, before, 26)
            (query,) = queries.captured_queries
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans[source.key] = [row[3] for row in cursor.fetchall()]
        return plans

    def test_it_has_the_index_on_client_kind_and_moment(self) -> None:
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
        self.assertEqual(constraints[INDEX]["columns"], ["client_ref", "what", "at", "hash"])

    def test_it_seeks_the_newest_events_of_one_kind_without_sorting(self) -> None:
        if connection.vendor != "sqlite":  # the plan's wording is SQLite's; the index itself is checked above
            return
        newest = AuditEvent.objects.filter(what="safety_plan.save").order_by("-at", "-hash")[5]
        cursors = {
            "first page": None,
            "after an entry of the same source": Cursor(newest.at, "safety_plan_saved", newest.hash),
            "after an entry of another source": Cursor(timezone.now() - timedelta(seconds=1), "lapse", "x"),
        }
        for page, before in cursors.items():
            plans = self.plan_of_each_fetch(before)
            self.assertIn("safety_plan_saved", plans)
            for key, plan in plans.items():
                with self.subTest(page=page, source=key):
                    self.assertIn(f"USING INDEX {INDEX} (client_ref=? AND what=?", plan[0])
                    self.assertFalse([step for step in plan if "TEMP B-TREE" in step], plan)
