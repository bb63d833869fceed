"""Charts of scores over time, drawn on the server as accessible SVG (no script, no web fonts).

`render(chart)` is a pure function from data to an SVG string; every text is escaped. The SVG
uses presentation attributes only (fill, stroke, …), never a style attribute, so it passes the
CSP; the page shows the same data in a table for people who cannot see the chart.
"""

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from measures.definitions import Definition, fmt, score_range

WIDTH, HEIGHT = 600, 310
LEFT, RIGHT, TOP, BOTTOM = 44, 478, 28, 232  # the plot area; band labels sit to its right
INSET = 18  # first and last points sit this far inside the plot, off the axis
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
INK, MUTED, ACCENT, BAND, CUT = "#1f2a30", "#51606a", "#2f6b5e", "#8a4b12", "#9b2c2c"
MIN_TICK_GAP_Y, MIN_TICK_GAP_X = 14, 76


@dataclass(frozen=True)
class Region:
    """A band drawn from `low` up to `high` (the next band's start), labelled."""

    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Point:
    on: date
    score: float
    band: str | None = None
    change: str = ""  # the reliable-change class in words ("Improved"), or "" for none
    short: str = ""  # its short mark on the chart ("Imp")

    @property
    def shown(self) -> str:
        return fmt(self.score)


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: element ids derive from it
    title: str
    description: str
    y_min: float
    y_max: float
    points: tuple[Point, ...]
    regions: tuple[Region, ...] = ()
    cutoff: float | None = None
    higher_is_worse: bool = True


def chart_for(definition: Definition, scale_id: str, points: Sequence[Point], key: str) -> Chart:
    """A chart of one scale: its range, bands and cut-off from the definition."""
    scale = definition.scale_map[scale_id]
    low, high = (float(value) for value in score_range(definition, scale))
    bands = sorted(scale.bands, key=lambda band: band.min)
    regions = tuple(
        Region(float(band.min), float(bands[i + 1].min) if i + 1 < len(bands) else high, band.label)
        for i, band in enumerate(bands)
    )
    title = f"{definition.short_name}: {scale.title}" if scale_id != "total" else f"{definition.short_name} total"
    return Chart(
        key=key,
        title=f"{title} over time",
        description=describe(points, low, high),
        y_min=low,
        y_max=high,
        points=tuple(points),
        regions=regions,
        cutoff=float(scale.cutoff.value) if scale.cutoff else None,
        higher_is_worse=scale.improvement == "decrease",
    )


def describe(points: Sequence[Point], low: float, high: float) -> str:
    if not points:
        return f"No scores yet. The scale runs from {fmt(low)} to {fmt(high)}."
    first, last = points[0], points[-1]
    text = f"{len(points)} score{'s' if len(points) != 1 else ''} on a scale of {fmt(low)} to {fmt(high)}"
    text += f", from {day(first.on)} to {day(last.on)}. First {_scored(first)}"
    if len(points) > 1:
        text += f"; latest {_scored(last)}"
        if last.change:
            text += f", {last.change.lower()} against the first"
    return text + "."


def _scored(point: Point) -> str:
    return f"{fmt(point.score)} ({point.band})" if point.band else fmt(point.score)


def day(on: date) -> str:
    return f"{on.day} {on:%b %Y}"


def render(chart: Chart) -> str:
    """The chart as an SVG element with a title, a description and every point labelled."""
    ids = {"title": f"{chart.key}-title", "desc": f"{chart.key}-desc"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{_e(FONT)}" font-size="12" '
        f'fill="{INK}" aria-labelledby="{_e(ids["title"])} {_e(ids["desc"])}" class="score-chart">',
        f'<title id="{_e(ids["title"])}">{_e(chart.title)}</title>',
        f'<desc id="{_e(ids["desc"])}">{_e(chart.description)}</desc>',
    ]
    parts += _regions(chart)
    parts += _axes(chart)
    if chart.cutoff is not None:
        y = y_at(chart, chart.cutoff)
        parts.append(
            f'<g class="cutoff"><line x1="{LEFT}" x2="{RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{CUT}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{LEFT + 4}" y="{y - 4:.1f}" fill="{CUT}" font-size="11">'
            f"cut-off {_e(fmt(chart.cutoff))}</text></g>"
        )
    parts += _series(chart)
    parts += _legend(chart)
    parts.append("</svg>")
    return "".join(parts)


def x_at(chart: Chart, on: date) -> float:
    first, last = chart.points[0].on, chart.points[-1].on
    if first == last:
        return (LEFT + RIGHT) / 2
    span = (last - first).days
    return LEFT + INSET + (on - first).days / span * (RIGHT - LEFT - 2 * INSET)


def y_at(chart: Chart, score: float) -> float:
    span = chart.y_max - chart.y_min or 1
    return BOTTOM - (score - chart.y_min) / span * (BOTTOM - TOP)


def _regions(chart: Chart) -> list[str]:
    parts = []
    count = len(chart.regions)
    for index, region in enumerate(chart.regions):
        top, bottom = y_at(chart, region.high), y_at(chart, region.low)
        # Darker is further from well: the shade and the label say the same thing.
        severity = index if chart.higher_is_worse else count - 1 - index
        opacity = 0.04 + 0.16 * severity / max(count - 1, 1)
        parts.append(
            f'<g class="band"><rect x="{LEFT}" y="{top:.1f}" width="{RIGHT - LEFT}" height="{bottom - top:.1f}" '
            f'fill="{BAND}" fill-opacity="{opacity:.2f}"/>'
        )
        if bottom - top >= 11:
            lines = _wrap(region.label)
            y = (top + bottom) / 2 + 4 - 6.5 * (len(lines) - 1)
            spans = "".join(
                f'<tspan x="{RIGHT + 6}" dy="{13 if index else 0}">{_e(line)}</tspan>'
                for index, line in enumerate(lines)
            )
            parts.append(f'<text x="{RIGHT + 6}" y="{y:.1f}" fill="{MUTED}" font-size="11">{spans}</text>')
        parts.append("</g>")
    return parts


def _wrap(label: str, width: int = 18) -> list[str]:
    """A band label on one line, or two split at the space nearest the middle (the margin is narrow)."""
    if len(label) <= width or " " not in label:
        return [label]
    spaces = [index for index, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda index: abs(index - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _axes(chart: Chart) -> list[str]:
    parts = [
        f'<g class="axes" stroke="{MUTED}" stroke-width="1"><line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{BOTTOM}"/>'
        f'<line x1="{LEFT}" x2="{RIGHT}" y1="{BOTTOM}" y2="{BOTTOM}"/></g>'
    ]
    for value in y_ticks(chart):
        y = y_at(chart, value)
        parts.append(
            f'<g class="y-tick"><line x1="{LEFT - 4}" x2="{LEFT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{MUTED}"/>'
            f'<text x="{LEFT - 7}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="11">'
            f"{_e(fmt(value))}</text></g>"
        )
    previous_year = None
    for on in x_ticks(chart):
        x = x_at(chart, on)
        label = f"{on.day} {on:%b}"
        year = f"{on.year}" if on.year != previous_year else ""
        previous_year = on.year
        parts.append(
            f'<g class="x-tick"><line x1="{x:.1f}" x2="{x:.1f}" y1="{BOTTOM}" y2="{BOTTOM + 4}" stroke="{MUTED}"/>'
            f'<text x="{x:.1f}" y="{BOTTOM + 17}" text-anchor="middle" fill="{MUTED}" font-size="11">{_e(label)}'
            + (f'<tspan x="{x:.1f}" dy="13">{year}</tspan>' if year else "")
            + "</text></g>"
        )
    return parts


def y_ticks(chart: Chart) -> list[float]:
    """Band starts (or round numbers when there are no bands), the bottom and the top of the range."""
    if chart.regions:
        candidates = sorted({chart.y_min, *(region.low for region in chart.regions), chart.y_max})
    else:
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if (chart.y_max - chart.y_min) / s <= 6)
        start = chart.y_min
        candidates = [start + step * i for i in range(int((chart.y_max - start) // step) + 1)]
        candidates = sorted({*candidates, chart.y_max})
    ticks: list[float] = []
    for value in reversed(candidates):  # keep the top; drop whatever crowds the one above it
        if not ticks or y_at(chart, value) - y_at(chart, ticks[-1]) >= MIN_TICK_GAP_Y:
            ticks.append(value)
    return sorted(ticks)


def x_ticks(chart: Chart) -> list[date]:
    """The points' dates, thinned so labels never overlap; the first and the latest always shown."""
    dates = sorted({point.on for point in chart.points})
    if not dates:
        return []
    ticks = [dates[0]]
    for on in dates[1:]:
        if x_at(chart, on) - x_at(chart, ticks[-1]) >= MIN_TICK_GAP_X:
            ticks.append(on)
    if ticks[-1] != dates[-1]:
        if len(ticks) > 1:
            ticks.pop()
        if x_at(chart, dates[-1]) - x_at(chart, ticks[-1]) >= MIN_TICK_GAP_X:
            ticks.append(dates[-1])
    return ticks


def _series(chart: Chart) -> list[str]:
    if not chart.points:
        return [
            f'<text x="{(LEFT + RIGHT) / 2}" y="{(TOP + BOTTOM) / 2}" text-anchor="middle" fill="{MUTED}">'
            "No scores yet</text>"
        ]
    coordinates = [(x_at(chart, point.on), y_at(chart, point.score)) for point in chart.points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    parts = [f'<polyline class="line" points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>']
    previous_x = None
    raised = False
    for point, (x, y) in zip(chart.points, coordinates, strict=True):
        # Neighbours closer than a label's width take turns above at two heights.
        raised = not raised if previous_x is not None and x - previous_x < 34 else False
        previous_x = x
        label_y = y - (22 if raised else 9)
        if label_y < 11:
            label_y = y + (30 if raised else 18)
        spoken = f"{day(point.on)}: {fmt(point.score)}"
        spoken += f" ({point.band})" if point.band else ""
        spoken += f", {point.change.lower()}" if point.change else ""
        parts.append(
            f'<g class="point" data-score="{_e(fmt(point.score))}" data-on="{point.on.isoformat()}">'
            f"<title>{_e(spoken)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#ffffff" stroke="{ACCENT}" stroke-width="2"/>'
            + (
                f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="11" font-weight="600">'
                f"{_e(point.short)}</text>"
                if point.short
                else ""
            )
            + "</g>"
        )
    return parts


def _legend(chart: Chart) -> list[str]:
    used = list(dict.fromkeys((point.short, point.change) for point in chart.points if point.short and point.change))
    lines = [used[:3], used[3:]] if len(used) > 3 else [used]
    return [
        f'<text class="legend" x="{LEFT}" y="{HEIGHT - 24 + 15 * index}" fill="{MUTED}" font-size="11">'
        + _e(" · ".join(f"{short} = {change.lower()}" for short, change in line))
        + "</text>"
        for index, line in enumerate(lines)
        if line
    ]


def _e(text: str) -> str:
    return html.escape(text, quote=True)
