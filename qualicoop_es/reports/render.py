"""The report in every format, from the same plain data: canonical JSON, CSV (a ZIP of tables, or one table),
XLSX (one sheet per table), HTML (Jinja template with SVG charts) and PDF (WeasyPrint, from the same HTML).

The JSON is canonical (keys sorted, two-space indent, UTF-8, one final newline): the same events give the same
bytes. The generation time is in none of it unless fixed (``--generated-at``); the other formats show it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from qualicoop_es.errors import InvalidInput
from qualicoop_es.exports import csv_bytes
from qualicoop_es.reports.charts import chart_of
from qualicoop_es.reports.sheets import xlsx

FORMATS = {"json": "application/json", "csv": "application/zip", "xlsx":
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "html": "text/html; charset=utf-8",
           "pdf": "application/pdf"}  # fmt: skip
BASIS_LABELS = {"effective": "par date d'effet (faits datés au plus tard ce jour-là)",
                "recorded": "par date d'enregistrement (faits enregistrés au plus tard ce jour-là)"}  # fmt: skip
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PdfUnavailable(InvalidInput):
    """WeasyPrint (the ``pdf`` extra) or the system libraries it needs are missing."""


@dataclass(frozen=True)
class Output:
    content: bytes
    content_type: str
    extension: str


def canonical(reports: list[dict[str, Any]]) -> bytes:
    document: Any = reports[0] if len(reports) == 1 else {"reports": reports}
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def digest(report: dict[str, Any]) -> str:
    return hashlib.sha256(canonical([report])).hexdigest()


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput("format", f"format inconnu « {fmt} » (attendu : {', '.join(FORMATS)})")


def render(reports: list[dict[str, Any]], fmt: str, *, shown_time: datetime, table: str | None = None) -> Output:
    check_format(fmt)
    if table is not None:
        return Output(one_table(reports, table), "text/csv; charset=utf-8", "csv")
    content = {"json": lambda: canonical(reports), "csv": lambda: csv_zip(reports),
               "xlsx": lambda: xlsx(reports, shown_time), "html": lambda: html(reports, shown_time).encode("utf-8"),
               "pdf": lambda: pdf(html(reports, shown_time))}[fmt]()  # fmt: skip
    return Output(content, FORMATS[fmt], fmt)


def _csv(rows: list[list[Any]]) -> bytes:
    return csv_bytes(rows)  # the exports' CSV: UTF-8 with its mark, « ; », never a formula


def table_rows(table: dict[str, Any]) -> list[list[Any]]:
    keys = [c["key"] for c in table["columns"]]
    return [[c["label"] for c in table["columns"]], *[[row.get(k) for k in keys] for row in table["rows"]]]


def provenance_rows(report: dict[str, Any]) -> list[list[Any]]:
    p = report["provenance"]
    last, chain = p["last_event"] or {}, p["chain"] or {}
    return [["Rapport", report["title"]], ["Base", BASIS_LABELS[p["basis"]]], ["Arrêté au", p["cut_off"]],
            ["Faits enregistrés jusqu'au", p["recorded_by"] or ""], ["Dernier événement (position)", last.get("position")],
            ["Dernier événement (enregistré le)", last.get("recorded_at")], ["Chaîne : événements", chain.get("count")],
            ["Chaîne : empreinte", chain.get("digest")], ["Version du logiciel", p["code_version"]],
            ["Paramètres", json.dumps(p["parameters"], sort_keys=True)], ["Empreinte du contenu", digest(report)],
            ["Généré le", p["generated_at"] or "non fixé (hors de la partie reproductible)"],
            *[["Commentaire", s["text"]] for s in report["commentary"]]]  # fmt: skip


def csv_zip(reports: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in reports:
            prefix = f"{report['year']}/" if len(reports) > 1 else ""
            files = [("provenance", provenance_rows(report))] + [(t["name"], table_rows(t)) for t in report["tables"]]
            for name, rows in files:
                info = zipfile.ZipInfo(f"{prefix}{name}.csv", ZIP_TIME)
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                archive.writestr(info, _csv(rows))
    return buffer.getvalue()


def one_table(reports: list[dict[str, Any]], name: str) -> bytes:
    names = [t["name"] for t in reports[0]["tables"]]
    if name not in names:
        raise InvalidInput("table", f"tableau inconnu « {name} » (tableaux : {', '.join(names)})")
    rows: list[list[Any]] = []
    for report in reports:
        found = table_rows(next(t for t in report["tables"] if t["name"] == name))
        rows += ([["Année", *found[0]]] if not rows else []) + [[report["year"], *r] for r in found[1:]]
    return _csv(rows)


def _french(day: str) -> str:
    from qualicoop_es.aggregates.values import french_date

    return french_date(date.fromisoformat(day))


def _moment(moment: datetime | str) -> str:
    """A provenance time in French (« 26 novembre 2026 à 14 h 05 UTC »); the JSON keeps its ISO text."""
    from qualicoop_es.aggregates.values import french_moment

    return french_moment(moment)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("qualicoop_es.reports", "templates"), autoescape=True)
    env.globals.update(chart_of=chart_of, french=_french, cell=_cell, basis_label=BASIS_LABELS.get, moment=_moment)
    return env


def body(reports: list[dict[str, Any]], shown_time: datetime) -> str:
    """The reports' HTML body (for the page « Rapports annuels »)."""
    return _environment().get_template("report_body.html").render(**_context(reports, shown_time))


def html(reports: list[dict[str, Any]], shown_time: datetime) -> str:
    return _environment().get_template("report.html").render(**_context(reports, shown_time))


def _context(reports: list[dict[str, Any]], shown_time: datetime) -> dict[str, Any]:
    return {"reports": reports, "digests": [digest(r) for r in reports],
            "generated_at": _moment(shown_time)}  # fmt: skip


def pdf(document: str, stylesheets: Sequence[Path] = ()) -> bytes:
    """``document`` printed by WeasyPrint (print media), with ``stylesheets`` (files) besides its own styles."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the system's pango / cairo libraries are missing
        raise PdfUnavailable("format", f"PDF indisponible : WeasyPrint n'est pas installé ou ne trouve pas ses "
                             f"bibliothèques système (pip install 'qualicoop-es[pdf]') — {error}") from None  # fmt: skip
    sheets = [weasyprint.CSS(filename=str(path)) for path in stylesheets]
    return bytes(weasyprint.HTML(string=document).write_pdf(stylesheets=sheets))
