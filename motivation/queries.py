"""Reading the client's motivation work: snapshots, how they changed, the rulers over time.

Every function runs a fixed number of queries, however long the history.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404

from caseload.models import Client
from measures import catalogue, registry
from measures.definitions import Definition
from measures.models import Administration
from measures.progress import answers_of, free_text_of
from measures.scoring import item_text
from motivation.actions import ValueChoice, boxes_of, values_of
from motivation.models import BOX_GUIDE, BOX_SHORT, BalanceVersion, Box, ChosenValue, ValuesVersion
from privacy.access_log import zone_of

RULERS = "readiness"
RULER_KEYS = ("importance", "confidence", "readiness")
RULER_TITLES = {"importance": "Importance", "confidence": "Confidence", "readiness": "Readiness"}
RECENT = 12


# The decisional balance.


@dataclass(frozen=True)
class BalanceEntry:
    """A snapshot in a list: when, and how many items were in each box (no text)."""

    version: BalanceVersion
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def labelled(self) -> list[tuple[str, int]]:
        return [(BOX_SHORT[box], count) for box, count in self.counts.items()]


def balance_entries(client: Client, limit: int | None = None) -> list[BalanceEntry]:
    """Snapshots newest first, with the number of items in each box (one query)."""
    counts = {box: Count("items", filter=Q(items__box=box)) for box in Box.values}
    # Meta.ordering does not apply to a GROUP BY query, so say it again.
    rows = BalanceVersion.objects.filter(client=client).annotate(**counts).order_by("-created_at", "-pk")
    if limit is not None:
        rows = rows[:limit]
    return [BalanceEntry(row, {box: getattr(row, box) for box in Box.values}) for row in rows]


@dataclass(frozen=True)
class Line:
    text: str
    new: bool = False


@dataclass(frozen=True)
class BoxView:
    box: str
    title: str
    question: str
    example: str
    lines: list[Line]
    gone: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.gone


@dataclass(frozen=True)
class BalanceView:
    """A snapshot's four boxes, marked against an earlier snapshot when there is one."""

    version: BalanceVersion
    since: BalanceVersion | None
    boxes: list[BoxView]

    @property
    def added(self) -> int:
        return sum(line.new for view in self.boxes for line in view.lines)

    @property
    def removed(self) -> int:
        return sum(len(view.gone) for view in self.boxes)


def compare(version: BalanceVersion, since: BalanceVersion | None) -> BalanceView:
    """What is in each box now, which items are new, which are no longer there (items prefetched)."""
    now = boxes_of(version)
    before = boxes_of(since) if since is not None else None
    boxes = []
    for box in Box.values:
        question, example = BOX_GUIDE[box]
        earlier = before[box] if before is not None else None
        lines = [Line(text, new=earlier is not None and text not in earlier) for text in now[box]]
        gone = [text for text in earlier if text not in now[box]] if earlier is not None else []
        boxes.append(BoxView(box, Box(box).label, question, example, lines, gone))
    return BalanceView(version, since, boxes)


def _snapshot(client: Client, version_id: uuid.UUID | str) -> BalanceVersion:
    rows = BalanceVersion.objects.filter(client=client).prefetch_related("items")
    try:
        return rows.get(public_id=version_id)
    except (BalanceVersion.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404("No such snapshot") from exc


def balance_view(
    client: Client, version_id: uuid.UUID | str | None = None, since_id: uuid.UUID | str | None = None
) -> BalanceView | None:
    """A snapshot (the newest if not named) against `since` (the one before it if not named); 404 if not theirs."""
    if version_id is None:
        newest = list(BalanceVersion.objects.filter(client=client).prefetch_related("items")[:2])
        if not newest:
            return None
        version, previous = newest[0], (newest[1] if len(newest) > 1 else None)
    else:
        version = _snapshot(client, version_id)
        earlier = BalanceVersion.objects.filter(client=client).filter(
            Q(created_at__lt=version.created_at) | Q(created_at=version.created_at, pk__lt=version.pk)
        )
        previous = None if since_id else earlier.prefetch_related("items").first()
    since = _snapshot(client, since_id) if since_id else previous
    if since is not None and since.pk == version.pk:
        since = None
    return compare(version, since)


# The rulers (the measures app's readiness instrument).


@dataclass(frozen=True)
class RulerScore:
    key: str
    title: str
    score: int
    change: int | None  # against the result before, None for the first

    @property
    def size(self) -> int:
        """How far it moved, either way."""
        return abs(self.change or 0)


@dataclass(frozen=True)
class RulerResult:
    administration: Administration
    on: date
    scores: list[RulerScore]
    notes: list[tuple[str, str]]  # (the follow-up question as asked, the answer)

    def score(self, key: str) -> RulerScore | None:
        return next((score for score in self.scores if score.key == key), None)


def rulers_definition(client: Client) -> Definition | None:
    try:
        return catalogue.definition_for(client.practice, RULERS)
    except registry.UnknownInstrument:
        return None


def _ruler_scores(administration: Administration) -> dict[str, int]:
    subscales = administration.result_data.get("subscales") or {}
    return {
        key: int(subscales[key]["score"]) for key in RULER_KEYS if (subscales.get(key) or {}).get("score") is not None
    }


def ruler_results(client: Client, limit: int | None = None, notes: bool = True) -> list[RulerResult]:
    """The client's ruler results newest first, each score with its change from the one before (one query)."""
    definition = rulers_definition(client)
    rows = Administration.objects.current().filter(client=client, instrument_id=RULERS).order_by("-submitted_at", "-pk")
    if not notes:
        rows = rows.defer("free_text")
    if limit is not None:
        rows = rows[: limit + 1]  # one more, to say how the oldest shown moved
    found = list(rows)
    zone = zone_of(client)
    results = []
    for index, row in enumerate(found[:limit] if limit is not None else found):
        scores = _ruler_scores(row)
        before = _ruler_scores(found[index + 1]) if index + 1 < len(found) else {}
        moment = row.submitted_at or row.created_at
        results.append(
            RulerResult(
                administration=row,
                on=moment.astimezone(zone).date(),
                scores=[
                    RulerScore(key, RULER_TITLES[key], value, value - before[key] if key in before else None)
                    for key, value in scores.items()
                ],
                notes=_notes(definition, row) if notes and definition is not None else [],
            )
        )
    return results


def _notes(definition: Definition, administration: Administration) -> list[tuple[str, str]]:
    answers = answers_of(administration)
    written = free_text_of(administration)
    return [
        (f"{RULER_TITLES.get(item.follows or '', '')}: {item_text(definition, item.id, answers)}", written[item.id])
        for item in definition.items
        if item.id in written and written[item.id].strip()
    ]


def waiting_rulers(client: Client) -> Administration | None:
    """Rulers already waiting for the client (asked by their therapist, or started and not sent)."""
    return Administration.objects.open().filter(client=client, instrument_id=RULERS).order_by("due_on", "pk").first()


# What matters to me.


@dataclass(frozen=True)
class ValuesChange:
    """One snapshot of values and how it differs from the one before."""

    version: ValuesVersion
    values: list[ValueChoice]
    first: bool
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    now_top: list[str] = field(default_factory=list)
    no_longer_top: list[str] = field(default_factory=list)
    reworded: list[str] = field(default_factory=list)

    @property
    def top(self) -> list[ValueChoice]:
        return [value for value in self.values if value.top]

    @property
    def others(self) -> list[ValueChoice]:
        return [value for value in self.values if not value.top]


def _change(version: ValuesVersion, older: ValuesVersion | None) -> ValuesChange:
    values = values_of(version)
    if older is None:
        return ValuesChange(version, values, first=True)
    before = {value.name: value for value in values_of(older)}
    after = {value.name: value for value in values}
    return ValuesChange(
        version,
        values,
        first=False,
        added=[name for name in after if name not in before],
        removed=[name for name in before if name not in after],
        now_top=[name for name, value in after.items() if value.top and name in before and not before[name].top],
        no_longer_top=[name for name, value in after.items() if not value.top and name in before and before[name].top],
        reworded=[
            name
            for name, value in after.items()
            if name in before and (value.why, value.fit) != (before[name].why, before[name].fit)
        ],
    )


def values_history(client: Client, limit: int | None = None) -> list[ValuesChange]:
    """Snapshots newest first, each with what changed from the one before it (two queries)."""
    rows = ValuesVersion.objects.filter(client=client).prefetch_related("chosen")
    found = list(rows[: limit + 1] if limit is not None else rows)
    shown = found[:limit] if limit is not None else found
    return [
        _change(version, found[index + 1] if index + 1 < len(found) else None) for index, version in enumerate(shown)
    ]


def current_values(client: Client) -> list[ChosenValue]:
    """The newest snapshot's values, most important first (one query)."""
    newest = ValuesVersion.objects.filter(client=client).order_by("-created_at", "-pk").values("pk")[:1]
    rows = ChosenValue.objects.filter(version__in=newest).select_related("version")
    return list(rows.order_by("-top", "order", "pk"))


# How motivation moved: one timeline across the three tools.


@dataclass(frozen=True)
class Event:
    kind: str  # "balance", "rulers" or "values"
    at: datetime
    on: date
    title: str
    lines: list[str]
    ref: uuid.UUID


def _balance_event(entry: BalanceEntry, zone: ZoneInfo) -> Event:
    at = entry.version.created_at
    lines = [f"{BOX_SHORT[box]} {count}" for box, count in entry.counts.items()]
    return Event("balance", at, at.astimezone(zone).date(), "Decisional balance saved", lines, entry.version.public_id)


def _ruler_event(result: RulerResult) -> Event:
    lines = [f"{score.title} {score.score}{_moved(score.change)}" for score in result.scores]
    moment = result.administration.submitted_at or result.administration.created_at
    return Event("rulers", moment, result.on, "Rulers", lines, result.administration.public_id)


def _moved(change: int | None) -> str:
    if not change:
        return ""
    return f" (up {change})" if change > 0 else f" (down {-change})"


def _values_event(change: ValuesChange, zone: ZoneInfo) -> Event:
    at = change.version.created_at
    if change.first:
        lines = [f"Chose {_names([value.name for value in change.values])}"]
        if change.top:
            lines.append(f"Most important: {_names([value.name for value in change.top])}")
    else:
        lines = [
            text
            for text in (
                change.added and f"Added {_names(change.added)}",
                change.removed and f"Took off {_names(change.removed)}",
                change.now_top and f"Now among the most important: {_names(change.now_top)}",
                change.no_longer_top and f"No longer among the most important: {_names(change.no_longer_top)}",
                change.reworded and f"Rewrote the lines for {_names(change.reworded)}",
            )
            if text
        ]
    return Event("values", at, at.astimezone(zone).date(), "What matters to me", lines, change.version.public_id)


def _names(names: Sequence[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def timeline(
    zone: ZoneInfo, balances: Sequence[BalanceEntry], rulers: Sequence[RulerResult], values: Sequence[ValuesChange]
) -> list[Event]:
    """The changes across the three tools, newest first, from lists already read."""
    events = [_balance_event(entry, zone) for entry in balances]
    events += [_ruler_event(result) for result in rulers]
    events += [_values_event(change, zone) for change in values]
    return sorted(events, key=lambda event: event.at, reverse=True)


@dataclass(frozen=True)
class Overview:
    """The three tools at a glance, and the latest moves across them."""

    balances: list[BalanceEntry]  # the newest few
    balance_count: int
    rulers: list[RulerResult]  # the newest few, without the follow-up answers
    values: list[ValuesChange]  # the newest few
    events: list[Event]
    waiting: Administration | None

    @property
    def latest_balance(self) -> BalanceEntry | None:
        return self.balances[0] if self.balances else None

    @property
    def latest_rulers(self) -> RulerResult | None:
        return self.rulers[0] if self.rulers else None

    @property
    def latest_values(self) -> ValuesChange | None:
        return self.values[0] if self.values else None


def overview(client: Client, limit: int = RECENT) -> Overview:
    """Six queries, however long the history."""
    balances = balance_entries(client, limit)
    rulers = ruler_results(client, limit, notes=False)
    values = values_history(client, limit)
    return Overview(
        balances=balances,
        balance_count=BalanceVersion.objects.filter(client=client).count(),
        rulers=rulers,
        values=values,
        events=timeline(zone_of(client), balances, rulers, values)[:limit],
        waiting=waiting_rulers(client),
    )
