"""Insights: the sums on a hand-made history, the SVG they draw, the page's queries, who may see it."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from tracking import insights_charts as charts
from tracking.insights import BadPeriod, Run, WeekValue, insights_for, period_from, sober_runs
from tracking.models import CheckIn, CommonTrigger, Lapse, Outcome, Trigger, Urge

from .support import agree_plan

SVG = "{http://www.w3.org/2000/svg}"
# Alex's practice is in Singapore (UTC+8, no DST); "now" is Friday 15 March 2024, 12:00 there.
NOW = datetime(2024, 3, 15, 4, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class InsightsMathsTest(WaymarkTestCase):
    def setUp(self) -> None:
        agree_plan(self.client_record, date(2024, 2, 1))
        own = Trigger.objects.create(client=self.client_record, name="Sunday evenings")
        rows = [
            # Monday 11 March, 22:30 in Singapore (14:30 UTC): twice, once with the client's own trigger.
            (utc(2024, 3, 11, 14, 30), 8, CommonTrigger.LONELINESS, None, Outcome.RODE_IT_OUT),
            (utc(2024, 3, 11, 14, 50), 6, "", own, Outcome.RODE_IT_OUT),
            # Monday 20:00 UTC is Tuesday 04:00 in Singapore.
            (utc(2024, 3, 11, 20, 0), 4, CommonTrigger.LONELINESS, None, Outcome.MIDDLE_CIRCLE),
            # Sunday 3 March, 01:00 in Singapore (Saturday 17:00 UTC).
            (utc(2024, 3, 2, 17, 0), 9, CommonTrigger.STRESS, None, Outcome.LAPSE),
            # Months ago: outside the last 4 weeks.
            (utc(2023, 12, 1, 5, 0), 7, CommonTrigger.BOREDOM, None, Outcome.RODE_IT_OUT),
        ]
        for when, intensity, common, trigger, outcome in rows:
            Urge.objects.create(
                client=self.client_record,
                occurred_at=when,
                intensity=intensity,
                common_trigger=common,
                trigger=trigger,
                outcome=outcome,
            )
        for moment in (utc(2024, 3, 2, 17, 0), utc(2024, 3, 2, 18, 0), utc(2024, 3, 10, 2, 0)):
            Lapse.objects.create(client=self.client_record, occurred_at=moment)
        for day, mood in ((date(2024, 3, 4), 2), (date(2024, 3, 5), 4), (date(2024, 3, 12), 5)):
            CheckIn.objects.create(client=self.client_record, day=day, mood=mood, urge=3, sober=True)

    def test_it_places_urges_by_weekday_and_hour_on_the_clients_own_clock(self) -> None:
        data = insights_for(self.client_record, period_from("4w"), now=NOW)
        monday, tuesday, sunday = data.heat[0], data.heat[1], data.heat[6]
        self.assertEqual(monday[22], 2)
        self.assertEqual(tuesday[4], 1)
        self.assertEqual(sunday[1], 1)
        self.assertEqual(sum(map(sum, data.heat)), 4)  # December's urge is outside the last 4 weeks
        self.assertEqual(data.busiest, ("Monday", 22, 2))

    def test_it_counts_top_triggers_with_the_clients_own_by_name(self) -> None:
        data = insights_for(self.client_record, period_from("4w"), now=NOW)
        self.assertEqual(data.triggers, (("Loneliness", 2), ("Stress", 1), ("Sunday evenings", 1)))
        everything = insights_for(self.client_record, period_from("all"), now=NOW)
        self.assertIn(("Boredom", 1), everything.triggers)

    def test_it_shows_how_many_urges_were_ridden_out(self) -> None:
        data = insights_for(self.client_record, period_from("4w"), now=NOW)
        self.assertEqual([count for _, _, count in data.outcomes], [2, 1, 1])
        self.assertEqual(data.ridden_out_share, 0.5)
        self.assertEqual(insights_for(self.client_record, period_from("all"), now=NOW).ridden_out_share, 0.6)

    def test_it_averages_intensity_and_mood_by_week(self) -> None:
        data = insights_for(self.client_record, period_from("4w"), now=NOW)
        self.assertEqual(data.mood_weeks, (WeekValue(date(2024, 3, 4), 3.0, 2), WeekValue(date(2024, 3, 11), 5.0, 1)))
        # The week of Monday 26 Feb holds Sunday 3 March's urge; the week of 11 March the other three.
        self.assertEqual(
            data.intensity_weeks, (WeekValue(date(2024, 2, 26), 9.0, 1), WeekValue(date(2024, 3, 11), 6.0, 3))
        )

    def test_it_draws_each_sober_run_between_lapses(self) -> None:
        data = insights_for(self.client_record, period_from("all"), now=NOW)
        # From 1 Feb to the lapses of 3 March (local), to the lapse of 10 March, to today (15 March).
        self.assertEqual(
            data.runs,
            (
                Run(date(2024, 2, 1), date(2024, 3, 2), 31, False),
                Run(date(2024, 3, 4), date(2024, 3, 9), 6, False),
                Run(date(2024, 3, 11), date(2024, 3, 14), 4, True),
            ),
        )
        self.assertEqual(len(insights_for(self.client_record, period_from("4w"), now=NOW).runs), 3)

    def test_it_leaves_out_runs_of_no_days(self) -> None:
        runs = sober_runs(date(2024, 1, 1), [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 5)], date(2024, 1, 5))
        self.assertEqual(runs, (Run(date(2024, 1, 3), date(2024, 1, 4), 2, False),))


class ChartsTest(WaymarkTestCase):
    def parse(self, svg: str) -> ET.Element:
        root = ET.fromstring(svg)
        self.assertEqual(root.get("role"), "img")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None
        self.assertEqual(root.get("aria-labelledby"), f"{title.get('id')} {desc.get('id')}")
        self.assertIsNone(root.get("style"))
        self.assertFalse([el for el in root.iter() if el.get("style") is not None])
        return root

    def test_it_draws_a_labelled_cell_for_every_hour_of_the_week(self) -> None:
        grid = [[0] * 24 for _ in range(7)]
        grid[0][22] = 4
        root = self.parse(charts.heat_map("heat", "Urges", "The most on Mondays at 22:00.", grid))
        cells = root.findall(f".//{SVG}rect[@class='cell']")
        self.assertEqual(len(cells), 7 * 24)
        busy = [cell for cell in cells if cell.get("data-count") != "0"]
        self.assertEqual([(c.get("data-day"), c.get("data-hour")) for c in busy], [("0", "22")])
        label = busy[0].find(f"{SVG}title")
        assert label is not None
        self.assertEqual(label.text, "Monday, 22:00 to 22:59: 4 urges")

    def test_it_escapes_a_trigger_of_the_clients_own_words(self) -> None:
        root = self.parse(charts.bars("t", "Triggers <top>", "d", [("Work & <b>stress</b>", 3)], "none"))
        texts = [el.text for el in root.iter(f"{SVG}text")]
        self.assertIn("Work & <b>stress</b>", texts)

    def test_it_says_so_when_there_is_nothing_to_draw(self) -> None:
        root = self.parse(charts.weekly_line("m", "Mood", "d", [], 1, 5, "No check-ins in this period."))
        self.assertIn("No check-ins in this period.", [el.text for el in root.iter(f"{SVG}text")])
        self.assertEqual(root.findall(f".//{SVG}polyline"), [])

    def test_it_draws_a_bar_a_run_and_a_point_a_week(self) -> None:
        runs = [Run(date(2024, 1, 1), date(2024, 1, 9), 9, False), Run(date(2024, 1, 11), date(2024, 1, 20), 10, True)]
        root = self.parse(charts.streak_history("s", "Runs", "d", runs))
        self.assertEqual([r.get("data-days") for r in root.findall(f".//{SVG}rect[@class='run']")], ["9", "10"])
        weeks = [WeekValue(date(2024, 1, 1), 3.5, 4), WeekValue(date(2024, 1, 8), 4.0, 7)]
        root = self.parse(charts.weekly_line("m", "Mood", "d", weeks, 1, 5, "none"))
        self.assertEqual(len(root.findall(f".//{SVG}circle[@class='point']")), 2)


class InsightsPageTest(WaymarkTestCase):
    def test_it_shows_the_client_their_charts_and_a_table_of_the_same_numbers(self) -> None:
        agree_plan(self.client_record, date.today() - timedelta(days=20))
        Urge.objects.create(
            client=self.client_record,
            occurred_at=datetime.now(UTC) - timedelta(days=1),
            intensity=6,
            common_trigger=CommonTrigger.STRESS,
            outcome=Outcome.RODE_IT_OUT,
        )
        self.login(self.alex)
        response = self.client.get(reverse("tracking_insights"))
        self.assertContains(response, "When urges come")
        self.assertContains(response, "<strong>100%</strong>")
        self.assertContains(response, '<th scope="row">Stress</th><td>1</td>', html=False)
        self.assertEqual(response.content.decode().count('role="img"'), 6)
        self.assertNotContains(response, "style=")
        self.assertContains(self.client.get(reverse("tracking_today")), reverse("tracking_insights"))

    def test_it_refuses_a_period_it_does_not_offer_and_shows_the_default(self) -> None:
        with self.assertRaises(BadPeriod):
            period_from("forever")
        self.login(self.alex)
        response = self.client.get(reverse("tracking_insights"), {"period": "forever"})
        self.assertContains(response, "That period is not one we offer", status_code=400)
        self.assertContains(response, '<a href="?period=3m" aria-current="page">', status_code=400)
        ok = self.client.get(reverse("tracking_insights"), {"period": "12m"})
        self.assertContains(ok, '<a href="?period=12m" aria-current="page">')

    def test_it_runs_the_same_number_of_queries_for_a_week_or_three_years(self) -> None:
        call_command("generate_history", "alex@example.com", "--days", "7", stdout=StringIO())
        call_command("generate_history", "bo@example.com", "--days", "1095", stdout=StringIO())
        self.assertGreater(CheckIn.objects.filter(client=self.bo_record).count(), 900)
        self.login(self.alex)
        self.client.get(reverse("tracking_insights"), {"period": "all"})
        with CaptureQueriesContext(connection) as small:
            self.client.get(reverse("tracking_insights"), {"period": "all"})
        small_count = len(small.captured_queries)  # read now: the query log is a bounded deque
        self.login(self.bo_record.user)
        self.client.get(reverse("tracking_insights"), {"period": "all"})
        with self.assertNumQueries(small_count):
            response = self.client.get(reverse("tracking_insights"), {"period": "all"})
        self.assertContains(response, "Sober runs")

    def test_it_lets_the_therapist_read_it_and_records_that_they_did(self) -> None:
        self.login(self.therapist)
        url = reverse("tracking_client_insights", args=[self.client_record.public_id])
        response = self.client.get(url)
        self.assertContains(response, "Alex: insights")
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.READ, what="tracking.insights", client_ref=self.client_record.public_id
            ).exists()
        )
        tracking = self.client.get(reverse("tracking_client", args=[self.client_record.public_id]))
        self.assertContains(tracking, url)
        self.login(self.other_therapist)
        self.assertEqual(self.client.get(url).status_code, 404)
