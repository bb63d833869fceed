"""Reads of a client's stage and its history, each a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from caseload.models import Client, Stage
from privacy.access_log import zone_of
from stages.criteria import Check, Record, confirmable_ahead, exit_checklist
from stages.forms import MoveForm
from stages.guide import GUIDE, StageGuide, moved_message
from stages.models import StageChange

RECENT_DAYS = 14  # how long the client's home page speaks of their latest move
CARD_HISTORY = 3


def history_of(client: Client, limit: int | None = None) -> list[StageChange]:
    """The client's moves, newest first (one query)."""
    rows = StageChange.objects.of(client.pk)
    return list(rows[:limit] if limit else rows)


def days_in_stage(client: Client, now: datetime | None = None) -> int:
    zone = zone_of(client)
    today = timezone.localdate(now or timezone.now(), timezone=zone)
    return max((today - timezone.localdate(client.stage_since, timezone=zone)).days, 0)


@dataclass(frozen=True)
class StageSummary:
    """What the therapist's record card shows: where the client is, the checklist, the form, the latest moves."""

    client: Client
    days: int
    checks: list[Check]
    form: MoveForm
    history: list[StageChange]

    @property
    def stage(self) -> Stage:
        return Stage(self.client.stage)

    @property
    def next_stage(self) -> Stage | None:
        return Stage(self.client.stage + 1) if self.client.stage < Stage.LASTING else None

    @property
    def met(self) -> int:
        return sum(1 for check in self.checks if check.met)


def summary_for(client: Client, form: MoveForm | None = None, history: int | None = CARD_HISTORY) -> StageSummary:
    """The checklist's queries (3 to 5, by stage), one for what a move past a later stage may confirm by hand
    (stages 1 and 2), and one for the history."""
    record = Record(client)
    checks = exit_checklist(client, record)
    return StageSummary(
        client=client,
        days=days_in_stage(client),
        checks=checks,
        form=form or MoveForm(client=client, checks=checks + confirmable_ahead(client, record)),
        history=history_of(client, history),
    )


@dataclass(frozen=True)
class HomeStage:
    """What the client's home page says about their stage, and about a recent move."""

    stage: int
    guide: StageGuide
    since: date
    message: str


def home_for(client: Client, now: datetime | None = None) -> HomeStage:
    """One query: the latest move, if any."""
    now = now or timezone.now()
    latest = StageChange.objects.filter(client=client).order_by("-moved_at", "-pk").first()
    recent = (
        latest is not None and latest.to_stage == client.stage and now - latest.moved_at <= timedelta(days=RECENT_DAYS)
    )
    return HomeStage(
        stage=client.stage,
        guide=GUIDE[client.stage],
        since=timezone.localdate(client.stage_since, timezone=zone_of(client)),
        message=moved_message(latest.from_stage, latest.to_stage) if recent and latest else "",
    )
