"""Sober-day arithmetic: pure functions of a start date, lapse times, a time zone and "now".

The rules, in the client's own words of a day:

* **One calendar.** Every date is read on the calendar of the zone the client is in *at the
  moment of computing* (``zone_name``): today, and the day each lapse fell on. Nothing is
  stored per zone, so the count is always what a wall calendar where the client now lives
  would show. A lapse at 23:30 local time counts for that local day, whatever UTC says.
* **Sober days.** A day from ``start`` to yesterday is sober unless a lapse fell on it; the
  day of a lapse is never a sober day, and today is not counted until it is over. So
  ``total_sober_days = (today - start) - lapse days before today``.
* **The current streak** is the number of complete sober days since the last lapse (or since
  ``start``): ``today - last lapse day - 1``, or ``today - start``; never below 0. It goes up
  by exactly one at each local midnight, whether the day had 23, 24 or 25 hours (DST).
* **A change of time zone** creates no day and loses none: the same instant read in the new
  zone gives the count for the new zone's date. Moving west makes the current day longer (the
  count reaches tomorrow a few hours later than it would have), moving east shorter; a lapse
  within those few hours of midnight may fall on the neighbouring date of the new calendar.
  Each day is counted once on one calendar, never twice and never skipped.
* **Days between lapses** are the sober days between one lapse and the next (0 for two on the
  same day or on consecutive days). Lapses before ``start`` (before the abstinence period) and
  after ``now`` are left out of everything.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

MILESTONES = (1, 3, 7, 14, 30, 60, 90, 180, 365)
YEAR = 365
NAMED = {1: "1 day", 7: "1 week", 14: "2 weeks", 180: "6 months", 365: "1 year"}


@dataclass(frozen=True)
class Milestone:
    days: int
    label: str
    days_to_go: int
    reached_on: date  # the local day the count reaches it, with no lapse in between
    ends_period: bool  # the end of the abstinence period in the plan

    @property
    def when(self) -> str:
        """How far off it is, in words: "tomorrow" or "in 4 days"."""
        return "tomorrow" if self.days_to_go == 1 else f"in {self.days_to_go} days"


@dataclass(frozen=True)
class Streak:
    today: date
    start: date
    current_days: int
    longest_days: int
    total_sober_days: int
    lapse_count: int
    last_lapse_on: date | None
    days_between_lapses: tuple[int, ...]
    period_days: int | None
    next_milestone: Milestone | None

    @property
    def period_progress_days(self) -> int:
        """How far the current streak has come through the abstinence period (capped at its length)."""
        return min(self.current_days, self.period_days or 0)

    @property
    def period_complete(self) -> bool:
        return self.period_days is not None and self.current_days >= self.period_days

    @property
    def has_lapsed(self) -> bool:
        return self.lapse_count > 0


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The date on the calendar of ``zone`` at an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    return moment.astimezone(zone).date()


def milestone_label(days: int) -> str:
    if days in NAMED:
        return NAMED[days]
    if days % YEAR == 0:
        return f"{days // YEAR} years"
    return f"{days} days"


def next_milestone(current: int, today: date, period_days: int | None = None) -> Milestone | None:
    """The first milestone above ``current``: the fixed ones, the end of the period, then each further year."""
    candidates = set(MILESTONES)
    if period_days:
        candidates.add(period_days)
    candidates.add((current // YEAR + 1) * YEAR)
    ahead = sorted(days for days in candidates if days > current)
    if not ahead:
        return None
    days = ahead[0]
    ends_period = days == period_days
    label = f"the end of your {days}-day abstinence period" if ends_period else milestone_label(days)
    return Milestone(
        days=days,
        label=label,
        days_to_go=days - current,
        reached_on=today + timedelta(days=days - current),
        ends_period=ends_period,
    )


def compute_streak(
    start: date,
    lapses: Iterable[datetime],
    zone_name: str,
    now: datetime,
    period_days: int | None = None,
) -> Streak:
    """The streak as the module docstring defines it; ``lapses`` are aware datetimes, in any order."""
    zone = ZoneInfo(zone_name)
    today = local_day(now, zone)
    lapse_days = sorted(day for day in (local_day(moment, zone) for moment in lapses if moment <= now) if day >= start)
    distinct = sorted(set(lapse_days))
    elapsed = max((today - start).days, 0)  # complete days since counting began
    total = elapsed - sum(1 for day in distinct if day < today)
    between = tuple(max((later - earlier).days - 1, 0) for earlier, later in pairwise(lapse_days))
    if distinct:
        current = max((today - distinct[-1]).days - 1, 0)
        runs = [(distinct[0] - start).days, *between, current]
    else:
        current = elapsed
        runs = [current]
    return Streak(
        today=today,
        start=start,
        current_days=current,
        longest_days=max(runs),
        total_sober_days=total,
        lapse_count=len(lapse_days),
        last_lapse_on=distinct[-1] if distinct else None,
        days_between_lapses=between,
        period_days=period_days,
        next_milestone=next_milestone(current, today, period_days),
    )
