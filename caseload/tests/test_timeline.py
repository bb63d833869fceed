"""The client record's timeline: every kind of event, newest first, filtered, paged, with no free text."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseload.actions import do_acknowledge_handover, do_discharge, do_reopen, do_transfer_client
from caseload.models import Client, Handover
from caseload.timeline import (
    BAD_CURSOR,
    PAGE_SIZE,
    Cursor,
    Entry,
    Page,
    kinds_available,
    open_cursor,
    page_for,
    seal_cursor,
    sources,
)
from lib.testing import WaymarkTestCase, make_client
from privacy.access_log import zone_of
from reports.tests.history import SECRET, add_history
from tracking.models import Lapse, Urge

MONDAY = datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Singapore"))


class TimelineTestCase(WaymarkTestCase):
    def url(self, query: str = "") -> str:
        return reverse("client_timeline", args=[self.client_record.public_id]) + query

    def page(self, kinds: tuple[str, ...] = (), before: Cursor | None = None) -> Page:
        client = self.client_record
        return page_for(client, self.therapist, zone_of(client), kinds, before)


class TimelineContentTests(TimelineTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_history(cls.client_record, cls.therapist, days=120)

    def test_it_shows_every_kind_newest_first(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        entries = response.context["timeline"].entries
        self.assertEqual(len(entries), PAGE_SIZE)
        moments = [entry.at for entry in entries]
        self.assertEqual(moments, sorted(moments, reverse=True))
        everything = [entry.kind for entry in self._walk()]
        for kind in kinds_available():
            if kind not in ("notes", "care"):  # transfers and discharges: TimelineCareTests
                self.assertIn(kind, everything, kind)

    def test_it_says_what_happened_without_free_text(self) -> None:
        self.login(self.therapist)
        seen = []
        url = self.url()
        while url:
            response = self.client.get(url)
            self.assertNotContains(response, SECRET)
            seen += response.context["timeline"].entries
            url = response.context["older_url"]
        titles = {entry.title for entry in seen}
        self.assertIn("PHQ-9 completed", titles)
        self.assertIn("Recovery plan drafted", titles)
        self.assertIn("Safety plan changed", titles)
        self.assertIn("Relapse-prevention plan changed", titles)
        self.assertIn("Risk alert acknowledged", titles)
        self.assertIn("Lapse", titles)
        alex_signed = next(entry for entry in seen if entry.title.startswith("Alex signed plan version 1"))
        self.assertEqual(alex_signed.facts, ("agreed",))

    def test_it_pages_through_everything_once(self) -> None:
        walked = self._walk()
        keys = [(entry.source, entry.tie) for entry in walked]
        self.assertEqual(len(keys), len(set(keys)))
        urges = Urge.objects.filter(client=self.client_record).count()
        self.assertEqual(sum(1 for entry in walked if entry.source == "urge"), urges)
        self.assertEqual(sum(1 for entry in walked if entry.source == "lapse"), Lapse.objects.count())

    def test_it_filters_by_kind(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url("?kind=lapses&kind=urges"))
        kinds = {entry.kind for entry in response.context["timeline"].entries}
        self.assertEqual(kinds, {"urges"})  # the newest lapse is older than a page of urges
        lapses = self.page(kinds=("lapses",)).entries
        self.assertEqual([entry.source for entry in lapses], ["lapse"] * Lapse.objects.count())
        self.assertIn("kind=lapses&kind=urges&before=", response.context["older_url"])

    def test_it_keeps_what_happened_when_out_of_the_older_link(self) -> None:
        for days in range(1, PAGE_SIZE + 2):
            Lapse.objects.create(client=self.client_record, occurred_at=timezone.now() - timedelta(days=days))
        self.login(self.therapist)
        first = self.client.get(self.url("?kind=lapses")).context
        older = first["timeline"].older
        self.assertEqual(older.source, "lapse")
        url = first["older_url"]
        for clue in ("lapse", older.tie, older.at.isoformat()[:10], older.at.strftime("%Y%m%d")):
            self.assertNotIn(clue, url.replace("kind=lapses", ""))
        (token,) = parse_qs(urlsplit(url).query)["before"]
        self.assertEqual(open_cursor(token, self.client_record), older)

    def test_it_follows_the_older_link(self) -> None:
        self.login(self.therapist)
        first = self.client.get(self.url()).context
        second = self.client.get(first["older_url"])
        self.assertEqual(second.status_code, 200)
        self.assertLess(second.context["timeline"].entries[0].at, first["timeline"].entries[-1].at + timedelta(0, 1))
        self.assertContains(second, "Back to the newest")
        day = second.context["timeline"].days[0]
        self.assertEqual(day.continued, day.on == first["timeline"].days[-1].on)

    def test_it_gives_htmx_only_the_entries(self) -> None:
        self.login(self.therapist)
        older = self.client.get(self.url()).context["older_url"]
        response = self.client.get(older, headers={"HX-Request": "true"})
        self.assertNotContains(response, "<h1>")
        self.assertContains(response, "timeline-more")
        days = response.context["timeline"].days
        headings = response.content.decode().count('class="timeline-day"')
        self.assertEqual(headings, len(days) - (1 if days[0].continued else 0))

    def test_it_breaks_ties_between_entries_at_the_same_moment(self) -> None:
        moment = timezone.now() - timedelta(days=1)
        client = self.client_record
        for n in range(PAGE_SIZE + 5):
            Urge.objects.create(client=client, occurred_at=moment, intensity=n % 10, outcome="rode_it_out")
        Lapse.objects.create(client=client, occurred_at=moment)
        walked = [entry for entry in self._walk() if entry.at == moment]
        self.assertEqual(len(walked), PAGE_SIZE + 6)
        self.assertEqual(len({(entry.source, entry.tie) for entry in walked}), PAGE_SIZE + 6)

    def _walk(self) -> list[Entry]:
        entries: list[Entry] = []
        before = None
        while True:
            page = self.page(before=before)
            entries += page.entries
            if page.older is None:
                return entries
            before = page.older


class TimelineCareTests(TimelineTestCase):
    """Who treats the client: Dr Tan hands Alex to Dr Lee, who discharges and re-opens; Ada hands Alex back."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        client = cls.client_record
        with time_machine.travel(MONDAY, tick=False):
            do_transfer_client(cls.therapist, client, cls.other_therapist, f"Where things stand: {SECRET}")
        with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
            do_acknowledge_handover(cls.other_therapist, Handover.objects.get(to_therapist=cls.other_therapist))
        with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
            do_discharge(cls.other_therapist, client, f"Programme complete. {SECRET}")
        with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
            do_reopen(cls.other_therapist, client)
        with time_machine.travel(MONDAY + timedelta(days=3), tick=False):
            do_transfer_client(cls.admin, client, cls.therapist, f"Dr Lee is leaving. {SECRET}")

    def test_it_shows_transfers_discharges_and_reopenings_without_their_notes(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url("?kind=care"))
        self.assertNotContains(response, SECRET)
        entries = [(entry.title, entry.facts) for entry in response.context["timeline"].entries]
        self.assertEqual(
            entries,
            [
                ("Transferred to you", ("from Dr Lee", "by Ada", "handover note not read yet")),
                ("Record re-opened", ("by Dr Lee",)),
                ("Discharged", ("by Dr Lee",)),
                ("Transferred to Dr Lee", ("from you", "handover note read")),
            ],
        )
        self.assertContains(response, "Transfers and discharge")
        notes = reverse("notes_list", args=[self.client_record.public_id])
        self.assertContains(response, f'<a href="{notes}">Transferred to Dr Lee</a>', html=True)

    def test_it_puts_them_among_everything_else(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url())
        titles = [entry.title for entry in response.context["timeline"].entries]
        self.assertEqual(titles[:2], ["Transferred to you", "Record re-opened"])
        record = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(record, "Transferred to you")


class TimelineQueryTests(TimelineTestCase):
    """Ten days against three years of everything."""

    short: Client

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.short = make_client(cls.practice, "short@example.com", "Short", cls.therapist)
        add_history(cls.short, cls.therapist, days=10)
        add_history(cls.client_record, cls.therapist, days=3 * 365)

    def test_it_runs_one_query_per_source_however_long_the_history(self) -> None:
        # One query per source. Sources grew by five: the audit-log ones read one code each (so
        # each query seeks its index rather than scanning the client's history), and transfers,
        # discharges and re-openings joined the timeline.
        counts = []
        for client in (self.short, self.client_record):
            client = Client.objects.select_related("user", "practice").get(pk=client.pk)
            with CaptureQueriesContext(connection) as queries:
                page = page_for(client, self.therapist, zone_of(client))
            counts.append(len(queries))
            self.assertEqual(len(page.entries), PAGE_SIZE)
        self.assertEqual(counts, [len(sources())] * 2)

    def test_it_runs_the_same_queries_for_the_timeline_page(self) -> None:
        self.login(self.therapist)
        counts = []
        for client in (self.short, self.client_record):
            url = reverse("client_timeline", args=[client.public_id])
            self.client.get(url)  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                self.client.get(response.context["older_url"])
            counts.append(len(queries))
        self.assertEqual(len(set(counts)), 1, counts)
        print(f"\ntimeline page: {counts[0]} queries ({len(sources())} sources)")


class TimelineAccessTests(TimelineTestCase):
    def test_it_audits_each_opening_once(self) -> None:
        self.login(self.therapist)
        before = AuditEvent.objects.filter(what="client.timeline").count()
        self.client.get(self.url())
        events = AuditEvent.objects.filter(what="client.timeline", client_ref=self.client_record.public_id)
        self.assertEqual(events.count(), before + 1)
        self.assertEqual(events.get().actor_ref, self.therapist.public_id)

    def test_it_is_only_for_the_treating_therapist(self) -> None:
        for person in (self.other_therapist, self.alex, self.supporter, self.admin, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(self.url()).status_code, 404, person)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_it_refuses_a_made_up_tampered_or_borrowed_cursor(self) -> None:
        self.login(self.therapist)
        cursor = Cursor(timezone.now(), "urge", "5e7f1f5c-8f0e-4a57-9d0c-3c3f0b6f7a11")
        sealed = seal_cursor(cursor, self.client_record)
        tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
        for before in (
            "yesterday",
            cursor.encode(),  # the old, readable kind
            tampered,
            seal_cursor(cursor, self.bo_record),  # sealed for another client's timeline
            seal_cursor(Cursor(timezone.now(), "nope", "x"), self.client_record),
        ):
            response = self.client.get(self.url(), {"before": before})
            self.assertContains(response, BAD_CURSOR, status_code=400)
        self.assertFalse(AuditEvent.objects.filter(what="client.timeline").exists())

    def test_it_refuses_a_made_up_kind(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url("?kind=diary"))
        self.assertContains(response, "Select a valid choice", status_code=400)

    def test_it_reads_back_a_cursor_it_sealed_for_that_client_only(self) -> None:
        cursor = Cursor(timezone.now(), "urge", "5e7f1f5c-8f0e-4a57-9d0c-3c3f0b6f7a11")
        sealed = seal_cursor(cursor, self.client_record)
        self.assertEqual(open_cursor(sealed, self.client_record), cursor)
        self.assertNotIn("urge", sealed)
        with self.assertRaises(ValidationError):
            open_cursor(sealed, self.bo_record)

    def test_it_shows_an_empty_timeline_kindly(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.url())
        self.assertContains(response, "Nothing here yet.")
        self.assertNotContains(response, "Older entries")
