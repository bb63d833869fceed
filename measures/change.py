"""Change over time: each follow-up against the baseline (the first current result of an instrument).

`history()` turns one client's current results of one instrument into what the therapist's page
shows: a row per result with every score, its band and its change, and a chart per scale.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.safestring import SafeString, mark_safe

from measures import charts
from measures.definitions import Definition
from measures.models import Administration
from measures.scoring import Classification, ScoringError, reliable_change


@dataclass(frozen=True)
class Change:
    kind: str  # "baseline" or a scoring.Classification value
    label: str
    short: str  # the chart's mark
    pill: str  # the pill's classes; its words say the same, so colour is never the only signal


BASELINE = Change("baseline", "Baseline", "Base", "pill grey")
CHANGES = {
    Classification.RECOVERED: Change(Classification.RECOVERED, "Recovered", "Rec", "pill"),
    Classification.IMPROVED: Change(Classification.IMPROVED, "Improved", "Imp", "pill"),
    Classification.NO_RELIABLE_CHANGE: Change(
        Classification.NO_RELIABLE_CHANGE, "No reliable change", "NRC", "pill grey"
    ),
    Classification.DETERIORATED: Change(Classification.DETERIORATED, "Deteriorated", "Det", "pill warn"),
}


def change_for(definition: Definition, scale_id: str, baseline: float, follow_up: float) -> Change | None:
    """The follow-up's reliable-change class, or None where the scale has no parameters for it."""
    scale = definition.scale_map.get(scale_id)
    if scale is None or scale.reliable_change is None:
        return None
    try:
        return CHANGES[reliable_change(definition, scale_id, baseline, follow_up)]
    except ScoringError:
        return None  # a score outside this version's range (scored with another version): say nothing


def against_baseline(definition: Definition, scale_id: str, scores: Sequence[float]) -> list[Change | None]:
    """One entry per score, in order: the first is the baseline, each later one classified against it."""
    if not scores:
        return []
    scale = definition.scale_map.get(scale_id)
    first: Change | None = BASELINE if scale is not None and scale.reliable_change is not None else None
    return [first] + [change_for(definition, scale_id, scores[0], score) for score in scores[1:]]


def completed_on(administration: Administration, zone: ZoneInfo) -> date:
    """The day the answers were given, in the client's zone (a correction keeps its original's day)."""
    moment = administration.submitted_at or administration.created_at
    return moment.astimezone(zone).date()


@dataclass(frozen=True)
class ScaleCell:
    id: str
    title: str
    score: int | float
    band: str | None
    clinical: bool | None
    change: Change | None


@dataclass(frozen=True)
class ResultRow:
    administration: Administration
    on: date
    cells: tuple[ScaleCell, ...]
    screen: str | None
    flagged: bool

    @property
    def total(self) -> ScaleCell | None:
        return next((cell for cell in self.cells if cell.id == "total"), None)

    @property
    def subscales(self) -> tuple[ScaleCell, ...]:
        return tuple(cell for cell in self.cells if cell.id != "total")


@dataclass(frozen=True)
class ScaleHistory:
    id: str
    title: str
    points: tuple[charts.Point, ...]
    svg: SafeString


@dataclass(frozen=True)
class InstrumentHistory:
    definition: Definition
    rows: tuple[ResultRow, ...]  # newest first, as the table shows them
    scales: tuple[ScaleHistory, ...]

    @property
    def has_total(self) -> bool:
        return any(row.total for row in self.rows)

    @property
    def has_subscales(self) -> bool:
        return any(row.subscales for row in self.rows)

    @property
    def has_screen(self) -> bool:
        return any(row.screen for row in self.rows)


def _scores(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    scores = {"total": result["total"]} if result.get("total") else {}
    scores.update(result.get("subscales") or {})
    return scores


def _point(on: date, value: dict[str, Any], change: Change | None) -> charts.Point:
    return charts.Point(
        on=on,
        score=float(value["score"]),
        band=value.get("band"),
        change=change.label if change else "",
        short=change.short if change else "",
    )


def history(
    definition: Definition, administrations: Sequence[Administration], zone: ZoneInfo, key: str
) -> InstrumentHistory:
    """Rows and charts for one instrument's current results, given oldest first. No queries."""
    days = [completed_on(administration, zone) for administration in administrations]
    scores = [_scores(administration.result_data) for administration in administrations]
    changes: dict[str, list[Change | None]] = {}
    scales = []
    for scale_id, scale in definition.scale_map.items():
        # Results from a version without this scale simply have no point on its chart.
        present = [(index, s[scale_id]) for index, s in enumerate(scores) if s.get(scale_id)]
        classes = against_baseline(definition, scale_id, [float(value["score"]) for _, value in present])
        by_index = {index: change for (index, _), change in zip(present, classes, strict=True)}
        changes[scale_id] = [by_index.get(index) for index in range(len(administrations))]
        points = tuple(_point(days[index], value, by_index[index]) for index, value in present)
        chart = charts.chart_for(definition, scale_id, points, key=f"{key}-{scale_id}")
        title = scale.title if scale_id != "total" else f"{definition.short_name} total"
        scales.append(
            ScaleHistory(scale_id, title, points, mark_safe(charts.render(chart)))
        )  # escaped by charts.render
    rows = []
    for index, administration in enumerate(administrations):
        result = administration.result_data
        cells = tuple(
            ScaleCell(
                id=scale_id,
                title=definition.scale_map[scale_id].title if scale_id in definition.scale_map else scale_id,
                score=value["score"],
                band=value.get("band"),
                clinical=value.get("clinical"),
                change=changes.get(scale_id, [None] * len(administrations))[index],
            )
            for scale_id, value in scores[index].items()
            if value
        )
        screen = result.get("screen") or {}
        rows.append(
            ResultRow(
                administration=administration,
                on=days[index],
                cells=cells,
                screen=screen.get("label"),
                flagged=bool(result.get("alert_severity")),
            )
        )
    rows.reverse()
    return InstrumentHistory(definition=definition, rows=tuple(rows), scales=tuple(scales))
