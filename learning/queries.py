"""Reads of a client's reading: the library with each module's status, and the small cards elsewhere.

Each is a fixed number of queries, however many modules, tasks or entries there are.
"""

from dataclasses import dataclass
from datetime import date, datetime

from caseload.models import Client
from homework.models import Kind, Task
from learning import catalogue
from learning.catalogue import Module
from learning.models import JournalEntry, ReadingProgress

STATUS_LABELS = {"new": "New", "in_progress": "In progress", "read": "Read"}


@dataclass(frozen=True)
class Suggestion:
    due_on: date | None
    assigned_at: datetime


@dataclass(frozen=True)
class LibraryRow:
    module: Module
    progress: ReadingProgress | None
    suggestion: Suggestion | None

    @property
    def status(self) -> str:
        return "new" if self.progress is None else self.progress.status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def progress_by_slug(client: Client) -> dict[str, ReadingProgress]:
    return {p.slug: p for p in ReadingProgress.objects.filter(client=client)}


def suggestions(client: Client) -> dict[str, Suggestion]:
    """The modules the therapist has set as reading that is still open, the earliest set first."""
    tasks = (
        Task.objects.open()
        .filter(client=client, kind=Kind.READING)
        .order_by("assigned_at", "pk")
        .values_list("ref", "due_on", "assigned_at")
    )
    found: dict[str, Suggestion] = {}
    for ref, due_on, assigned_at in tasks:
        found.setdefault(ref, Suggestion(due_on=due_on, assigned_at=assigned_at))
    return found


def library_for(client: Client) -> list[LibraryRow]:
    """Every module, the ones the therapist suggested first (two queries)."""
    progress = progress_by_slug(client)
    suggested = suggestions(client)
    rows = [LibraryRow(m, progress.get(m.slug), suggested.get(m.slug)) for m in catalogue.modules()]
    first = sorted((r for r in rows if r.suggestion), key=lambda r: r.suggestion.assigned_at)  # type: ignore[union-attr]
    return first + [r for r in rows if not r.suggestion]


@dataclass(frozen=True)
class HomeSummary:
    continue_reading: list[Module]
    suggested: list[Module]
    next_up: Module | None
    read: int
    total: int


def home_summary(client: Client) -> HomeSummary:
    """For the client's home: what they were reading, what their therapist suggested, what comes next."""
    rows = library_for(client)
    started = sorted(
        (r for r in rows if r.status == "in_progress"),
        key=lambda r: r.progress.opened_at,  # type: ignore[union-attr]
        reverse=True,
    )
    return HomeSummary(
        continue_reading=[r.module for r in started[:2]],
        suggested=[r.module for r in rows if r.suggestion and r.status != "read"][:3],
        next_up=next((r.module for r in sorted(rows, key=lambda r: r.module.order) if r.status == "new"), None),
        read=sum(1 for r in rows if r.status == "read"),
        total=len(rows),
    )


@dataclass(frozen=True)
class RecordSummary:
    read: int
    started: int
    total: int
    last_read: Module | None
    last_read_at: datetime | None
    shared: int


def record_summary(client: Client) -> RecordSummary:
    """For the therapist's client record: counts only, no journal text (two queries)."""
    modules = catalogue.catalogue().by_slug
    progress = [p for p in ReadingProgress.objects.filter(client=client) if p.slug in modules]
    finished = sorted((p for p in progress if p.finished_at), key=lambda p: p.finished_at, reverse=True)  # type: ignore[arg-type, return-value]
    return RecordSummary(
        read=len(finished),
        started=len(progress) - len(finished),
        total=len(modules),
        last_read=modules[finished[0].slug] if finished else None,
        last_read_at=finished[0].finished_at if finished else None,
        shared=JournalEntry.objects.filter(client=client, shared_with_therapist=True).count(),
    )


def entries_for_module(client: Client, module: Module) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(client=client, source=module.source_name))
