"""The caseload's flags and ordering as pure rules: facts in, badges out, no database."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from unittest import TestCase
from zoneinfo import ZoneInfo

from accounts.models import User
from caseload.models import Client
from caseload.triage import (
    AlertCounts,
    Badge,
    CriticalAnswer,
    Facts,
    Flag,
    Overdue,
    Row,
    Score,
    flags_for,
)
from measures.scoring import Classification
from tracking.streaks import compute_streak

SINGAPORE = ZoneInfo("Asia/Singapore")
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=SINGAPORE)
TODAY = date(2025, 3, 10)
QUIET = Facts(
    now=NOW,
    today=TODAY,
    joined_on=date(2025, 1, 1),
    last_check_in=TODAY,
    lapses=(),
    zone=SINGAPORE,
    alerts=AlertCounts(),
    critical=(),
    overdue=(),
    scores=(),
)


def score(
    value: float,
    previous: float | None,
    *,
    baseline: float | None = None,
    since_previous: Classification | None = None,
    since_baseline: Classification | None = None,
) -> Score:
    return Score(
        label="PHQ-9",
        value=value,
        band=None,
        on=TODAY,
        previous=previous,
        baseline=previous if baseline is None else baseline,
        since_previous=since_previous,
        since_baseline=since_baseline,
    )


def flags(facts: Facts) -> dict[Flag, str]:
    return {badge.flag: badge.reason for badge in flags_for(facts)}


class FlagRulesTest(TestCase):
    def test_it_flags_nothing_for_a_client_who_is_doing_fine(self) -> None:
        self.assertEqual(flags_for(QUIET), ())

    def test_it_flags_unacknowledged_alerts_with_how_many_and_since_when(self) -> None:
        since = datetime(2025, 3, 9, 6, 30, tzinfo=ZoneInfo("UTC"))  # 21.5 hours before NOW
        found = flags(replace(QUIET, alerts=AlertCounts(waiting=2, act_now=1, since=since)))
        self.assertEqual(found[Flag.ALERT], "2 alerts waiting for 21 hours (1 act now)")
        fresh = flags(replace(QUIET, alerts=AlertCounts(waiting=1, since=NOW - timedelta(minutes=5))))
        self.assertEqual(fresh[Flag.ALERT], "1 alert waiting for under an hour")
        old = flags(replace(QUIET, alerts=AlertCounts(waiting=1, since=NOW - timedelta(days=3, hours=2))))
        self.assertEqual(old[Flag.ALERT], "1 alert waiting for 3 days")

    def test_it_flags_a_critical_answer_in_the_latest_result(self) -> None:
        found = flags(replace(QUIET, critical=[CriticalAnswer("PHQ-9", date(2025, 3, 8), "critical answer to item 9")]))
        self.assertEqual(found[Flag.CRITICAL], "PHQ-9 8 Mar: critical answer to item 9")

    def test_it_flags_a_lapse_in_the_last_seven_days_only(self) -> None:
        eight_days = replace(QUIET, lapses=[NOW - timedelta(days=8)])
        self.assertNotIn(Flag.LAPSE, flags(eight_days))
        six_days = replace(QUIET, lapses=[NOW - timedelta(days=8), NOW - timedelta(days=6)])
        self.assertEqual(flags(six_days)[Flag.LAPSE], "A lapse in the last 7 days, latest 4 Mar")
        two = replace(QUIET, lapses=[NOW - timedelta(days=6), NOW - timedelta(hours=1)])
        self.assertEqual(flags(two)[Flag.LAPSE], "2 lapses in the last 7 days, latest 10 Mar")

    def test_it_leaves_out_a_lapse_recorded_for_the_future(self) -> None:
        self.assertNotIn(Flag.LAPSE, flags(replace(QUIET, lapses=[NOW + timedelta(hours=1)])))

    def test_it_flags_three_days_without_a_check_in(self) -> None:
        self.assertNotIn(Flag.QUIET, flags(replace(QUIET, last_check_in=TODAY - timedelta(days=2))))
        found = flags(replace(QUIET, last_check_in=TODAY - timedelta(days=3)))
        self.assertEqual(found[Flag.QUIET], "Last check-in 3 days ago (7 Mar)")

    def test_it_gives_a_new_client_three_days_before_asking_for_a_first_check_in(self) -> None:
        new = replace(QUIET, last_check_in=None, joined_on=TODAY - timedelta(days=2))
        self.assertNotIn(Flag.QUIET, flags(new))
        found = flags(replace(new, joined_on=TODAY - timedelta(days=5)))
        self.assertEqual(found[Flag.QUIET], "No check-in yet, 5 days since joining")

    def test_it_flags_questionnaires_due_before_today_but_not_today(self) -> None:
        self.assertNotIn(Flag.OVERDUE, flags(replace(QUIET, overdue=[Overdue("GAD-7", TODAY)])))
        late = [Overdue("GAD-7", date(2025, 3, 8)), Overdue("PHQ-9", date(2025, 3, 1))]
        self.assertEqual(flags(replace(QUIET, overdue=late))[Flag.OVERDUE], "PHQ-9 due 1 Mar; GAD-7 due 8 Mar")

    def test_it_flags_a_score_reliably_worse_than_last_time(self) -> None:
        rise = score(15, 8, since_previous=Classification.DETERIORATED, since_baseline=Classification.DETERIORATED)
        found = flags(replace(QUIET, scores=[rise]))
        self.assertEqual(found[Flag.RISING], "PHQ-9 8 → 15 since the last result (reliable change)")

    def test_it_flags_a_score_reliably_worse_than_at_baseline_after_a_slow_climb(self) -> None:
        climb = score(14, 11, baseline=7, since_previous=None, since_baseline=Classification.DETERIORATED)
        found = flags(replace(QUIET, scores=[climb]))
        self.assertEqual(found[Flag.RISING], "PHQ-9 7 at baseline, now 14 (reliable change)")

    def test_it_does_not_flag_a_rise_within_measurement_error(self) -> None:
        small = score(11, 8, since_previous=Classification.NO_RELIABLE_CHANGE)
        self.assertNotIn(Flag.RISING, flags(replace(QUIET, scores=[small])))

    def test_it_lists_flags_most_pressing_first(self) -> None:
        everything = replace(
            QUIET,
            alerts=AlertCounts(waiting=1),
            critical=[CriticalAnswer("ASQ", TODAY, "Non-acute positive screen")],
            lapses=[NOW - timedelta(days=1)],
            last_check_in=None,
            overdue=[Overdue("GAD-7", date(2025, 3, 1))],
            scores=[score(20, 8, since_previous=Classification.DETERIORATED)],
        )
        self.assertEqual([badge.flag for badge in flags_for(everything)], list(Flag))


class ScoreTest(TestCase):
    def test_it_says_the_direction_in_words_as_well_as_an_arrow(self) -> None:
        self.assertEqual((score(14, 9).arrow, score(14, 9).direction_text), ("↑", "up from 9"))
        self.assertEqual((score(6, 9).arrow, score(6, 9).direction_text), ("↓", "down from 9"))
        self.assertEqual((score(9, 9).arrow, score(9, 9).direction_text), ("→", "same as last time (9)"))
        self.assertEqual((score(9, None).arrow, score(9, None).direction_text), ("", "first result"))

    def test_it_shows_whole_scores_without_a_decimal_point(self) -> None:
        self.assertEqual(score(14.0, None).shown, "14")
        self.assertEqual(score(3.5, None).shown, "3.5")


def row(name: str, *flags: Flag, act_now: int = 0) -> Row:
    client = Client(user=User(display_name=name))
    return Row(
        client=client,
        today=TODAY,
        stage_days=0,
        streak=compute_streak(TODAY, [], "Asia/Singapore", NOW),
        last_check_in=TODAY,
        scores=(),
        open_tasks=0,
        badges=tuple(Badge(flag, "") for flag in flags),
        alerts=AlertCounts(waiting=1 if Flag.ALERT in flags else 0, act_now=act_now),
    )


class OrderingTest(TestCase):
    def test_it_puts_the_most_pressing_first_then_more_flags_then_names(self) -> None:
        rows = [
            row("Ada"),
            row("Zoe", Flag.RISING),
            row("Bea", Flag.QUIET, Flag.OVERDUE),
            row("Cal", Flag.LAPSE),
            row("Dan", Flag.LAPSE, Flag.QUIET),
            row("eve", Flag.ALERT),
            row("Fay", Flag.ALERT, act_now=1),
            row("Gus", Flag.CRITICAL),
            row("Abe"),
        ]
        ordered = [r.client.name for r in sorted(rows, key=lambda r: r.sort_key)]
        self.assertEqual(ordered, ["Fay", "eve", "Gus", "Dan", "Cal", "Bea", "Zoe", "Abe", "Ada"])
