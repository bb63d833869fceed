"""Triage for the therapist's caseload: who needs attention first, and why.

The facts about every client come in a fixed number of queries however many clients there are
and however long their history: aggregates and subqueries for check-ins and plans, the lapses
since counting began, grouped counts for alerts and tasks, and one window query for the first
and the two newest results of each questionnaire. The flags are pure rules over those facts
(``flags_for``), so they are tested without the database.

Flags rank in the order of ``Flag``: an unacknowledged risk alert first, then a critical answer,
a recent lapse, a silence in check-ins, an overdue questionnaire, and a score getting reliably
worse. Rows sort by their most pressing flag (act-now alerts before today alerts), then by how
many flags they carry, then by name.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from caseload.models import Client
from homework.models import Task
from measures.catalogue import definitions_for
from measures.change import change_for
from measures.definitions import Definition
from measures.models import Administration
from measures.scoring import Classification
from plan.models import PeriodProgress, PlanVersion
from plan.queries import SIGNED_BY_BOTH
from practice.models import Practice
from privacy.access_log import zone_of
from safety.models import AlertSeverity, RiskAlert
from tracking.models import CheckIn, Lapse
from tracking.streaks import Streak, compute_streak, local_day

LAPSE_DAYS = 7  # a lapse this recent needs attention
QUIET_DAYS = 3  # this many days without a check-in needs attention
ALERTS_LISTED = 5  # unacknowledged alerts listed by name on the record summary
ITEM_NUMBER = re.compile(r"^q(\d+)$")


class Flag(models.TextChoices):
    """What makes a client need attention, most pressing first."""

    ALERT = "alert", "Risk alert"
    CRITICAL = "critical", "Critical answer"
    LAPSE = "lapse", "Recent lapse"
    QUIET = "quiet", "No recent check-in"
    OVERDUE = "overdue", "Questionnaire overdue"
    RISING = "rising", "Score getting worse"


RANK = {flag: rank for rank, flag in enumerate(Flag)}
URGENT_FLAGS = frozenset({Flag.ALERT, Flag.CRITICAL})


@dataclass(frozen=True)
class Badge:
    flag: Flag
    reason: str

    @property
    def label(self) -> str:
        return str(self.flag.label)

    @property
    def urgent(self) -> bool:
        return self.flag in URGENT_FLAGS


@dataclass(frozen=True)
class Score:
    """One scale of a client's newest result, with the result before it and the baseline."""

    label: str  # "PHQ-9", or "DASS-21 depression" for a subscale
    value: float
    band: str | None
    on: date
    previous: float | None
    baseline: float | None  # None when the newest result is the baseline
    since_previous: Classification | None  # reliable change, where the scale has parameters
    since_baseline: Classification | None
    validated: bool = True  # a validated scale (not, say, the readiness rulers): the caseload shows these

    @property
    def shown(self) -> str:
        return number(self.value)

    @property
    def direction(self) -> str:
        if self.previous is None:
            return ""
        return "up" if self.value > self.previous else "down" if self.value < self.previous else "same"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→"}.get(self.direction, "")

    @property
    def direction_text(self) -> str:
        """What the arrow says, for screen readers and anyone unsure of it."""
        if self.previous is None:
            return "first result"
        if self.direction == "same":
            return f"same as last time ({number(self.previous)})"
        return f"{self.direction} from {number(self.previous)}"

    @property
    def worse(self) -> bool:
        return Classification.DETERIORATED in (self.since_previous, self.since_baseline)


@dataclass(frozen=True)
class CriticalAnswer:
    instrument: str
    on: date
    what: str  # "item 9" or a screen's result ("Non-acute positive screen")


@dataclass(frozen=True)
class AlertCounts:
    waiting: int = 0
    act_now: int = 0
    since: datetime | None = None


@dataclass(frozen=True)
class Overdue:
    instrument: str
    due_on: date


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one client, all of it already read."""

    now: datetime
    today: date
    joined_on: date
    last_check_in: date | None
    lapses: Sequence[datetime]  # lapse times since counting began (or the last week, if later)
    zone: ZoneInfo
    alerts: AlertCounts
    critical: Sequence[CriticalAnswer]
    overdue: Sequence[Overdue]
    scores: Sequence[Score]


def days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(day: date) -> str:
    """ "9 Mar": the same in every locale, like the dates on the rest of the page."""
    return f"{day.day} {MONTHS[day.month - 1]}"


# The rules, one per flag: each returns the badge or None.


def waited(age: timedelta) -> str:
    hours = int(age.total_seconds() // 3600)
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{age.days} days"


def alert_badge(alerts: AlertCounts, now: datetime) -> Badge | None:
    if not alerts.waiting:
        return None
    words = f"{alerts.waiting} alert{'s' if alerts.waiting != 1 else ''} waiting"
    if alerts.since is not None:
        words += f" for {waited(now - alerts.since)}"
    if alerts.act_now:
        words += f" ({alerts.act_now} act now)"
    return Badge(Flag.ALERT, words)


def critical_badge(critical: Sequence[CriticalAnswer]) -> Badge | None:
    if not critical:
        return None
    return Badge(Flag.CRITICAL, "; ".join(f"{c.instrument} {short_day(c.on)}: {c.what}" for c in critical))


def lapse_badge(lapses: Sequence[datetime], now: datetime, zone: ZoneInfo) -> Badge | None:
    recent = sorted(moment for moment in lapses if now - timedelta(days=LAPSE_DAYS) < moment <= now)
    if not recent:
        return None
    count = f"{len(recent)} lapse{'s' if len(recent) != 1 else ''}" if len(recent) > 1 else "A lapse"
    return Badge(Flag.LAPSE, f"{count} in the last {LAPSE_DAYS} days, latest {short_day(local_day(recent[-1], zone))}")


def quiet_badge(last_check_in: date | None, today: date, joined_on: date) -> Badge | None:
    if last_check_in is None:
        waited = (today - joined_on).days
        return Badge(Flag.QUIET, f"No check-in yet, {waited} days since joining") if waited >= QUIET_DAYS else None
    days = (today - last_check_in).days
    if days < QUIET_DAYS:
        return None
    return Badge(Flag.QUIET, f"Last check-in {days} days ago ({short_day(last_check_in)})")


def overdue_badge(overdue: Sequence[Overdue], today: date) -> Badge | None:
    late = sorted((row for row in overdue if row.due_on < today), key=lambda row: row.due_on)
    if not late:
        return None
    return Badge(Flag.OVERDUE, "; ".join(f"{row.instrument} due {short_day(row.due_on)}" for row in late))


def rising_badge(scores: Sequence[Score]) -> Badge | None:
    reasons = []
    for score in scores:
        if score.since_previous == Classification.DETERIORATED and score.previous is not None:
            reasons.append(f"{score.label} {number(score.previous)} → {number(score.value)} since the last result")
        elif score.since_baseline == Classification.DETERIORATED and score.baseline is not None:
            reasons.append(f"{score.label} {number(score.baseline)} at baseline, now {number(score.value)}")
    return Badge(Flag.RISING, "; ".join(reasons) + " (reliable change)") if reasons else None


def flags_for(facts: Facts) -> tuple[Badge, ...]:
    """Every flag that applies, most pressing first."""
    badges = (
        alert_badge(facts.alerts, facts.now),
        critical_badge(facts.critical),
        lapse_badge(facts.lapses, facts.now, facts.zone),
        quiet_badge(facts.last_check_in, facts.today, facts.joined_on),
        overdue_badge(facts.overdue, facts.today),
        rising_badge(facts.scores),
    )
    return tuple(badge for badge in badges if badge is not None)


@dataclass(frozen=True)
class Row:
    client: Client
    today: date
    stage_days: int
    streak: Streak
    last_check_in: date | None
    scores: tuple[Score, ...]
    open_tasks: int
    badges: tuple[Badge, ...]
    alerts: AlertCounts
    plan: PeriodProgress | None = None
    plan_number: int | None = None  # the agreed version
    draft_number: int | None = None  # the newest version, agreed or not

    @property
    def flags(self) -> frozenset[Flag]:
        return frozenset(badge.flag for badge in self.badges)

    @property
    def validated_scores(self) -> tuple[Score, ...]:
        return tuple(score for score in self.scores if score.validated)

    @property
    def stage_words(self) -> str:
        return f"{days(self.stage_days)} in stage"

    @property
    def streak_words(self) -> str:
        return f"{days(self.streak.current_days)} sober"

    @property
    def tasks_words(self) -> str:
        return f"open task{'' if self.open_tasks == 1 else 's'}"

    @property
    def last_check_in_words(self) -> str:
        if self.last_check_in is None:
            return "No check-in yet"
        days = (self.today - self.last_check_in).days
        when = "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"
        return f"Checked in {when}"

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        top = min((RANK[badge.flag] for badge in self.badges), default=len(RANK))
        return (top, 0 if self.alerts.act_now else 1, -len(self.badges), self.client.user.name.casefold())


# Reading the facts, a fixed number of queries for any number of clients.


def annotated(clients: QuerySet[Client]) -> QuerySet[Client]:
    """The clients with their practice and user, last check-in day and agreed plan, in one query."""
    agreed = PlanVersion.objects.filter(SIGNED_BY_BOTH, plan__client=OuterRef("pk")).order_by("-number")
    newest = PlanVersion.objects.filter(plan__client=OuterRef("pk")).order_by("-number")
    last = CheckIn.objects.filter(client=OuterRef("pk")).order_by("-day")
    return clients.select_related("user", "practice").annotate(
        last_check_in=Subquery(last.values("day")[:1]),
        plan_number=Subquery(agreed.values("number")[:1]),
        plan_starts=Subquery(agreed.values("abstinence_starts_on")[:1]),
        plan_days=Subquery(agreed.values("abstinence_days")[:1]),
        draft_number=Subquery(newest.values("number")[:1]),
    )


def _lapses(clients: Sequence[Client], starts: Mapping[int, date], now: datetime) -> dict[int, list[datetime]]:
    """Lapse times since the earliest start among the clients (a day early, for time zones) or the last week."""
    if not clients:
        return {}
    earliest = min(starts.values())
    since = min(
        datetime.combine(earliest - timedelta(days=1), time(), tzinfo=UTC),
        now - timedelta(days=LAPSE_DAYS),
    )
    rows = Lapse.objects.filter(client__in=[c.pk for c in clients], occurred_at__gte=since)
    lapses: dict[int, list[datetime]] = defaultdict(list)
    for client_id, moment in rows.values_list("client_id", "occurred_at"):
        lapses[client_id].append(moment)
    return lapses


def _alerts(ids: list[int]) -> dict[int, AlertCounts]:
    rows = (
        RiskAlert.objects.unacknowledged()
        .filter(client_id__in=ids)
        .values("client_id")
        .annotate(
            waiting=Count("pk"),
            act_now=Count("pk", filter=Q(severity=AlertSeverity.CRITICAL)),
            since=Min("created_at"),
        )
    )
    return {row["client_id"]: AlertCounts(row["waiting"], row["act_now"], row["since"]) for row in rows}


def _open_questionnaires(ids: list[int]) -> dict[int, list[tuple[str, date]]]:
    """Open questionnaires due up to tomorrow (today somewhere on Earth); each client's today decides."""
    latest = timezone.now().date() + timedelta(days=1)
    rows = Administration.objects.open().filter(client_id__in=ids, due_on__lte=latest)
    found: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for client_id, instrument_id, due_on in rows.values_list("client_id", "instrument_id", "due_on"):
        found[client_id].append((instrument_id, due_on))
    return found


def _results(ids: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """For each client and instrument, the current results newest first: the two newest, then the first.

    One query: a window numbers the results (ids only), and only three per instrument are read whole,
    however many there are.
    """
    each = [F("client_id"), F("instrument_id")]
    wanted = (
        Administration.objects.current()
        .filter(client_id__in=ids)
        .annotate(
            newest=Window(RowNumber(), partition_by=each, order_by=[F("submitted_at").desc(), F("pk").desc()]),
            results=Window(Count("pk"), partition_by=each),
        )
        .filter(Q(newest__lte=2) | Q(newest=F("results")))  # the newest two and the first
        .values("pk")
    )
    rows = (
        Administration.objects.filter(pk__in=wanted)
        .order_by("-submitted_at", "-pk")
        .values("client_id", "instrument_id", "submitted_at", "result")
    )
    found: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        found[row["client_id"]][row["instrument_id"]].append(dict(row))
    return found


def _scale_values(result: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    result = result or {}
    values = {"total": result["total"]} if result.get("total") else {}
    values.update({key: value for key, value in (result.get("subscales") or {}).items() if value})
    return values


class Changes:
    """Reliable change between two scores, each pair worked out once (many clients share the same pairs)."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, str, float, float], Classification | None] = {}

    def __call__(
        self, definition: Definition, scale_id: str, before: float | None, after: float
    ) -> Classification | None:
        if before is None:
            return None
        key = (id(definition), scale_id, before, after)  # the definitions outlive this object
        if key not in self.known:
            change = change_for(definition, scale_id, before, after)
            self.known[key] = None if change is None else Classification(change.kind)
        return self.known[key]


def scores_of(
    definition: Definition, rows: Sequence[Mapping[str, Any]], zone: ZoneInfo, changes: Changes
) -> tuple[list[Score], CriticalAnswer | None]:
    """The newest result's scales against the one before and the baseline, and its critical answer if any.

    ``rows`` are newest first: the newest, the one before it (if any), the first (if older still).
    """
    newest = rows[0]
    previous = rows[1] if len(rows) > 1 else None
    baseline = rows[-1] if len(rows) > 1 else None
    on = local_day(newest["submitted_at"], zone)
    before = _scale_values(previous["result"]) if previous else {}
    first = _scale_values(baseline["result"]) if baseline else {}
    scores = []
    values = _scale_values(newest["result"])
    # The definition's order, not the stored JSON's: PostgreSQL's jsonb does not keep key order.
    for scale_id in definition.scale_map:
        if scale_id not in values:
            continue  # scored with a version that lacked this scale
        value = values[scale_id]
        score = float(value["score"])
        prev = float(before[scale_id]["score"]) if scale_id in before else None
        base = float(first[scale_id]["score"]) if scale_id in first else None
        scores.append(
            Score(
                label=_label(definition, scale_id),
                value=score,
                band=value.get("band"),
                on=on,
                previous=prev,
                baseline=base,
                since_previous=changes(definition, scale_id, prev, score),
                since_baseline=changes(definition, scale_id, base, score),
                validated=definition.is_validated_scale,
            )
        )
    return scores, _critical(definition, newest["result"] or {}, on)


def _label(definition: Definition, scale_id: str) -> str:
    title = definition.scale_map[scale_id].title
    if scale_id == "total" or title.casefold() == definition.short_name.casefold():
        return definition.short_name
    return f"{definition.short_name} {title.lower()}"


def _critical(definition: Definition, result: Mapping[str, Any], on: date) -> CriticalAnswer | None:
    if not result.get("alert_severity"):
        return None
    screen = result.get("screen") or {}
    if screen.get("severity"):
        return CriticalAnswer(definition.short_name, on, str(screen.get("label") or "positive screen"))
    items = []
    for flag in result.get("critical") or []:
        match = ITEM_NUMBER.match(str(flag.get("item", "")))
        items.append(f"item {match.group(1)}" if match else str(flag.get("item", "")))
    return CriticalAnswer(definition.short_name, on, "critical answer to " + ", ".join(items or ["an item"]))


def _progress(starts_on: date | None, days: int | None, today: date) -> PeriodProgress | None:
    """Where today falls in the agreed abstinence period (as PlanVersion.progress_on, without the row)."""
    if starts_on is None or not days:
        return None
    ends_on = starts_on + timedelta(days=days - 1)
    return PeriodProgress(day=(today - starts_on).days + 1, days=days, starts_on=starts_on, ends_on=ends_on)


def rows_for(clients: QuerySet[Client], practice: Practice, now: datetime | None = None) -> list[Row]:
    """One row per client, most pressing first. Seven queries, whatever the number of clients or their history."""
    now = now or timezone.now()
    people = list(annotated(clients))
    ids = [client.pk for client in people]
    zones = {client.pk: zone_of(client) for client in people}
    joined = {client.pk: local_day(client.created_at, zones[client.pk]) for client in people}
    starts = {client.pk: getattr(client, "plan_starts", None) or joined[client.pk] for client in people}
    lapses = _lapses(people, starts, now)
    alerts = _alerts(ids)
    waiting = _open_questionnaires(ids)
    results = _results(ids)
    definitions = definitions_for(practice)
    tasks = Task.objects.open_counts(ids)
    changes = Changes()
    rows = []
    for client in people:
        zone = zones[client.pk]
        today = local_day(now, zone)
        scores: list[Score] = []
        critical: list[CriticalAnswer] = []
        for instrument_id, found in sorted(results[client.pk].items()):
            definition = definitions.get(instrument_id)
            if definition is None:
                continue
            instrument_scores, answer = scores_of(definition, found, zone, changes)
            scores += instrument_scores
            critical += [answer] if answer else []
        overdue = [
            Overdue(definitions[instrument].short_name if instrument in definitions else instrument, due_on)
            for instrument, due_on in waiting[client.pk]
        ]
        period = getattr(client, "plan_days", None)
        facts = Facts(
            now=now,
            today=today,
            joined_on=joined[client.pk],
            last_check_in=getattr(client, "last_check_in", None),
            lapses=lapses[client.pk],
            zone=zone,
            alerts=alerts.get(client.pk, AlertCounts()),
            critical=critical,
            overdue=overdue,
            scores=scores,
        )
        rows.append(
            Row(
                client=client,
                today=today,
                stage_days=max((today - local_day(client.stage_since, zone)).days, 0),
                streak=compute_streak(starts[client.pk], lapses[client.pk], zone.key, now, period),
                last_check_in=facts.last_check_in,
                scores=tuple(scores),
                open_tasks=tasks.get(client.pk, 0),
                badges=flags_for(facts),
                alerts=facts.alerts,
                plan=_progress(getattr(client, "plan_starts", None), period, today),
                plan_number=getattr(client, "plan_number", None),
                draft_number=getattr(client, "draft_number", None),
            )
        )
    rows.sort(key=lambda row: row.sort_key)
    return rows


def narrowed(clients: QuerySet[Client], stage: int | None = None, search: str = "") -> QuerySet[Client]:
    """Active clients only, of one stage and matching a name if asked."""
    clients = clients.filter(discharged_at__isnull=True)
    if stage:
        clients = clients.filter(stage=stage)
    if search:
        clients = clients.filter(Q(user__display_name__icontains=search) | Q(user__email__istartswith=search))
    return clients


def flag_counts(rows: Iterable[Row]) -> dict[Flag, int]:
    counts = dict.fromkeys(Flag, 0)
    for row in rows:
        for flag in row.flags:
            counts[flag] += 1
    return counts


@dataclass(frozen=True)
class RecordSummary:
    row: Row
    alerts: tuple[RiskAlert, ...]  # the unacknowledged ones, newest first, at most ALERTS_LISTED
    viewer_zone: ZoneInfo | None = None  # where the reader is, for the times alerts were raised


def record_summary(client: Client, now: datetime | None = None, viewer_zone: ZoneInfo | None = None) -> RecordSummary:
    """The top of the client record: the caseload's row for this client and the alerts waiting (eight queries)."""
    row = rows_for(Client.objects.filter(pk=client.pk), client.practice, now)[0]
    alerts = RiskAlert.objects.unacknowledged().filter(client=client).order_by("-created_at")[:ALERTS_LISTED]
    return RecordSummary(row=row, alerts=tuple(alerts), viewer_zone=viewer_zone)
