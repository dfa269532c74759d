"""The report as an XLSX workbook (openpyxl): a sheet of provenance and commentary, then one sheet per table.

Deterministic for the same reports and the same time shown: the workbook's properties are fixed (creator, the
times set to the time shown) and the archive is rewritten with fixed entry times.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

SHEETS = {"key_figures": "Chiffres clés", "mentions": "Mentions", "steps": "Étapes", "departements": "Départements",
          "regions": "Régions", "activities": "Activités", "valid_mentions": "Mentions valides",
          "engagements": "Engagements", "indicators": "Indicateurs", "verdicts": "Verdicts", "sessions": "Sessions",
          "durations": "Durées", "bilans": "Bilans", "readjustment_engagements": "Réajust. par engagement",
          "readjustment_kinds": "Réajust. par nature"}  # fmt: skip


def xlsx(reports: list[dict[str, Any]], shown_time: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    from qualicoop_es.reports.render import provenance_rows, table_rows

    book = Workbook()
    book.remove(book.active)
    several = len(reports) > 1
    for report in reports:
        prefix = f"{report['year']} " if several else ""
        sheet = book.create_sheet(f"{prefix}Provenance")
        for row in [*provenance_rows(report), ["Heure affichée", shown_time.isoformat(timespec="seconds")]]:
            sheet.append(row)
        for table in report["tables"]:
            sheet = book.create_sheet((prefix + SHEETS.get(table["name"], table["name"]))[:31])
            for row in table_rows(table):
                sheet.append(row)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    naive = shown_time.replace(tzinfo=None, microsecond=0)
    book.properties.creator = book.properties.lastModifiedBy = "Quali'Coop ES"
    book.properties.created = book.properties.modified = naive
    book.properties.title = reports[0]["title"] if not several else "Rapports annuels du réseau Quali'Coop"
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save_workbook stamps the "modified" property with the current time
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
    return _fixed_times(buffer.getvalue())


def _fixed_times(archive: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01 (openpyxl stamps entries with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
