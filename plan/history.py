"""What changed from one plan version to the next, worked out by comparing the two snapshots."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from plan.actions import circles_of
from plan.models import CIRCLE_GUIDE, Circle, PlanVersion

T = TypeVar("T")


@dataclass(frozen=True)
class CircleChange:
    circle: str
    added: list[str]
    removed: list[str]

    @property
    def title(self) -> str:
        return CIRCLE_GUIDE[self.circle][0]


@dataclass(frozen=True)
class VersionChanges:
    """One version and how it differs from the one before it (``first`` when there was none)."""

    version: PlanVersion
    first: bool
    start: tuple[date, date] | None = None
    days: tuple[int, int] | None = None
    breach_changed: bool = False
    circles: list[CircleChange] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed_nothing(self) -> bool:
        return not (self.first or self.start or self.days or self.breach_changed or self.circles)


def changes_between(older: PlanVersion | None, newer: PlanVersion) -> VersionChanges:
    """Items added and removed per circle and period changes; both versions' items should be prefetched."""
    after = circles_of(newer)
    counts = {circle: len(after[circle]) for circle in Circle.values}
    if older is None:
        return VersionChanges(version=newer, first=True, counts=counts)
    before = circles_of(older)
    circles = []
    for circle in Circle.values:
        added = [text for text in after[circle] if text not in before[circle]]
        removed = [text for text in before[circle] if text not in after[circle]]
        if added or removed:
            circles.append(CircleChange(circle, added, removed))
    return VersionChanges(
        version=newer,
        first=False,
        start=_pair(older.abstinence_starts_on, newer.abstinence_starts_on),
        days=_pair(older.abstinence_days, newer.abstinence_days),
        breach_changed=older.breach_definition != newer.breach_definition,
        circles=circles,
        counts=counts,
    )


def history(versions: Sequence[PlanVersion]) -> list[VersionChanges]:
    """Each version's changes, newest first, from versions listed newest first."""
    return [
        changes_between(versions[index + 1] if index + 1 < len(versions) else None, version)
        for index, version in enumerate(versions)
    ]


def _pair(before: T, after: T) -> tuple[T, T] | None:
    return None if before == after else (before, after)
