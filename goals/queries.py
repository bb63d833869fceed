"""Reads of a client's goals, each a fixed number of queries however many goals, steps and reviews."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from caseload.models import Client
from goals.models import Goal, GoalStatus, Review, Step


def with_progress(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Each goal with its step counts and its latest review (all in the one query)."""
    latest = Review.objects.filter(goal=OuterRef("pk")).order_by("-reviewed_at", "-pk")
    return goals.annotate(
        steps_total=Count("steps", distinct=True),
        steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
        last_progress=Subquery(latest.values("progress")[:1]),
        last_reviewed_at=Subquery(latest.values("reviewed_at")[:1]),
    )


def goals_of(client: Client) -> list[Goal]:
    """Every goal, oldest first, with its step counts and latest review (one query)."""
    return list(with_progress(Goal.objects.filter(client=client)).order_by("created_at", "pk"))


def goal_of(client: Client, goal_id: uuid.UUID | str) -> Goal:
    """One of this client's goals with its steps and reviews (three queries); 404 for anyone else's."""
    reviews = Prefetch("reviews", queryset=Review.objects.select_related("reviewed_by"))
    rows = Goal.objects.filter(client=client).select_related("client__user").prefetch_related("steps", reviews)
    return get_object_or_404(rows, public_id=goal_id)


def step_of(goal: Goal, step_id: uuid.UUID | str) -> Step:
    return get_object_or_404(Step.objects.filter(goal=goal), public_id=step_id)


@dataclass(frozen=True)
class GoalsSummary:
    goals: list[Goal]

    @property
    def active(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.status == GoalStatus.ACTIVE]

    @property
    def achieved(self) -> int:
        return sum(1 for goal in self.goals if goal.status == GoalStatus.ACHIEVED)

    @property
    def steps_done(self) -> int:
        return sum(goal.steps_done for goal in self.active)  # type: ignore[attr-defined]

    @property
    def steps_total(self) -> int:
        return sum(goal.steps_total for goal in self.active)  # type: ignore[attr-defined]

    @property
    def last_reviewed_at(self) -> datetime | None:
        return max((g.last_reviewed_at for g in self.goals if g.last_reviewed_at), default=None)  # type: ignore[attr-defined]


def summary_for(client: Client) -> GoalsSummary:
    """One query."""
    return GoalsSummary(goals_of(client))
