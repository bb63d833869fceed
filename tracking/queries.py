"""Reads of a client's tracking data, each a fixed number of queries however long the history.

The streak is computed from lapses only (a handful of rows even after years); check-ins are
only ever counted with aggregates or read a page at a time, never loaded whole.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from caseload.models import Client
from privacy.access_log import zone_of
from tracking.models import CheckIn, Lapse, Urge
from tracking.streaks import Streak, compute_streak, local_day

RECENT_DAYS = 14
CHECK_IN_DAYS_BACK = 7  # how far back a check-in may be added or changed


def client_today(client: Client, now: datetime | None = None) -> date:
    return local_day(now or timezone.now(), zone_of(client))


def counting_plan(client: Client) -> tuple[date, int | None]:
    """Where counting starts and the abstinence period's length: the agreed plan's, else the day the client joined.

    One query (the agreed plan version).
    """
    from plan.queries import current_agreed_version  # the plan app's one reading of "the plan that counts"

    version = current_agreed_version(client)
    if version is not None:
        return version.abstinence_starts_on, version.abstinence_days
    return local_day(client.created_at, zone_of(client)), None


def lapse_times(client: Client) -> list[datetime]:
    return list(Lapse.objects.filter(client=client).values_list("occurred_at", flat=True))


def streak_for(client: Client, now: datetime | None = None, lapses: list[datetime] | None = None) -> Streak:
    """Two queries: the agreed plan and the lapse times (one, if the times are given)."""
    start, period = counting_plan(client)
    times = lapse_times(client) if lapses is None else lapses
    return compute_streak(start, times, zone_of(client).key, now or timezone.now(), period)


@dataclass(frozen=True)
class CheckInStats:
    total: int
    last_day: date | None
    today_done: bool


def check_in_stats(client: Client, today: date) -> CheckInStats:
    """One aggregate query, however many check-ins there are."""
    row = CheckIn.objects.filter(client=client).aggregate(
        total=Count("pk"), last_day=Max("day"), today=Count("pk", filter=Q(day=today))
    )
    return CheckInStats(total=row["total"], last_day=row["last_day"], today_done=bool(row["today"]))


@dataclass(frozen=True)
class Day:
    day: date
    checked_in: bool
    is_today: bool
    can_fill_in: bool  # a missed day recent enough to add a check-in for


def recent_days(client: Client, today: date, count: int = RECENT_DAYS) -> list[Day]:
    """The last ``count`` days, oldest first, each marked checked in or not (one query)."""
    first = today - timedelta(days=count - 1)
    done = set(CheckIn.objects.filter(client=client, day__gte=first, day__lte=today).values_list("day", flat=True))
    earliest_fill = today - timedelta(days=CHECK_IN_DAYS_BACK)
    days = [first + timedelta(days=n) for n in range(count)]
    return [
        Day(day=d, checked_in=d in done, is_today=d == today, can_fill_in=d not in done and d >= earliest_fill)
        for d in days
    ]


@dataclass(frozen=True)
class TrackingSummary:
    """What a therapist's caseload shows of one client (urges and lapses counted over the last 7 days)."""

    streak: Streak
    last_check_in: date | None
    lapses_last_7_days: int
    urges_this_week: int


def summary_for(client: Client, now: datetime | None = None) -> TrackingSummary:
    """Four queries: the plan, the lapses, the check-in aggregate, the urge count."""
    now = now or timezone.now()
    week_ago = now - timedelta(days=7)
    lapses = lapse_times(client)
    streak = streak_for(client, now, lapses)
    stats = check_in_stats(client, streak.today)
    urges = Urge.objects.filter(client=client, occurred_at__gt=week_ago, occurred_at__lte=now).count()
    return TrackingSummary(
        streak=streak,
        last_check_in=stats.last_day,
        lapses_last_7_days=sum(1 for moment in lapses if week_ago < moment <= now),
        urges_this_week=urges,
    )
