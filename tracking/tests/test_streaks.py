"""Sober-day arithmetic (tracking.streaks): worked examples, midnight, DST, a move abroad, a brute-force check."""

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import time_machine
from django.test import SimpleTestCase
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tracking.streaks import Streak, compute_streak, local_day, next_milestone

SINGAPORE = ZoneInfo("Asia/Singapore")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def at(zone: ZoneInfo, y: int, m: int, d: int, hour: int = 12, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=zone, fold=fold)


def streak_now(start: date, lapses: list[datetime], zone: ZoneInfo, period: int | None = None) -> Streak:
    """The streak at the frozen present moment, as the pages compute it."""
    return compute_streak(start, lapses, zone.key, timezone.now(), period)


class HandWorkedTest(SimpleTestCase):
    def test_it_counts_nothing_on_the_first_day(self) -> None:
        streak = compute_streak(date(2024, 3, 1), [], "Asia/Singapore", at(SINGAPORE, 2024, 3, 1, 10))
        self.assertEqual((streak.current_days, streak.longest_days, streak.total_sober_days), (0, 0, 0))
        self.assertEqual(
            streak.next_milestone and (streak.next_milestone.days, streak.next_milestone.reached_on),
            (1, date(2024, 3, 2)),
        )

    def test_it_counts_complete_days_since_the_start(self) -> None:
        # 1 to 10 March are over; 11 March is not.
        streak = compute_streak(date(2024, 3, 1), [], "Asia/Singapore", at(SINGAPORE, 2024, 3, 11, 9))
        self.assertEqual((streak.current_days, streak.longest_days, streak.total_sober_days), (10, 10, 10))
        self.assertEqual(streak.lapse_count, 0)
        milestone = streak.next_milestone
        assert milestone is not None
        self.assertEqual(
            (milestone.label, milestone.days_to_go, milestone.reached_on), ("2 weeks", 4, date(2024, 3, 15))
        )

    def test_it_counts_a_late_evening_lapse_for_that_local_day(self) -> None:
        # 23:30 in New York on 5 March is 04:30 UTC on 6 March: it still belongs to the 5th.
        lapse = at(NEW_YORK, 2024, 3, 5, 23, 30)
        self.assertEqual(lapse.astimezone(UTC).date(), date(2024, 3, 6))
        streak = compute_streak(date(2024, 3, 1), [lapse], "America/New_York", at(NEW_YORK, 2024, 3, 11, 9))
        self.assertEqual(streak.last_lapse_on, date(2024, 3, 5))
        self.assertEqual(streak.current_days, 5)  # 6 to 10 March
        self.assertEqual(streak.longest_days, 5)  # 1 to 4 March was 4
        self.assertEqual(streak.total_sober_days, 9)  # ten days over, the 5th not sober

    def test_it_counts_an_early_morning_lapse_for_that_local_day(self) -> None:
        # 07:30 in Singapore on 5 March is 23:30 UTC on 4 March: it belongs to the 5th.
        lapse = at(SINGAPORE, 2024, 3, 5, 7, 30)
        streak = compute_streak(date(2024, 3, 1), [lapse], "Asia/Singapore", at(SINGAPORE, 2024, 3, 11, 9))
        self.assertEqual((streak.last_lapse_on, streak.current_days, streak.total_sober_days), (date(2024, 3, 5), 5, 9))

    def test_it_keeps_the_longest_streak_and_the_total_after_lapses(self) -> None:
        sg = SINGAPORE
        lapses = [at(sg, 2024, 1, 10, 9), at(sg, 2024, 1, 10, 22), at(sg, 2024, 1, 25, 23), at(sg, 2024, 3, 1, 1)]
        streak = compute_streak(date(2024, 1, 1), lapses, "Asia/Singapore", at(sg, 2024, 3, 15, 12))
        # Runs: 1-9 Jan (9), two lapses on the 10th (0 between), 11-24 Jan (14),
        # 26 Jan-29 Feb (35, a leap year), 2-14 Mar (13).
        self.assertEqual(streak.days_between_lapses, (0, 14, 35))
        self.assertEqual(streak.current_days, 13)
        self.assertEqual(streak.longest_days, 35)
        self.assertEqual(streak.total_sober_days, 9 + 14 + 35 + 13)
        self.assertEqual(streak.lapse_count, 4)
        self.assertEqual(streak.last_lapse_on, date(2024, 3, 1))

    def test_it_resets_to_zero_on_the_day_of_a_lapse_and_the_day_after(self) -> None:
        lapse = at(LONDON, 2024, 5, 10, 8)
        for now, expected in [
            (at(LONDON, 2024, 5, 10, 20), 0),  # the day of the lapse
            (at(LONDON, 2024, 5, 11, 20), 0),  # the 11th is not over yet
            (at(LONDON, 2024, 5, 12, 0, 1), 1),  # the 11th was the first whole sober day
        ]:
            with self.subTest(now=now):
                self.assertEqual(compute_streak(date(2024, 5, 1), [lapse], "Europe/London", now).current_days, expected)

    def test_it_leaves_out_lapses_before_the_start_and_after_now(self) -> None:
        before = at(LONDON, 2024, 4, 20)
        later = at(LONDON, 2024, 5, 20)
        later_today = at(LONDON, 2024, 5, 11, 18)
        streak = compute_streak(
            date(2024, 5, 1), [before, later, later_today], "Europe/London", at(LONDON, 2024, 5, 11)
        )
        self.assertEqual((streak.current_days, streak.total_sober_days, streak.lapse_count), (10, 10, 0))

    def test_it_counts_nothing_before_a_plan_that_starts_next_week(self) -> None:
        streak = compute_streak(date(2024, 5, 8), [], "Europe/London", at(LONDON, 2024, 5, 1), period_days=90)
        self.assertEqual((streak.current_days, streak.total_sober_days, streak.period_progress_days), (0, 0, 0))

    def test_it_shows_progress_through_the_abstinence_period(self) -> None:
        streak = compute_streak(date(2024, 1, 1), [], "Europe/London", at(LONDON, 2024, 2, 4), period_days=90)
        self.assertEqual((streak.current_days, streak.period_progress_days, streak.period_complete), (34, 34, False))
        done = compute_streak(date(2024, 1, 1), [], "Europe/London", at(LONDON, 2024, 5, 1), period_days=90)
        self.assertEqual((done.period_progress_days, done.period_complete), (90, True))

    def test_it_refuses_a_time_without_a_zone(self) -> None:
        with self.assertRaises(ValueError):
            local_day(datetime(2024, 1, 1, 12), LONDON)  # a naive time: the point of the test


class MilestoneTest(SimpleTestCase):
    def test_it_walks_the_fixed_milestones(self) -> None:
        today = date(2024, 1, 1)
        expected = {0: 1, 1: 3, 3: 7, 6: 7, 7: 14, 14: 30, 30: 60, 60: 90, 90: 180, 180: 365, 365: 730, 800: 1095}
        for current, days in expected.items():
            with self.subTest(current=current):
                milestone = next_milestone(current, today)
                assert milestone is not None
                self.assertEqual(milestone.days, days)

    def test_it_names_them_in_plain_words(self) -> None:
        labels = {0: "1 day", 1: "3 days", 3: "1 week", 7: "2 weeks", 14: "30 days", 90: "6 months", 180: "1 year"}
        for current, label in labels.items():
            milestone = next_milestone(current, date(2024, 1, 1))
            self.assertEqual(milestone and milestone.label, label)
        self.assertEqual(getattr(next_milestone(365, date(2024, 1, 1)), "label", None), "2 years")

    def test_it_puts_the_end_of_the_period_among_them(self) -> None:
        milestone = next_milestone(30, date(2024, 1, 1), period_days=45)
        assert milestone is not None
        self.assertEqual((milestone.days, milestone.ends_period), (45, True))
        self.assertEqual(milestone.label, "the end of your 45-day abstinence period")
        self.assertEqual((milestone.days_to_go, milestone.reached_on), (15, date(2024, 1, 16)))
        # A period that is also a fixed milestone is named as the period's end.
        ninety = next_milestone(60, date(2024, 1, 1), period_days=90)
        self.assertEqual((ninety and ninety.days, ninety and ninety.ends_period), (90, True))
        # Once past the period, the fixed ones carry on.
        self.assertEqual(getattr(next_milestone(50, date(2024, 1, 1), period_days=45), "days", None), 60)


class MidnightTest(SimpleTestCase):
    """The count goes up at the client's own midnight, not UTC's."""

    def test_it_goes_up_at_local_midnight(self) -> None:
        start = date(2024, 6, 1)
        with time_machine.travel(datetime(2024, 6, 10, 23, 59, 59, tzinfo=SINGAPORE), tick=False):
            self.assertEqual(streak_now(start, [], SINGAPORE).current_days, 9)
        with time_machine.travel(datetime(2024, 6, 11, 0, 0, 0, tzinfo=SINGAPORE), tick=False):
            self.assertEqual(streak_now(start, [], SINGAPORE).current_days, 10)

    def test_it_ignores_utc_midnight(self) -> None:
        start = date(2024, 6, 1)
        # 23:59 and 00:01 UTC are both the afternoon of 10 June in New York.
        for moment in (datetime(2024, 6, 10, 23, 59, tzinfo=UTC), datetime(2024, 6, 11, 0, 1, tzinfo=UTC)):
            with time_machine.travel(moment, tick=False):
                self.assertEqual(streak_now(start, [], NEW_YORK).current_days, 9)


def hourly(first: datetime, last: datetime) -> list[datetime]:
    moments, moment = [], first
    while moment <= last:
        moments.append(moment)
        moment += timedelta(minutes=30)
    return moments


class DaylightSavingTest(SimpleTestCase):
    """A 23- or 25-hour day is one day: the count changes once, at local midnight, by one."""

    def assert_steps_at_local_midnights(
        self, zone: ZoneInfo, start: date, lapses: list[datetime], first: datetime, last: datetime
    ) -> None:
        previous: tuple[date, int] | None = None
        for moment in hourly(first, last):
            with time_machine.travel(moment, tick=False):
                count = streak_now(start, lapses, zone).current_days
            day = moment.astimezone(zone).date()
            if previous is not None:
                step = count - previous[1]
                self.assertEqual(step, 1 if day != previous[0] else 0, f"at {moment.astimezone(zone)}")
            previous = (day, count)

    def test_it_steps_once_a_day_across_new_yorks_spring_forward(self) -> None:
        lapse = at(NEW_YORK, 2024, 3, 7, 23, 30)  # counts for 7 March
        self.assert_steps_at_local_midnights(
            NEW_YORK, date(2024, 3, 1), [lapse], datetime(2024, 3, 8, 5, tzinfo=UTC), datetime(2024, 3, 13, tzinfo=UTC)
        )
        with time_machine.travel(at(NEW_YORK, 2024, 3, 10, 23, 59), tick=False):  # a 23-hour day
            self.assertEqual(streak_now(date(2024, 3, 1), [lapse], NEW_YORK).current_days, 2)  # 8th and 9th
        with time_machine.travel(at(NEW_YORK, 2024, 3, 11, 0, 0), tick=False):
            self.assertEqual(streak_now(date(2024, 3, 1), [lapse], NEW_YORK).current_days, 3)

    def test_it_steps_once_a_day_across_new_yorks_fall_back(self) -> None:
        # 01:30 happens twice on 3 November; the second one (EST) is 06:30 UTC. Either way it is the 3rd.
        second = at(NEW_YORK, 2024, 11, 3, 1, 30, fold=1)
        self.assertEqual(second.astimezone(UTC).hour, 6)
        streak = compute_streak(date(2024, 10, 1), [second], "America/New_York", at(NEW_YORK, 2024, 11, 5, 9))
        self.assertEqual((streak.last_lapse_on, streak.current_days), (date(2024, 11, 3), 1))
        earlier = at(NEW_YORK, 2024, 10, 30, 22)
        self.assert_steps_at_local_midnights(
            NEW_YORK, date(2024, 10, 1), [earlier], datetime(2024, 11, 2, tzinfo=UTC), datetime(2024, 11, 6, tzinfo=UTC)
        )
        with time_machine.travel(at(NEW_YORK, 2024, 11, 4, 0, 0), tick=False):  # the 3rd had 25 hours
            self.assertEqual(streak_now(date(2024, 10, 1), [earlier], NEW_YORK).current_days, 4)  # 31 Oct to 3 Nov

    def test_it_steps_once_a_day_across_londons_clock_changes(self) -> None:
        for first, last in [
            (datetime(2024, 3, 29, tzinfo=UTC), datetime(2024, 4, 2, tzinfo=UTC)),
            (datetime(2024, 10, 25, tzinfo=UTC), datetime(2024, 10, 29, tzinfo=UTC)),
        ]:
            with self.subTest(around=first.date()):
                self.assert_steps_at_local_midnights(LONDON, date(2024, 1, 1), [], first, last)

    def test_it_dates_a_lapse_in_londons_short_and_long_nights(self) -> None:
        # 00:30 BST on 27 October is 23:30 UTC on the 26th; 01:30 GMT (the second one) is 01:30 UTC.
        early = at(LONDON, 2024, 10, 27, 0, 30)
        repeated = at(LONDON, 2024, 10, 27, 1, 30, fold=1)
        spring = at(LONDON, 2024, 3, 31, 3, 30)  # just after the hour that never was
        for lapse, day in [(early, date(2024, 10, 27)), (repeated, date(2024, 10, 27)), (spring, date(2024, 3, 31))]:
            with self.subTest(lapse=lapse):
                streak = compute_streak(date(2024, 1, 1), [lapse], "Europe/London", at(LONDON, 2024, 11, 30))
                self.assertEqual(streak.last_lapse_on, day)


class MovingAbroadTest(SimpleTestCase):
    """Alex moves from Singapore to London. Every date is read on the calendar of where he is now."""

    start = date(2024, 6, 1)
    lapse = at(SINGAPORE, 2024, 6, 10, 15)  # 08:00 in London the same day

    def count(self, moment: datetime, zone: ZoneInfo) -> Streak:
        with time_machine.travel(moment, tick=False):
            return streak_now(self.start, [self.lapse], zone)

    def test_it_neither_adds_nor_loses_a_day_when_both_calendars_agree(self) -> None:
        # 20:00 in Singapore is 13:00 in London: both say 20 June.
        moment = at(SINGAPORE, 2024, 6, 20, 20)
        before, after = self.count(moment, SINGAPORE), self.count(moment, LONDON)
        self.assertEqual((before.current_days, before.total_sober_days), (9, 18))
        self.assertEqual((after.current_days, after.total_sober_days), (9, 18))
        self.assertEqual(after.longest_days, before.longest_days)

    def test_it_waits_for_londons_midnight_and_never_counts_a_day_twice(self) -> None:
        # 01:00 on 21 June in Singapore is still 20 June in London: the 20th is not over there yet.
        moment = at(SINGAPORE, 2024, 6, 21, 1)
        self.assertEqual(self.count(moment, SINGAPORE).current_days, 10)
        self.assertEqual(self.count(moment, LONDON).current_days, 9)
        # At London's midnight the 20th is over: 10, the same as Singapore said for 21 June, not 11.
        self.assertEqual(self.count(at(LONDON, 2024, 6, 21, 0, 0), LONDON).current_days, 10)
        self.assertEqual(self.count(at(LONDON, 2024, 6, 22, 0, 0), LONDON).current_days, 11)

    def test_it_goes_up_once_per_midnight_of_wherever_he_is_through_the_move(self) -> None:
        moved = datetime(2024, 6, 20, 12, tzinfo=UTC)  # 20:00 in Singapore, 13:00 in London
        counts = []
        for moment in hourly(datetime(2024, 6, 18, tzinfo=UTC), datetime(2024, 6, 24, tzinfo=UTC)):
            zone = SINGAPORE if moment < moved else LONDON
            counts.append((moment.astimezone(zone).date(), self.count(moment, zone).current_days))
        for (day, count), (next_day, next_count) in pairwise(counts):
            self.assertEqual(next_count - count, (next_day - day).days, f"{day} -> {next_day}")
        # Whatever the calendar, the count on a date is the same: no day made up, none lost.
        self.assertEqual(counts[-1], (date(2024, 6, 24), 24 - 10 - 1))

    def test_it_redates_a_lapse_that_falls_on_another_day_in_london(self) -> None:
        # 06:30 on 10 June in Singapore was 23:30 on 9 June in London: on London's calendar the lapse was the 9th.
        lapse = at(SINGAPORE, 2024, 6, 10, 6, 30)
        moment = at(LONDON, 2024, 6, 20, 14)
        in_singapore = compute_streak(self.start, [lapse], "Asia/Singapore", moment)
        in_london = compute_streak(self.start, [lapse], "Europe/London", moment)
        self.assertEqual((in_singapore.last_lapse_on, in_london.last_lapse_on), (date(2024, 6, 10), date(2024, 6, 9)))
        # Still one lapse day and the same number of sober days: the lapse moved, no day was made.
        self.assertEqual(in_london.total_sober_days, in_singapore.total_sober_days)


def reference(start: date, lapses: list[datetime], zone: ZoneInfo, now: datetime) -> tuple[int, int, int]:
    """(current, longest, total) by walking every day: slow and obviously right."""
    today = now.astimezone(zone).date()
    lapse_days = {moment.astimezone(zone).date() for moment in lapses}
    current = longest = total = 0
    day = start
    while day < today:
        if day in lapse_days:
            current = 0
        else:
            current += 1
            total += 1
            longest = max(longest, current)
        day += timedelta(days=1)
    if today in lapse_days:  # a lapse today: no complete sober day since
        current = 0
    return current, longest, total


ZONES = ["Asia/Singapore", "Europe/London", "America/New_York", "Pacific/Auckland", "Pacific/Honolulu", "UTC"]
moments = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(UTC))


class AgainstABruteForceCountTest(SimpleTestCase):
    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(
        start_offset=st.integers(min_value=-30, max_value=400),
        lapses=st.lists(moments, max_size=8),
        zone_name=st.sampled_from(ZONES),
        now=moments,
    )
    def test_it_agrees_with_walking_the_calendar(
        self, start_offset: int, lapses: list[datetime], zone_name: str, now: datetime
    ) -> None:
        zone = ZoneInfo(zone_name)
        start = now.astimezone(zone).date() - timedelta(days=start_offset)
        streak = compute_streak(start, lapses, zone_name, now)
        counted = [m for m in lapses if m <= now and m.astimezone(zone).date() >= start]
        self.assertEqual(
            (streak.current_days, streak.longest_days, streak.total_sober_days),
            reference(start, counted, zone, now),
        )
        self.assertEqual(streak.lapse_count, len(counted))
        self.assertEqual(len(streak.days_between_lapses), max(len(counted) - 1, 0))
        self.assertLessEqual(streak.current_days, streak.longest_days)
