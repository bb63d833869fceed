"""The insights charts, drawn on the server as accessible SVG: pure functions from data to a string.

Like measures.charts: role="img" with a <title> and a <desc> the SVG is labelled by, presentation
attributes only (the CSP forbids style attributes), every text escaped. The page shows the same
numbers in a visually hidden table beside each chart.
"""

import html
from collections.abc import Sequence
from datetime import date

from tracking.insights import WEEKDAYS, Run, WeekValue

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
INK, MUTED, ACCENT, GRID, EMPTY = "#1f2a30", "#51606a", "#2f6b5e", "#c9d3d0", "#f1f4f3"
WIDTH = 400  # narrow, so the text stays readable when a phone scales the chart down


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _open(key: str, title: str, description: str, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{_e(FONT)}" font-size="14" '
        f'fill="{INK}" aria-labelledby="{_e(key)}-title {_e(key)}-desc" class="insight-chart">'
        f'<title id="{_e(key)}-title">{_e(title)}</title><desc id="{_e(key)}-desc">{_e(description)}</desc>'
    )


def _short(on: date) -> str:
    return f"{on.day} {on:%b}"


def heat_map(key: str, title: str, description: str, grid: Sequence[Sequence[int]]) -> str:
    """7 rows (Monday first) by 24 hours; darker is more urges. Each cell has its own <title>."""
    left, top, cell_w, cell_h = 38, 6, 15, 19
    height = top + 7 * cell_h + 24
    most = max((count for row in grid for count in row), default=0)
    parts = [_open(key, title, description, height)]
    for row, counts in enumerate(grid):
        y = top + row * cell_h
        parts.append(
            f'<text x="{left - 6}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end" fill="{MUTED}" '
            f'font-size="13">{_e(WEEKDAYS[row][:3])}</text>'
        )
        for hour, count in enumerate(counts):
            x = left + hour * cell_w
            fill, opacity = (EMPTY, 1.0) if not count else (ACCENT, 0.2 + 0.8 * count / most)
            label = f"{WEEKDAYS[row]}, {hour:02d}:00 to {hour:02d}:59: {count} urge{'s' if count != 1 else ''}"
            parts.append(
                f'<rect class="cell" x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" rx="2" '
                f'fill="{fill}" fill-opacity="{opacity:.2f}" data-day="{row}" data-hour="{hour}" '
                f'data-count="{count}"><title>{_e(label)}</title></rect>'
            )
    for hour in range(0, 24, 3):
        middle = left + hour * cell_w + (cell_w - 2) / 2
        parts.append(
            f'<text x="{middle:.1f}" y="{top + 7 * cell_h + 16}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="13">{hour:02d}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bars(key: str, title: str, description: str, items: Sequence[tuple[str, int]], empty: str) -> str:
    """Horizontal bars, one a row, labelled with their count."""
    left, top, row_h, label_w = 2, 4, 26, 168
    height = top + max(len(items), 1) * row_h + 6
    parts = [_open(key, title, description, height)]
    if not items:
        parts.append(f'<text x="{left}" y="{top + 18}" fill="{MUTED}">{_e(empty)}</text></svg>')
        return "".join(parts)
    most = max(count for _, count in items) or 1
    span = WIDTH - left - label_w - 36
    for index, (label, count) in enumerate(items):
        y = top + index * row_h
        shown = label if len(label) <= 20 else label[:19].rstrip() + "…"
        width = max(span * count / most, 2 if count else 0)
        parts.append(
            f'<g class="bar"><text x="{left}" y="{y + 17}" fill="{INK}" font-size="13">{_e(shown)}</text>'
            f'<rect x="{left + label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 10}" rx="2" fill="{ACCENT}"/>'
            f'<text x="{left + label_w + width + 6:.1f}" y="{y + 17}" fill="{INK}">{count}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def weekly_line(
    key: str, title: str, description: str, weeks: Sequence[WeekValue], low: float, high: float, empty: str
) -> str:
    """Weekly averages as a line with a dot a week, on a fixed scale from ``low`` to ``high``."""
    left, right, top, bottom = 26, WIDTH - 8, 10, 150
    height = bottom + 30
    parts = [_open(key, title, description, height)]

    def y_at(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    for tick in (low, (low + high) / 2, high):
        y = y_at(tick)
        parts.append(
            f'<g class="y-tick"><line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="13">'
            f"{tick:g}</text></g>"
        )
    if not weeks:
        parts.append(
            f'<text x="{(left + right) / 2}" y="{(top + bottom) / 2}" text-anchor="middle" fill="{MUTED}">'
            f"{_e(empty)}</text></svg>"
        )
        return "".join(parts)
    first, last = weeks[0].week, weeks[-1].week
    span = (last - first).days or 1

    def x_at(on: date) -> float:
        if first == last:
            return (left + right) / 2
        return left + 10 + (on - first).days / span * (right - left - 20)

    points = " ".join(f"{x_at(w.week):.1f},{y_at(w.value):.1f}" for w in weeks)
    parts.append(f'<polyline class="line" points="{points}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    radius = 3 if len(weeks) <= 60 else 1.5
    for week in weeks:
        parts.append(
            f'<circle class="point" cx="{x_at(week.week):.1f}" cy="{y_at(week.value):.1f}" r="{radius}" '
            f'fill="{ACCENT}"><title>{_e(f"Week of {_short(week.week)} {week.week.year}: {week.value:g}")}</title>'
            "</circle>"
        )
    shown = [first] if first == last else [first, last]
    for on, anchor in zip(shown, ("start", "end") if len(shown) == 2 else ("middle",), strict=True):
        parts.append(
            f'<text x="{x_at(on):.1f}" y="{bottom + 18}" text-anchor="{anchor}" fill="{MUTED}" font-size="13">'
            f"{_e(_short(on))} {on.year}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def streak_history(key: str, title: str, description: str, runs: Sequence[Run]) -> str:
    """Each sober run as a column, oldest on the left; the current one drawn in the accent colour."""
    left, right, top, bottom = 2, WIDTH - 2, 18, 140
    height = bottom + 30
    parts = [_open(key, title, description, height)]
    if not runs:
        parts.append(f'<text x="{left}" y="{top + 18}" fill="{MUTED}">No sober days counted yet.</text></svg>')
        return "".join(parts)
    most = max(run.days for run in runs) or 1
    slot = (right - left) / len(runs)
    width = max(min(slot - 4, 48), 1)
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>')
    for index, run in enumerate(runs):
        x = left + index * slot + (slot - width) / 2
        bar = (bottom - top) * run.days / most
        fill = ACCENT if run.current else MUTED
        label = f"{run.days} sober day{'s' if run.days != 1 else ''}, {_short(run.first)} {run.first.year}"
        label += " to now" if run.current else f" to {_short(run.last)} {run.last.year}"
        parts.append(
            f'<rect class="run" x="{x:.1f}" y="{bottom - bar:.1f}" width="{width:.1f}" height="{bar:.1f}" '
            f'fill="{fill}" data-days="{run.days}"><title>{_e(label)}</title></rect>'
        )
        if slot >= 22:
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{bottom - bar - 4:.1f}" text-anchor="middle" '
                f'font-size="13">{run.days}</text>'
            )
    parts.append(
        f'<text x="{left}" y="{bottom + 18}" fill="{MUTED}" font-size="13">{_e(_short(runs[0].first))} '
        f'{runs[0].first.year}</text><text x="{right}" y="{bottom + 18}" text-anchor="end" fill="{MUTED}" '
        f'font-size="13">{"Now" if runs[-1].current else _e(_short(runs[-1].last))}</text></svg>'
    )
    return "".join(parts)
