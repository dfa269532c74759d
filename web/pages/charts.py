"""Server-side SVG charts: pure functions from plain data to an SVG string (no JavaScript, no CDN).

Every chart is accessible: ``role="img"``, a ``<title>`` and a text alternative in ``aria-label``; colours come
from CSS classes in ``static/qualicoop.css`` so the Content-Security-Policy needs no inline style.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from html import escape

Number = int | float | Decimal

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 150
VALUE_WIDTH = 48


def _fmt(value: Number) -> str:
    number = Decimal(str(value))
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _open(width: int, height: int, title: str, summary: str, css: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {escape(css)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(summary)}">'
        f"<title>{escape(title)}</title>"
    )


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    classes: Sequence[str] | None = None,
    width: int = 420,
    empty: str = "Aucune donnée.",
) -> str:
    """Horizontal bars, one per ``(label, value)``; ``classes`` colours each bar (e.g. a phase code)."""
    if not items:
        return f'<p class="chart-empty">{escape(empty)}</p>'
    top = max((float(value) for _, value in items), default=0.0) or 1.0
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    room = width - LABEL_WIDTH - VALUE_WIDTH
    summary = title + " : " + " ; ".join(f"{label} {_fmt(value)}" for label, value in items)
    parts = [_open(width, height, title, summary, "chart-bars")]
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(0.0, float(value)) / top * room
        css = f"bar bar-{escape(classes[index])}" if classes else "bar"
        shown = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f"<g><title>{escape(label)} : {_fmt(value)}</title>"
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end">{escape(shown)}</text>'
            f'<rect class="{css}" x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT - 6}">{_fmt(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: Sequence[tuple[str, Number]], *, title: str, width: int = 420, height: int = 200,
                 empty: str = "Aucune donnée.") -> str:  # fmt: skip
    """Vertical columns, one per ``(label, value)`` (e.g. verdicts per year)."""
    if not items:
        return f'<p class="chart-empty">{escape(empty)}</p>'
    top = max((float(value) for _, value in items), default=0.0) or 1.0
    base, head = height - 24, 18
    step = width / len(items)
    bar = min(56.0, step * 0.6)
    summary = title + " : " + " ; ".join(f"{label} {_fmt(value)}" for label, value in items)
    parts = [_open(width, height, title, summary, "chart-columns"),
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


def measurement_chart(points: Sequence[tuple[str, Number]], *, target: object = None, baseline: object = None,
                      unit: str = "", title: str = "Mesures", width: int = 320, height: int = 120) -> str:  # fmt: skip
    """A small column chart of an indicator's measurements, with its target drawn as a dashed line."""
    goal, start = _number(target), _number(baseline)
    if not points:
        return '<p class="chart-empty">Pas encore de mesure.</p>'
    values = [float(value) for _, value in points]
    top = max([*values, goal or 0.0, start or 0.0]) or 1.0
    base, head, left = height - 20, 14, 6
    step = (width - left) / len(points)
    bar = min(28.0, step * 0.6)
    scale = (base - head) / top
    summary = f"{title} ({unit}) : " + " ; ".join(f"{day} {_fmt(value)}" for day, value in points)
    if goal is not None:
        summary += f" ; cible {_fmt(Decimal(str(target)))}"
    parts = [_open(width, height, title, summary, "chart-measures"),
             f'<line class="axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>']  # fmt: skip
    for index, (day, value) in enumerate(points):
        x = left + index * step + (step - bar) / 2
        length = max(0.0, float(value)) * scale
        parts.append(
            f"<g><title>{escape(day)} : {_fmt(value)} {escape(unit)}</title>"
            f'<rect class="bar" x="{x:.1f}" y="{base - length:.1f}" width="{bar:.1f}" height="{length:.1f}" rx="2"/>'
            f'<text class="chart-value" x="{x + bar / 2:.1f}" y="{base - length - 3:.1f}" text-anchor="middle">{_fmt(value)}</text>'
            f'<text class="chart-label" x="{x + bar / 2:.1f}" y="{height - 5}" text-anchor="middle">{escape(day[:7])}</text></g>'
        )
    if goal is not None:
        y = base - goal * scale
        parts.append(f'<line class="target" x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}"/>'
                     f'<text class="chart-target" x="{width - 2}" y="{y - 3:.1f}" text-anchor="end">cible {_fmt(Decimal(str(target)))}</text>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)
