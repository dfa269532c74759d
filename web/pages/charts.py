"""Server-side SVG charts: pure functions from plain data to an SVG string (no JavaScript, no CDN).

Every chart is accessible: ``role="img"``, a ``<title>`` and a text alternative in ``aria-label``; colours come
from CSS classes in ``static/qualicoop.css`` so the Content-Security-Policy needs no inline style.

Charts are drawn at the width they are shown (``width`` is both the viewBox and the largest size; CSS only ever
shrinks them on a narrower screen), so their 12 px labels read at 12 px on the dashboard's cards. Labels never
share a line with a bar: a bar's label sits above it, its value after it; a target is named in a legend above the
plot, not on its line; measurements stand on a real time scale (their dates' distances kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from html import escape

from qualicoop_es.queries.vocabulary import MONTHS, french_date
from web.typography import french_number

Number = int | float | Decimal

#: A bar chart's row: its label (12 px) on a line, the bar under it, then the gap to the next row.
LABEL_LINE, BAR_HEIGHT, GAP = 16, 16, 10
VALUE_WIDTH = 40
#: The dashboard's cards are at least 258 px wide inside: a chart this wide is never shrunk there.
CARD_WIDTH = 258


def _fmt(value: Number) -> str:
    return french_number(value)


def _open(width: int, height: int, title: str, summary: str, css: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {escape(css)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(summary)}">'
        f"<title>{escape(title)}</title>"
    )


def _summary(title: str, items: Sequence[tuple[str, Number]]) -> str:
    return title + " : " + " ; ".join(f"{label} {_fmt(value)}" for label, value in items)


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    classes: Sequence[str] | None = None,
    width: int = CARD_WIDTH,
    empty: str = "Aucune donnée.",
) -> str:
    """Horizontal bars, one per ``(label, value)``, each under its label; ``classes`` colours each bar."""
    if not items:
        return f'<p class="chart-empty">{escape(empty)}</p>'
    top = max((float(value) for _, value in items), default=0.0) or 1.0
    row = LABEL_LINE + BAR_HEIGHT + GAP
    room = width - VALUE_WIDTH
    parts = [_open(width, len(items) * row, title, _summary(title, items), "chart-bars")]
    for index, (label, value) in enumerate(items):
        y = index * row + LABEL_LINE
        length = max(0.0, float(value)) / top * room
        css = f"bar bar-{escape(classes[index])}" if classes else "bar"
        parts.append(
            f"<g><title>{escape(label)} : {_fmt(value)}</title>"
            f'<text class="chart-label" x="0" y="{y - 4}">{escape(label)}</text>'
            f'<rect class="{css}" x="0" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3"/>'
            f'<text class="chart-value" x="{length + 6:.1f}" y="{y + BAR_HEIGHT - 3}">{_fmt(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: Sequence[tuple[str, Number]], *, title: str, width: int = CARD_WIDTH, height: int = 180,
                 empty: str = "Aucune donnée.") -> str:  # fmt: skip
    """Vertical columns, one per ``(label, value)`` (e.g. verdicts per year)."""
    if not items:
        return f'<p class="chart-empty">{escape(empty)}</p>'
    top = max((float(value) for _, value in items), default=0.0) or 1.0
    base, head = height - 24, 18
    step = width / len(items)
    bar = min(56.0, step * 0.6)
    parts = [_open(width, height, title, _summary(title, items), "chart-columns"),
             f'<line class="axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>']  # fmt: skip
    for index, (label, value) in enumerate(items):
        x = index * step + (step - bar) / 2
        length = max(0.0, float(value)) / top * (base - head)
        parts.append(
            f"<g><title>{escape(label)} : {_fmt(value)}</title>"
            f'<rect class="bar" x="{x:.1f}" y="{base - length:.1f}" width="{bar:.1f}" height="{length:.1f}" rx="3"/>'
            f'<text class="chart-value" x="{x + bar / 2:.1f}" y="{base - length - 4:.1f}" text-anchor="middle">{_fmt(value)}</text>'
            f'<text class="chart-label" x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def month_year(day: date) -> str:
    """« mars 2023 »: an axis's date."""
    return f"{MONTHS[day.month - 1]} {day.year}"


class TimeScale:
    """Days to x positions, their distances kept: the first measurement at ``left``, the last at ``right``."""

    def __init__(self, days: Sequence[date], left: float, right: float) -> None:
        self.first, self.span = min(days), max((max(days) - min(days)).days, 1)
        self.left, self.right = left, right
        self.single = len(set(days)) == 1

    def x(self, day: date) -> float:
        if self.single:
            return (self.left + self.right) / 2
        return self.left + (day - self.first).days / self.span * (self.right - self.left)

    def ticks(self, days: Sequence[date]) -> list[tuple[float, str, str]]:
        """(x, text, anchor): the first and last dates, and each 1 January between them with room to show."""
        first, last = min(days), max(days)
        if self.single:
            return [(self.x(first), month_year(first), "middle")]
        start, end = month_year(first), month_year(last)
        marks = [(self.left, start, "start"), (self.right, end, "end")]
        free_from, free_to = self.left + text_width(start) + TICK_GAP, self.right - text_width(end) - TICK_GAP
        for year in range(first.year + 1, last.year + 1):
            x, half = self.x(date(year, 1, 1)), text_width(str(year)) / 2
            if x - half >= free_from and x + half <= free_to:  # never over the first or last date, nor the one before
                marks.append((x, str(year), "middle"))
                free_from = x + half + TICK_GAP
        return marks


#: The room kept between two dates of an axis (px).
TICK_GAP = 8.0


def text_width(text: str) -> float:
    """A generous width of ``text`` in the charts' 12 px labels (about 6.6 px a character in the sans-serif fonts
    the pages use): what an axis keeps free for it."""
    return len(text) * 6.6


def measurement_chart(points: Sequence[tuple[str, Number]], *, target: object = None, baseline: object = None,
                      unit: str = "", title: str = "Mesures", width: int = 320, height: int = 150) -> str:  # fmt: skip
    """An indicator's measurements on a time scale (dots joined by a line), with its target as a dashed line named
    in a legend above the plot."""
    goal, start = _number(target), _number(baseline)
    if not points:
        return '<p class="chart-empty">Pas encore de mesure.</p>'
    days = [date.fromisoformat(str(day)[:10]) for day, _ in points]
    values = [float(value) for _, value in points]
    top = max([*values, goal or 0.0, start or 0.0]) or 1.0
    legend, base = 16, height - 22
    plot_top = legend + 18
    scale = (base - plot_top) / top
    axis = TimeScale(days, 24.0, width - 24.0)
    summary = f"{title} ({unit}) : " + " ; ".join(
        f"{french_date(d)} {_fmt(v)}" for d, v in zip(days, values, strict=True)
    )
    parts = [_open(width, height, title, summary, "chart-measures"),
             f'<line class="axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>']  # fmt: skip
    if goal is not None:
        y = base - goal * scale
        parts.append(f'<line class="target" x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}"/>'
                     f'<line class="target" x1="4" y1="{legend - 4}" x2="24" y2="{legend - 4}"/>'
                     f'<text class="chart-target" x="28" y="{legend}">cible {_fmt(Decimal(str(target)))} {escape(unit)}</text>')  # fmt: skip
    line = " ".join(f"{axis.x(d):.1f},{base - max(0.0, v) * scale:.1f}" for d, v in zip(days, values, strict=True))
    parts.append(f'<polyline class="series" points="{line}"/>')
    crowded = -100.0  # a value's label under its dot when the previous label is too close on its line
    for day, value in zip(days, values, strict=True):
        x, y = axis.x(day), base - max(0.0, value) * scale
        below = x - crowded < 34 and y + 17 < base
        crowded = -100.0 if below else x
        parts.append(
            f"<g><title>{french_date(day)} : {_fmt(value)} {escape(unit)}</title>"
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
            f'<text class="chart-value" x="{x:.1f}" y="{y + 17 if below else y - 7:.1f}" text-anchor="middle">{_fmt(value)}</text></g>'
        )
    for x, text, anchor in axis.ticks(days):
        parts.append(f'<text class="chart-label" x="{x:.1f}" y="{height - 5}" text-anchor="{anchor}">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)
