"""The caseload's rows read from the database: each flag from real records, in a fixed number of queries."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caseload.models import Client, Stage
from caseload.triage import Flag, Row, record_summary, rows_for
from homework.models import Kind, Task
from lib.testing import WaymarkTestCase, make_client
from measures import registry
from measures.actions import do_enter_paper_form
from measures.models import Administration, Status
from measures.scoring import score
from measures.tests.support import spread
from safety.models import AlertSeverity, RiskAlert
from tracking.history import generate_history
from tracking.models import CheckIn, Lapse
from tracking.queries import check_in_stats, streak_for
from tracking.tests.support import agree_plan

SINGAPORE = ZoneInfo("Asia/Singapore")
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=SINGAPORE)
TODAY = date(2025, 3, 10)
ROWS_QUERIES = 7


def phq9(total: int, item9: int = 0) -> dict[str, int]:
    return spread([f"q{n}" for n in range(1, 9)], total - item9) | {"q9": item9}


def give_history(
    client: Client, days: int, *, lapse_every: int = 90, results_every: int = 28, today: date = TODAY, level: int = 4
) -> None:
    """``days`` days up to yesterday: a check-in each day, a lapse now and then, a PHQ-9 every four weeks."""
    first = today - timedelta(days=days)
    Client.objects.filter(pk=client.pk).update(created_at=datetime.combine(first, time(9), tzinfo=SINGAPORE))
    definition = registry.catalogue().definitions["phq9"]
    check_ins, lapses, results = [], [], []
    for n in range(days):
        day = first + timedelta(days=n)
        at = datetime.combine(day, time(21), tzinfo=SINGAPORE)
        check_ins.append(CheckIn(client=client, day=day, mood=3, urge=2, sober=n % lapse_every != 5))
        if n % lapse_every == 5:
            lapses.append(Lapse(client=client, occurred_at=at))
        if n % results_every == 0:
            answers = phq9(level + n % 5)
            results.append(
                Administration(
                    client=client,
                    instrument_id="phq9",
                    instrument_version=definition.version,
                    status=Status.SUBMITTED,
                    due_on=day,
                    submitted_at=at,
                    answers=answers,
                    result=score(definition, answers).as_dict(),
                )
            )
    CheckIn.objects.bulk_create(check_ins)
    Lapse.objects.bulk_create(lapses)
    Administration.objects.bulk_create(results)


class TriageRowsTest(WaymarkTestCase):
    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        Client.objects.filter(pk=self.client_record.pk).update(
            created_at=NOW - timedelta(days=30), stage_since=NOW - timedelta(days=12), stage=Stage.ABSTINENCE
        )
        CheckIn.objects.create(client=self.client_record, day=TODAY, mood=4, urge=1, sober=True)

    def rows(self, *clients: Client) -> list[Row]:
        return rows_for(Client.objects.filter(pk__in=[c.pk for c in clients]), self.practice)

    def row(self) -> Row:
        return self.rows(self.client_record)[0]

    def paper(self, answers: dict[str, Any], days_ago: int, instrument: str = "phq9") -> Administration:
        return do_enter_paper_form(
            self.therapist, self.client_record, instrument, answers, TODAY - timedelta(days=days_ago)
        )

    def test_it_shows_a_client_doing_fine_without_flags(self) -> None:
        row = self.row()
        self.assertEqual(row.badges, ())
        self.assertEqual((row.stage_days, row.last_check_in, row.open_tasks), (12, TODAY, 0))
        self.assertEqual((row.streak.current_days, row.streak.longest_days), (30, 30))

    def test_it_flags_item_9_as_a_critical_answer_and_its_alert(self) -> None:
        self.paper(phq9(12, item9=1), days_ago=1)
        row = self.row()
        self.assertEqual([badge.flag for badge in row.badges], [Flag.ALERT, Flag.CRITICAL])
        self.assertEqual(row.badges[1].reason, "PHQ-9 9 Mar: critical answer to item 9")

    def test_it_stops_flagging_once_the_alert_is_acknowledged_and_a_newer_result_is_clear(self) -> None:
        self.paper(phq9(12, item9=1), days_ago=3)
        RiskAlert.objects.update(acknowledged_at=NOW, acknowledged_by=self.therapist)
        self.assertEqual([badge.flag for badge in self.row().badges], [Flag.CRITICAL])
        self.paper(phq9(10), days_ago=0)
        self.assertEqual(self.row().badges, ())

    def test_it_flags_a_positive_asq_screen(self) -> None:
        self.paper({"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}, days_ago=0, instrument="asq")
        row = self.row()
        self.assertIn("ASQ 10 Mar: Non-acute positive screen", [badge.reason for badge in row.badges])
        self.assertEqual(row.alerts.waiting, 1)

    def test_it_counts_act_now_alerts(self) -> None:
        for severity in (AlertSeverity.CRITICAL, AlertSeverity.URGENT):
            RiskAlert.objects.create(
                client=self.client_record, severity=severity, reason="test", acknowledge_by=NOW, created_at=NOW
            )
        self.assertEqual(self.row().badges[0].reason, "2 alerts waiting for under an hour (1 act now)")

    def test_it_flags_a_lapse_this_week_and_restarts_the_streak(self) -> None:
        agree_plan(self.client_record, TODAY - timedelta(days=20))
        Lapse.objects.create(client=self.client_record, occurred_at=NOW - timedelta(days=2, hours=1))
        row = self.row()
        self.assertEqual(row.badges[0].reason, "A lapse in the last 7 days, latest 8 Mar")
        self.assertEqual((row.streak.current_days, row.streak.longest_days), (1, 18))
        self.assertEqual(row.streak, streak_for(self.client_record))

    def test_it_does_not_flag_a_lapse_of_last_month(self) -> None:
        Lapse.objects.create(client=self.client_record, occurred_at=NOW - timedelta(days=20))
        self.assertEqual(self.row().badges, ())

    def test_it_flags_three_days_without_a_check_in(self) -> None:
        CheckIn.objects.all().delete()
        CheckIn.objects.create(client=self.client_record, day=TODAY - timedelta(days=4), mood=4, urge=1, sober=True)
        row = self.row()
        self.assertEqual(row.badges[0].reason, "Last check-in 4 days ago (6 Mar)")
        self.assertEqual(row.last_check_in_words, "Checked in 4 days ago")

    def test_it_flags_an_overdue_questionnaire_but_not_one_due_today(self) -> None:
        Administration.objects.create(client=self.client_record, instrument_id="gad7", due_on=TODAY)
        self.assertEqual(self.row().badges, ())
        Administration.objects.create(client=self.client_record, instrument_id="phq9", due_on=TODAY - timedelta(1))
        self.assertEqual(self.row().badges[0].reason, "PHQ-9 due 9 Mar")

    def test_it_flags_a_sharp_rise_and_shows_its_direction(self) -> None:
        self.paper(phq9(5), days_ago=56)
        self.paper(phq9(7), days_ago=28)
        self.paper(phq9(14), days_ago=0)
        row = self.row()
        self.assertEqual(row.badges[0].reason, "PHQ-9 7 → 14 since the last result (reliable change)")
        (phq,) = row.scores
        self.assertEqual((phq.shown, phq.arrow, phq.direction_text, phq.band), ("14", "↑", "up from 7", "Moderate"))

    def test_it_shows_an_improvement_without_a_flag(self) -> None:
        self.paper(phq9(16), days_ago=28)
        self.paper(phq9(6), days_ago=0)
        row = self.row()
        self.assertEqual(row.badges, ())
        self.assertEqual((row.scores[0].arrow, row.scores[0].direction_text), ("↓", "down from 16"))

    def test_it_names_subscales_and_keeps_the_rulers_off_the_caseload(self) -> None:
        self.paper({"importance": 8, "confidence": 5, "readiness": 7}, days_ago=0, instrument="readiness")
        self.paper(phq9(6), days_ago=0)
        row = self.row()
        labels = [score.label for score in row.scores]
        self.assertEqual(labels, ["PHQ-9", "Readiness importance", "Readiness confidence", "Readiness"])
        self.assertEqual([score.label for score in row.validated_scores], ["PHQ-9"])

    def test_it_leaves_a_corrected_result_out(self) -> None:
        from measures.actions import do_correct

        self.paper(phq9(5), days_ago=28)
        wrong = self.paper(phq9(15), days_ago=0)
        do_correct(self.therapist, wrong, phq9(6), "Entered the wrong form")
        self.assertEqual(self.row().scores[0].direction_text, "up from 5")

    def test_it_counts_open_tasks(self) -> None:
        Task.objects.create(client=self.client_record, kind=Kind.CUSTOM, title="Read chapter 2")
        Task.objects.create(client=self.client_record, kind=Kind.CUSTOM, title="Walk", completed_at=NOW)
        self.assertEqual(self.row().open_tasks, 1)

    def test_it_agrees_with_the_tracking_app_on_a_generated_year(self) -> None:
        generate_history(self.client_record, 365)
        row = self.row()
        self.assertEqual(row.streak, streak_for(self.client_record))
        self.assertEqual(row.last_check_in, check_in_stats(self.client_record, TODAY).last_day)

    def test_it_runs_the_same_queries_for_two_clients_with_a_week_as_for_many_with_a_year(self) -> None:
        few = [self.client_record, make_client(self.practice, "kim@example.com", "Kim", self.therapist)]
        for client in few:
            give_history(client, 7)
        with self.assertNumQueries(ROWS_QUERIES):
            self.rows(*few)
        many = [make_client(self.practice, f"c{n}@example.com", f"Client {n}", self.therapist) for n in range(8)]
        for client in many:
            give_history(client, 365)
            agree_plan(client, TODAY - timedelta(days=200))
            Task.objects.create(client=client, kind=Kind.READING, title="Read")
        with CaptureQueriesContext(connection) as queries:
            rows = self.rows(*few, *many)
        self.assertEqual(len(queries), ROWS_QUERIES)
        self.assertEqual(len(rows), 10)
        self.assertEqual(rows[0].streak, streak_for(rows[0].client))

    def test_it_reads_only_three_results_per_questionnaire_however_many_there_are(self) -> None:
        give_history(self.client_record, 3 * 365, results_every=7)
        with CaptureQueriesContext(connection) as queries:
            self.row()
        window = next(q["sql"] for q in queries.captured_queries if "ROW_NUMBER" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute(window)
            self.assertEqual(len(cursor.fetchall()), 3)


class RecordSummaryTest(WaymarkTestCase):
    def test_it_summarises_one_client_in_fixed_queries(self) -> None:
        with time_machine.travel(NOW, tick=False):
            agree_plan(self.client_record, TODAY - timedelta(days=9), days=90)
            RiskAlert.objects.create(
                client=self.client_record, severity=AlertSeverity.URGENT, reason="x", acknowledge_by=NOW
            )
            give_history(self.client_record, 365)
            client = Client.objects.select_related("user", "practice").get(pk=self.client_record.pk)
            with self.assertNumQueries(ROWS_QUERIES + 1):
                summary = record_summary(client)
        assert summary.row.plan is not None
        self.assertEqual((summary.row.plan.day, summary.row.plan.days, summary.row.plan_number), (10, 90, 1))
        self.assertEqual(len(summary.alerts), 1)
        self.assertEqual(summary.row.last_check_in, TODAY - timedelta(days=1))
        self.assertTrue(timezone.is_aware(summary.alerts[0].created_at))
