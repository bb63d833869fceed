"""What the insights page shows: patterns in a client's urges, check-ins and lapses over a period.

Everything is counted in the database (GROUP BY hour and weekday in the client's zone, by week,
by trigger, by outcome), so the page runs the same number of queries for one week of history
as for three years. Lapses are read whole: they are a handful of rows even after years.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q
from django.db.models.functions import ExtractHour, ExtractWeekDay, TruncWeek
from django.utils import timezone

from caseload.models import Client
from privacy.access_log import zone_of
from tracking.models import CheckIn, CommonTrigger, Outcome, Trigger, Urge
from tracking.queries import counting_plan, lapse_times
from tracking.streaks import local_day

# (value of ?period=, label, days back; None for everything)
PERIODS: tuple[tuple[str, str, int | None], ...] = (
    ("4w", "Last 4 weeks", 28),
    ("3m", "Last 3 months", 91),
    ("12m", "Last 12 months", 365),
    ("all", "All time", None),
)
DEFAULT_PERIOD = "3m"
TOP_TRIGGERS = 8
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_TRIGGER = "No trigger noted"


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    days: int | None


def period_from(value: str | None) -> Period:
    """The period a ?period= value names; none given is the default, anything else is refused."""
    key = value if value is not None else DEFAULT_PERIOD
    for name, label, days in PERIODS:
        if name == key:
            return Period(name, label, days)
    raise BadPeriod(key)


@dataclass(frozen=True)
class WeekValue:
    week: date  # the Monday the week starts on
    value: float
    count: int


@dataclass(frozen=True)
class Run:
    """A stretch of sober days: from the day after a lapse (or the start) to the day before the next."""

    first: date
    last: date
    days: int
    current: bool


@dataclass(frozen=True)
class Insights:
    period: Period
    today: date
    since: date | None
    heat: tuple[tuple[int, ...], ...]  # 7 rows (Monday first) of 24 hour counts, in the client's zone
    urge_total: int
    triggers: tuple[tuple[str, int], ...]  # most common first
    outcomes: tuple[tuple[str, str, int], ...]  # (value, label, count) in Outcome's order
    intensity_weeks: tuple[WeekValue, ...]
    mood_weeks: tuple[WeekValue, ...]
    runs: tuple[Run, ...]

    @property
    def ridden_out_share(self) -> float | None:
        """The share of urges ridden out (0 to 1), or None with no urges."""
        total = sum(count for _, _, count in self.outcomes)
        if not total:
            return None
        return next(count for value, _, count in self.outcomes if value == Outcome.RODE_IT_OUT) / total

    @property
    def busy_cells(self) -> list[tuple[str, int, int]]:
        """(weekday, hour, count) for every hour with urges, Monday first."""
        return [(WEEKDAYS[row], hour, n) for row, counts in enumerate(self.heat) for hour, n in enumerate(counts) if n]

    @property
    def busiest(self) -> tuple[str, int, int] | None:
        """(weekday, hour, count) of the busiest cell, or None with no urges."""
        best = max(((count, row, hour) for row, counts in enumerate(self.heat) for hour, count in enumerate(counts)))
        count, row, hour = best
        return (WEEKDAYS[row], hour, count) if count else None


def heat_grid(rows: list[tuple[int, int, int]]) -> tuple[tuple[int, ...], ...]:
    """7 x 24 counts, Monday first, from (Django weekday 1=Sunday…7=Saturday, hour, count) rows."""
    grid = [[0] * 24 for _ in range(7)]
    for weekday, hour, count in rows:
        grid[(weekday + 5) % 7][hour] += count
    return tuple(tuple(row) for row in grid)


def sober_runs(start: date, lapse_days: list[date], today: date) -> tuple[Run, ...]:
    """Each run of sober days between lapses (runs of no days left out), and the current one, oldest first.

    Agrees with tracking.streaks: the day of a lapse is not sober, and today counts once it is over.
    """
    days = sorted({day for day in lapse_days if start <= day <= today})
    runs: list[Run] = []
    begin = start
    for lapse in days:
        if lapse > begin:
            runs.append(Run(begin, lapse - timedelta(days=1), (lapse - begin).days, False))
        begin = lapse + timedelta(days=1)
    if today >= begin:
        runs.append(Run(begin, today - timedelta(days=1), (today - begin).days, True))
    return tuple(runs)


def _weeks(rows: Iterable[Mapping[str, Any]]) -> tuple[WeekValue, ...]:
    values = []
    for row in rows:
        week = row["week"]
        if isinstance(week, datetime):
            week = week.date()
        values.append(WeekValue(week=week, value=round(float(row["avg"]), 1), count=int(row["n"])))
    return tuple(sorted(values, key=lambda w: w.week))


def insights_for(client: Client, period: Period, now: datetime | None = None) -> Insights:
    """Eight queries, however long the history: plan, lapses, heat map, triggers, own triggers,
    outcomes, weekly urge intensity, weekly mood."""
    now = now or timezone.now()
    zone: ZoneInfo = zone_of(client)
    today = local_day(now, zone)
    start, _ = counting_plan(client)
    lapses = [moment for moment in lapse_times(client) if moment <= now]

    urges = Urge.objects.filter(client=client, occurred_at__lte=now)
    check_ins = CheckIn.objects.filter(client=client, day__lte=today)
    since = None
    if period.days is not None:
        since = today - timedelta(days=period.days - 1)
        urges = urges.filter(occurred_at__gte=datetime.combine(since, datetime.min.time(), tzinfo=zone))
        check_ins = check_ins.filter(day__gte=since)

    heat_rows = (
        urges.annotate(wd=ExtractWeekDay("occurred_at", tzinfo=zone), hour=ExtractHour("occurred_at", tzinfo=zone))
        .values("wd", "hour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    heat = heat_grid([(row["wd"], row["hour"], row["n"]) for row in heat_rows])

    trigger_rows = list(urges.values("common_trigger", "trigger_id").annotate(n=Count("pk")).order_by())
    own = {t.pk: t.name for t in Trigger.objects.filter(client=client)}
    counted: dict[str, int] = {}
    for row in trigger_rows:
        if row["trigger_id"] is not None:
            label = own.get(row["trigger_id"], NO_TRIGGER)
        elif row["common_trigger"]:
            label = CommonTrigger(row["common_trigger"]).label
        else:
            continue  # an urge with no trigger noted is not a trigger
        counted[label] = counted.get(label, 0) + row["n"]
    triggers = tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:TOP_TRIGGERS])

    outcome_row = urges.aggregate(
        total=Count("pk"), **{value: Count("pk", filter=Q(outcome=value)) for value in Outcome.values}
    )
    outcomes = tuple((value, str(label), outcome_row[value]) for value, label in Outcome.choices)

    intensity = urges.annotate(week=TruncWeek("occurred_at", tzinfo=zone)).values("week")
    intensity = intensity.annotate(avg=Avg("intensity"), n=Count("pk")).order_by("week")
    mood = check_ins.annotate(week=TruncWeek("day")).values("week").annotate(avg=Avg("mood"), n=Count("pk"))

    lapse_days = [local_day(moment, zone) for moment in lapses]
    runs = sober_runs(start, lapse_days, today)
    if since is not None:
        runs = tuple(run for run in runs if run.current or run.last >= since)
    return Insights(
        period=period,
        today=today,
        since=since,
        heat=heat,
        urge_total=outcome_row["total"],
        triggers=triggers,
        outcomes=outcomes,
        intensity_weeks=_weeks(intensity),
        mood_weeks=_weeks(mood.order_by("week")),
        runs=runs,
    )
