"""Small server-side SVG charts for the reports (no script, no CDN; colours as SVG attributes, so neither a
standalone file nor a page under a strict Content-Security-Policy needs a stylesheet for them)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

CURRENT, PREVIOUS = "#1f5f8b", "#9fbcd1"
ROW, BAR, LABEL, VALUE = 30, 11, 230, 60


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def paired_bars(rows: Sequence[tuple[str, float, float]], *, title: str, year: int, width: int = 640) -> str:
    """Horizontal bars: each row's figure for ``year`` (dark) above the previous year's (light)."""
    top = max([1.0, *(max(a, b) for _, a, b in rows)])
    span = width - LABEL - VALUE
    height = 28 + ROW * len(rows)
    summary = "; ".join(f"{label} : {_number(a)} en {year}, {_number(b)} en {year - 1}" for label, a, b in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)} — {escape(summary)}"><title>{escape(title)}</title>',
        f'<rect x="{LABEL}" y="4" width="10" height="10" fill="{CURRENT}"/><text x="{LABEL + 14}" y="13" '
        f'font-size="11">{year}</text><rect x="{LABEL + 60}" y="4" width="10" height="10" fill="{PREVIOUS}"/>'
        f'<text x="{LABEL + 74}" y="13" font-size="11">{year - 1}</text>',
    ]  # fmt: skip
    for index, (label, now, before) in enumerate(rows):
        y = 24 + index * ROW
        short = label if len(label) <= 36 else label[:35] + "…"
        parts.append(f'<text x="{LABEL - 6}" y="{y + BAR + 3}" text-anchor="end" font-size="11">{escape(short)}</text>')
        for offset, value, colour in ((0, now, CURRENT), (BAR, before, PREVIOUS)):
            length = round(span * value / top, 1)
            parts.append(f'<rect x="{LABEL}" y="{y + offset}" width="{length}" height="{BAR - 1}" fill="{colour}"/>'
                         f'<text x="{LABEL + length + 4}" y="{y + offset + BAR - 2}" font-size="10">'
                         f"{_number(value)}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


#: The tables drawn as a chart, with the measure drawn (figure of the year beside the previous year's).
CHARTED = {"key_figures": "value", "mentions": "cooperatives", "steps": "cooperatives", "regions": "cooperatives",
           "activities": "cooperatives", "verdicts": "count", "bilans": "count", "engagements": "cooperatives",
           "readjustment_kinds": "count"}  # fmt: skip


def chart_of(table: dict[str, Any], year: int) -> str | None:
    measure = CHARTED.get(table["name"])
    if measure is None or not table["rows"]:
        return None
    rows = [(str(r["label"]), float(r[measure] or 0), float(r[f"{measure}_previous"] or 0)) for r in table["rows"]]
    if table["name"] == "key_figures":
        rows = rows[:6]
    return paired_bars(rows, title=table["title"], year=year)
