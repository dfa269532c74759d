"""Tables for spreadsheets: the cooperative list and a cooperative's history as rows with French headings, written
as CSV (UTF-8 with its mark, « ; » between cells: what French spreadsheet software opens) or XLSX (openpyxl).

Every text cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading apostrophe: a cooperative named ``=HYPERLINK(…)`` stays a name
(OWASP, "CSV injection"). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from qualicoop_es.aggregates.values import ACTIVITIES, french_date

Row = Sequence[Any]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell that is never a formula (see the module); ``None`` as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([safe_cell(c) for c in r] for r in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: spreadsheet software then reads UTF-8


def xlsx_bytes(title: str, rows: Iterable[Row]) -> bytes:
    """One sheet named ``title`` (31 characters at most), its first row in bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([safe_cell(c) for c in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    book.properties.creator = "Quali'Coop ES"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table(fmt: str, title: str, rows: list[Row]) -> bytes:
    """``rows`` in ``fmt`` (``csv`` or ``xlsx``)."""
    return csv_bytes(rows) if fmt == "csv" else xlsx_bytes(title, rows)


def _day(value: str | None) -> str:
    return french_date(date.fromisoformat(value[:10])) if value else ""


COOPERATIVE_HEADINGS = ("Coopérative", "SIREN", "Forme juridique", "Département", "Activités", "Mention",
                        "Mention depuis le", "Valable jusqu'au", "Étape", "Étape depuis le", "Prochain bilan",
                        "Engagements", "Actions", "Indicateurs", "Points d'étape", "Réajustements")  # fmt: skip


def cooperative_rows(items: Iterable[dict[str, Any]]) -> list[Row]:
    """The list's items (``projections.queries.list_cooperatives``) as rows, headings first."""
    rows: list[Row] = [COOPERATIVE_HEADINGS]
    for c in items:
        s, n = c["status"], c["counts"]
        rows.append((c["name"], c["siren"], c["legal_form"], c["departement"],
                     ", ".join(ACTIVITIES.get(a, a) for a in c["activities"]), s["mention_label"],
                     _day(s["mention_since"]), _day(s["valid_until"]), s["step_label"], _day(s["step_since"]),
                     _day(s["next_bilan_due"]), n["engagements"], n["actions"], n["indicators"], c["checkpoints"],
                     c["readjustments"]))  # fmt: skip
    return rows


HISTORY_HEADINGS = ("Date d'effet", "Enregistré le", "Événement", "Description", "Par", "Version")


def history_rows(entries: Iterable[dict[str, Any]]) -> list[Row]:
    """A cooperative's timeline (``projections.queries.timeline``) as rows, headings first."""
    rows: list[Row] = [HISTORY_HEADINGS]
    for e in entries:
        recorded = str(e.get("recorded_at") or "")
        rows.append((_day(e["effective_on"]), recorded[:19].replace("T", " "), e["kind_label"], e["sentence"],
                     e.get("actor_name") or e.get("actor") or "", e["version"]))  # fmt: skip
    return rows
