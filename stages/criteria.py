"""Each stage's exit criteria, as data: what the record must show before a client moves on.

A stage's exit criteria are the next stage's entry criteria. Each check reads one fact of the
record (``Record``), and each fact is one or two small queries read at most once, so a checklist
costs a known, fixed number of queries however long the client's history is:

    stage 1: 3 (intake, questionnaires, narrative)   stage 2: 5 (plan, devices: 2, prevention, safety)
    stage 3: 3 (plan, lapses, supporters)            stage 4: 4 (goals, questionnaires, plan, lapses)

A criterion with ``confirm`` set is one the record cannot always show (a 12-step group or a
therapy group is not recorded in Waymark): the therapist may confirm it by hand on the move.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from django.db.models import Max
from django.utils import timezone

from caseload.models import Client, Stage
from connect.models import SupporterGrant
from devices.queries import checklist_complete
from goals.models import Goal, GoalStatus
from intake.models import IntakeHistory
from measures.models import Administration
from plan.models import PlanVersion, PreventionEntry
from plan.queries import current_agreed_version
from privacy.access_log import zone_of
from safety.models import SafetyPlan
from tracking.queries import lapse_times
from tracking.streaks import compute_streak, local_day

BASELINE = ("phq9", "gad7")
SCREENING = "asq"
READINESS = "readiness"
QUESTIONNAIRES = (*BASELINE, SCREENING, READINESS)
DEFAULT_PERIOD_DAYS = 90  # without an agreed plan, a sober run this long counts as the period
REVIEW_WEEKS = 8


class Record:
    """What the checks read of one client's record, each fact fetched once, when first asked for."""

    def __init__(self, client: Client, now: datetime | None = None) -> None:
        self.client = client
        self.now = now or timezone.now()

    @cached_property
    def zone_today(self) -> date:
        return timezone.localdate(self.now, timezone=zone_of(self.client))

    @cached_property
    def questionnaires(self) -> dict[str, datetime]:
        """When each instrument that counts here was last completed (one query)."""
        rows = (
            Administration.objects.current()
            .filter(client=self.client, instrument_id__in=QUESTIONNAIRES, submitted_at__lte=self.now)
            .values("instrument_id")
            .annotate(last=Max("submitted_at"))
        )
        return {row["instrument_id"]: row["last"] for row in rows}

    @cached_property
    def intake_sent(self) -> bool:
        return IntakeHistory.objects.filter(client=self.client, submitted_at__isnull=False).exists()

    @cached_property
    def narrative_started(self) -> bool:
        try:  # the narrative area may not be there yet: until it is, nothing has been started
            from narrative.queries import has_started
        except ImportError:
            return False
        return bool(has_started(self.client))

    @cached_property
    def agreed_plan(self) -> PlanVersion | None:
        return current_agreed_version(self.client)

    @cached_property
    def devices_done(self) -> bool:
        return checklist_complete(self.client)

    @cached_property
    def prevention_written(self) -> bool:
        return PreventionEntry.objects.filter(plan__client=self.client).exists()

    @cached_property
    def safety_written(self) -> bool:
        return SafetyPlan.objects.with_something_written().filter(client=self.client).exists()

    @cached_property
    def supporter_connected(self) -> bool:
        return SupporterGrant.objects.filter(client=self.client).active(self.now).exists()

    @cached_property
    def period_days(self) -> int:
        return self.agreed_plan.abstinence_days if self.agreed_plan else DEFAULT_PERIOD_DAYS

    @cached_property
    def sober_days(self) -> int:
        """The current streak, counted as the tracking area counts it (one query, and the plan's)."""
        zone = zone_of(self.client)
        plan = self.agreed_plan
        start = plan.abstinence_starts_on if plan else local_day(self.client.created_at, zone)
        streak = compute_streak(start, lapse_times(self.client), zone.key, self.now, self.period_days)
        return streak.current_days

    @cached_property
    def goals(self) -> list[tuple[str, datetime | None]]:
        """(status, last reviewed) of each goal not set aside (one query)."""
        rows = (
            Goal.objects.filter(client=self.client)
            .exclude(status=GoalStatus.SET_ASIDE)
            .annotate(last=Max("reviews__reviewed_at"))
            .values_list("status", "last")
        )
        return list(rows)


def _completed(*instruments: str) -> Callable[[Record], bool]:
    return lambda record: all(name in record.questionnaires for name in instruments)


def _repeated_in_stage(record: Record) -> bool:
    since = record.client.stage_since
    return all(record.questionnaires.get(name, since) > since for name in BASELINE)


def _sober_for_period(record: Record) -> bool:
    return record.sober_days >= record.period_days


def _sober_detail(record: Record) -> str:
    return f"{record.sober_days} of {record.period_days} days so far"


def _goals_reviewed(record: Record) -> bool:
    cutoff = record.now - timedelta(weeks=REVIEW_WEEKS)
    active = [last for status, last in record.goals if status == GoalStatus.ACTIVE]
    return bool(record.goals) and all(last is not None and last >= cutoff for last in active)


def _goals_detail(record: Record) -> str:
    if not record.goals:
        return "no goals yet"
    cutoff = record.now - timedelta(weeks=REVIEW_WEEKS)
    waiting = sum(1 for status, last in record.goals if status == GoalStatus.ACTIVE and (last is None or last < cutoff))
    return f"{waiting} waiting for a review" if waiting else f"{len(record.goals)} goals, all up to date"


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    check: Callable[[Record], bool]
    detail: Callable[[Record], str] | None = None
    confirm: str = ""  # what the therapist confirms by hand when the record cannot show it


EXIT: dict[int, tuple[Criterion, ...]] = {
    Stage.EDUCATION: (
        Criterion("intake", "Intake history sent", lambda r: r.intake_sent),
        Criterion("baseline", "Baseline measures done (PHQ-9 and GAD-7)", _completed(*BASELINE)),
        Criterion("asq", "Screened for suicide risk (ASQ)", _completed(SCREENING)),
        Criterion("narrative", "Narrative started", lambda r: r.narrative_started),
        Criterion("readiness", "Readiness discussed (readiness rulers)", _completed(READINESS)),
    ),
    Stage.ABSTINENCE: (
        Criterion("plan_signed", "Recovery plan signed by both", lambda r: r.agreed_plan is not None),
        Criterion("devices", "Device checklist complete", lambda r: r.devices_done),
        Criterion("prevention", "Relapse-prevention plan written", lambda r: r.prevention_written),
        Criterion("safety_plan", "Safety plan written", lambda r: r.safety_written),
    ),
    Stage.CONNECTING: (
        Criterion("sober_period", "A full abstinence period without a lapse", _sober_for_period, _sober_detail),
        Criterion(
            "connected",
            "Connected with others: a supporter on Waymark, a group or a fellowship",
            lambda r: r.supporter_connected,
            confirm="I confirm they attend a group or fellowship, or lean on someone outside Waymark",
        ),
    ),
    # The last stage leads to discharge, not to another stage: this is readiness to finish.
    Stage.LASTING: (
        Criterion(
            "goals_reviewed", "Goals set, and each one reviewed in the last 8 weeks", _goals_reviewed, _goals_detail
        ),
        Criterion("measures_repeated", "PHQ-9 and GAD-7 repeated during this stage", _repeated_in_stage),
        Criterion("sober_lasting", "A full abstinence period without a lapse", _sober_for_period, _sober_detail),
    ),
}
CRITERIA: dict[str, Criterion] = {c.id: c for stage in EXIT.values() for c in stage}
STAGE_OF: dict[str, int] = {c.id: stage for stage, criteria in EXIT.items() for c in criteria}
CONFIRMABLE = frozenset(c.id for c in CRITERIA.values() if c.confirm)


@dataclass(frozen=True)
class Check:
    """One criterion as the record shows it now."""

    criterion: Criterion
    met: bool
    detail: str = ""

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def label(self) -> str:
        return self.criterion.label

    @property
    def confirm(self) -> str:
        return self.criterion.confirm


def evaluate(criteria: Iterable[Criterion], record: Record) -> list[Check]:
    checks = []
    for criterion in criteria:
        met = criterion.check(record)
        detail = criterion.detail(record) if criterion.detail and not met else ""
        checks.append(Check(criterion, met, detail))
    return checks


def exit_checklist(client: Client, record: Record | None = None) -> list[Check]:
    """The current stage's exit criteria (the next stage's entry criteria), as the record shows them."""
    return evaluate(EXIT[client.stage], record or Record(client))


def crossing(from_stage: int, to_stage: int) -> list[Criterion]:
    """Every exit criterion of the stages a forward move leaves behind; none for a move back."""
    return [criterion for stage in range(from_stage, to_stage) for criterion in EXIT[stage]]


def confirmable_ahead(client: Client, record: Record | None = None) -> list[Check]:
    """The later stages' criteria a therapist may confirm by hand, for a move on past them (2 -> 4)."""
    later = [c for stage in range(client.stage + 1, Stage.LASTING) for c in EXIT[stage] if c.confirm]
    return evaluate(later, record or Record(client))
