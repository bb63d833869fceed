"""What a progress report says about one client over a period, gathered in a fixed number of queries.

It reuses each area's own reading: measures.change for scores, charts and reliable change (each
result is classed against the client's first result, even one before the period); tracking's
streak and insights for check-ins, lapses and urges. Stage moves and tasks are added when those
areas are installed. Nothing here is free text a client or therapist wrote, except the names
of the client's own triggers, which the insights page shows too.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from caseload.models import Client, Stage
from measures import catalogue, charts, registry
from measures.actions import INTAKE_SET
from measures.change import history
from measures.definitions import Definition, fmt
from measures.models import Administration
from privacy.access_log import zone_of
from tracking.insights import Insights, Period, insights_for
from tracking.models import CheckIn
from tracking.queries import lapse_times, streak_for
from tracking.streaks import Streak, local_day

TOP_TRIGGERS = 5
OUTCOME_WORDS = {
    "rode_it_out": "Ridden out",
    "middle_circle": "Ended in a middle-circle behaviour",
    "lapse": "Ended in a lapse",
}


@dataclass(frozen=True)
class ScaleReport:
    title: str
    svg: SafeString
    baseline: charts.Point | None  # the client's first score on this scale, whenever it was
    points: tuple[charts.Point, ...]  # the scores within the period, oldest first

    @property
    def latest(self) -> charts.Point | None:
        return self.points[-1] if self.points else None

    @property
    def baseline_before_period(self) -> bool:
        return bool(self.baseline and self.points and self.baseline.on < self.points[0].on)


@dataclass(frozen=True)
class MeasureReport:
    definition: Definition
    scales: tuple[ScaleReport, ...]


@dataclass(frozen=True)
class TrackingReport:
    days: int
    checked_in: int
    mood_average: float | None
    streak: Streak  # as it stood at the end of the period
    lapses: int
    insights: Insights

    @property
    def checked_in_percent(self) -> int:
        return round(100 * self.checked_in / self.days) if self.days else 0

    @property
    def outcomes(self) -> tuple[tuple[str, int], ...]:
        """How the urges ended, in words for a report."""
        return tuple((OUTCOME_WORDS.get(value, label), count) for value, label, count in self.insights.outcomes)

    @property
    def ridden_out_percent(self) -> int | None:
        share = self.insights.ridden_out_share
        return None if share is None else round(100 * share)

    @property
    def top_triggers(self) -> tuple[tuple[str, int], ...]:
        return self.insights.triggers[:TOP_TRIGGERS]

    @property
    def longest_run_in_period(self) -> int:
        return max((run.days for run in self.insights.runs), default=0)


@dataclass(frozen=True)
class StageMove:
    on: date
    from_stage: str
    to_stage: str
    by: str


@dataclass(frozen=True)
class TaskSummary:
    assigned: int
    completed: int
    by_kind: tuple[tuple[str, int], ...]  # completed in the period, by kind (plural label, count)


@dataclass(frozen=True)
class Report:
    client: Client
    therapist: User
    start: date
    end: date
    generated: datetime
    zone: ZoneInfo
    measures: tuple[MeasureReport, ...]
    tracking: TrackingReport
    stage: str
    moves: tuple[StageMove, ...] | None  # None when the stages area is not installed
    tasks: TaskSummary | None

    @property
    def filename(self) -> str:
        """Neutral: no name, nothing about what it is for beyond 'progress report'."""
        return f"progress-report-{self.generated.astimezone(self.zone):%Y-%m-%d}.pdf"


def end_of(day: date, zone: ZoneInfo, now: datetime) -> datetime:
    """The last moment of `day` where the client lives (now, when the day is today)."""
    last = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone) - timedelta(microseconds=1)
    return min(last, now)


def build(client: Client, therapist: User, start: date, end: date, now: datetime | None = None) -> Report:
    """Every section of the report; about eighteen queries, however long the history."""
    now = now or timezone.now()
    zone = zone_of(client)
    until = end_of(end, zone, now)
    return Report(
        client=client,
        therapist=therapist,
        start=start,
        end=end,
        generated=now,
        zone=zone,
        measures=tuple(_measures(client, start, end, until, zone)),
        tracking=_tracking(client, start, end, now, zone),
        stage=f"Stage {client.stage}: {Stage(client.stage).label}",
        moves=_moves(client, start, until, zone, therapist),
        tasks=_tasks(client, start, until, zone),
    )


def _measures(client: Client, start: date, end: date, until: datetime, zone: ZoneInfo) -> list[MeasureReport]:
    """Two queries: the practice's instruments and every current result up to the end of the period."""
    definitions = catalogue.definitions_for(client.practice)
    results: dict[str, list[Administration]] = defaultdict(list)
    rows = Administration.objects.current().filter(client=client, submitted_at__lte=until)
    for row in rows.only("public_id", "instrument_id", "instrument_version", "submitted_at", "result").order_by(
        "submitted_at", "pk"
    ):
        results[row.instrument_id].append(row)
    reports = []
    order = {key: index for index, key in enumerate(dict.fromkeys((*INTAKE_SET, *definitions)))}
    for instrument_id, administrations in sorted(results.items(), key=lambda pair: order.get(pair[0], len(order))):
        definition = definitions.get(instrument_id) or _retired(client, instrument_id, administrations)
        if definition is None:
            continue
        scales = []
        for scale in history(definition, administrations, zone, key=f"all-{instrument_id}").scales:
            points = tuple(point for point in scale.points if start <= point.on <= end)
            if not points:
                continue
            chart = charts.chart_for(definition, scale.id, points, key=f"report-{instrument_id}-{scale.id}")
            svg = mark_safe(charts.render(chart))  # charts.render escapes every text
            scales.append(ScaleReport(scale.title, svg, scale.points[0], points))
        if scales:
            reports.append(MeasureReport(definition, tuple(scales)))
    return reports


def _retired(client: Client, instrument_id: str, administrations: list[Administration]) -> Definition | None:
    """A licensed instrument the practice no longer offers: the wording its results were scored with."""
    try:
        return catalogue.definition_for(client.practice, instrument_id, administrations[-1].instrument_version)
    except registry.UnknownInstrument:
        return None


def _tracking(client: Client, start: date, end: date, now: datetime, zone: ZoneInfo) -> TrackingReport:
    """Eleven queries: lapses, the plan, the check-in aggregate and the eight of insights."""
    until = end_of(end, zone, now)
    lapses = lapse_times(client)
    # The streak at the end of the period counts its last day once that day is over.
    streak = streak_for(client, until if until == now else until + timedelta(microseconds=1), lapses)
    days = (end - start).days + 1
    check_ins = CheckIn.objects.filter(client=client, day__gte=start, day__lte=end)
    row = check_ins.aggregate(n=Count("pk"), mood=Avg("mood"))
    insights = insights_for(client, Period("report", f"{start} to {end}", days), now=until)
    return TrackingReport(
        days=days,
        checked_in=row["n"],
        mood_average=round(float(row["mood"]), 1) if row["mood"] is not None else None,
        streak=streak,
        lapses=sum(1 for moment in lapses if start <= local_day(moment, zone) <= end and moment <= until),
        insights=insights,
    )


def _moves(
    client: Client, start: date, until: datetime, zone: ZoneInfo, therapist: User
) -> tuple[StageMove, ...] | None:
    """One query, when the stages area is installed: the moves within the period."""
    if not apps.is_installed("stages"):
        return None
    from stages.models import StageChange

    since = datetime.combine(start, time.min, tzinfo=zone)
    rows = StageChange.objects.of(client.pk).filter(moved_at__gte=since, moved_at__lte=until).order_by("moved_at")
    return tuple(
        StageMove(
            on=local_day(row.moved_at, zone),
            from_stage=f"{row.from_stage}: {row.from_stage_name}",
            to_stage=f"{row.to_stage}: {row.to_stage_name}",
            by="you" if row.moved_by_id == therapist.pk else (row.moved_by.name if row.moved_by else "a colleague"),
        )
        for row in rows
    )


def _tasks(client: Client, start: date, until: datetime, zone: ZoneInfo) -> TaskSummary | None:
    """One query, when the homework area is installed: tasks set and done within the period, by kind."""
    if not apps.is_installed("homework"):
        return None
    from homework.models import Kind, Task

    since = datetime.combine(start, time.min, tzinfo=zone)
    assigned = Count("pk", filter=_between("assigned_at", since, until))
    completed = Count("pk", filter=_between("completed_at", since, until))
    counted = Task.objects.filter(client=client).values("kind").annotate(assigned=assigned, completed=completed)
    rows = list(counted.order_by("kind"))
    by_kind = tuple((_kind_words(Kind(row["kind"]).label, row["completed"]), row["completed"]) for row in rows)
    by_kind = tuple(pair for pair in by_kind if pair[1])
    return TaskSummary(
        assigned=sum(row["assigned"] for row in rows),
        completed=sum(row["completed"] for row in rows),
        by_kind=by_kind,
    )


def _kind_words(label: str, count: int) -> str:
    """'1 reading', '3 plan reviews', '2 tasks': a kind's label as a count of it."""
    return f"{count} {label.lower()}{'' if count == 1 else 's'}"


def _between(field: str, since: datetime, until: datetime) -> Q:
    return Q(**{f"{field}__gte": since, f"{field}__lte": until})


def score_words(point: charts.Point | None) -> str:
    if point is None:
        return ""
    return f"{fmt(point.score)} ({point.band})" if point.band else fmt(point.score)
