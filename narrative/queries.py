"""Reads of a client's story, each a fixed number of queries however long its history."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Q, Subquery

from caseload.models import Client
from narrative.models import StepComment, StepVersion
from narrative.steps import Step, all_steps

# Versions are numbered 1, 2, 3 … per step and never deleted, so the newest one's number is also the count.
WITH_WORDS = ~Q(text="") | ~Q(choices="")


def has_started(client: Client) -> bool:
    """Whether the client has ever written anything in their story (one query); for stage criteria."""
    return StepVersion.objects.filter(WITH_WORDS, client=client).exists()


def latest_versions(client: Client) -> dict[str, StepVersion]:
    """Each step's newest version, by step id (one query)."""
    newest = StepVersion.objects.filter(client=OuterRef("client"), step=OuterRef("step")).order_by("-number")
    rows = StepVersion.objects.filter(client=client, number=Subquery(newest.values("number")[:1]))
    return {row.step: row for row in rows}


def versions_of(client: Client, step: Step) -> list[StepVersion]:
    """Every version of one step, newest first (one query)."""
    return list(StepVersion.objects.filter(client=client, step=step.id).order_by("-number"))


def comments_of(client: Client, step: Step | None = None) -> list[StepComment]:
    """The therapist's comments, oldest first, on one step or all of them (one query)."""
    rows = StepComment.objects.filter(client=client).select_related("author")
    return list(rows.filter(step=step.id) if step else rows)


@dataclass(frozen=True)
class StepRow:
    """One step of the story as the overview shows it."""

    step: Step
    version: StepVersion | None
    comments: list[StepComment] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.version is not None and self.version.has_words

    @property
    def new_comments(self) -> int:
        return sum(1 for comment in self.comments if comment.seen_at is None)

    @property
    def chosen_labels(self) -> list[str]:
        return self.step.choice_labels(self.version.chosen) if self.version else []


@dataclass(frozen=True)
class Story:
    rows: list[StepRow]

    @property
    def written(self) -> int:
        return sum(1 for row in self.rows if row.written)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def complete(self) -> bool:
        return self.written == self.total

    @property
    def next_step(self) -> Step | None:
        """Where to carry on: the first step without words, or None once every step has some."""
        return next((row.step for row in self.rows if not row.written), None)

    @property
    def updated_at(self) -> datetime | None:
        return max((row.version.saved_at for row in self.rows if row.version), default=None)

    @property
    def with_new_comments(self) -> list[StepRow]:
        return [row for row in self.rows if row.new_comments]


def story_of(client: Client, *, with_comments: bool = True, unseen_only: bool = False) -> Story:
    """Every step with its newest version and comments: two queries (one without comments)."""
    latest = latest_versions(client)
    by_step: dict[str, list[StepComment]] = {}
    if with_comments:
        rows = StepComment.objects.filter(client=client).select_related("author")
        if unseen_only:
            rows = rows.filter(seen_at__isnull=True)
        for comment in rows:
            by_step.setdefault(comment.step, []).append(comment)
    return Story([StepRow(step, latest.get(step.id), by_step.get(step.id, [])) for step in all_steps()])
