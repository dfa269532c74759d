"""« Rapports annuels »: the network's annual reports (federation, auditor), their charts and downloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Response, render_template, request
from markupsafe import Markup

from qualicoop_es.access import USE_CASES
from qualicoop_es.errors import InvalidInput
from qualicoop_es.reports import BASIS_LABELS, FORMATS, Request, annual_report, body, reports_for, years_available
from web.pages import bp, forms, services, today
from web.pages.access import principal, signed_in

READERS = tuple(sorted(role.value for role in USE_CASES["read_reports"].roles))
DOWNLOADS = {"pdf": "PDF", "xlsx": "Classeur (XLSX)", "csv": "Tableaux (CSV, ZIP)", "json": "Données (JSON)",
             "html": "Page HTML"}  # fmt: skip


def _request(year: int) -> Request:
    basis = request.args.get("base", "effective")
    return Request(year, year, basis)


def _page(years: list[int], chosen: int | None, basis: str, content: Markup | None, error: str | None,
          status: int = 200) -> tuple[str, int]:  # fmt: skip
    return render_template("pages/reports.html", years=years, chosen=chosen, basis=basis, content=content,
                           error=error, bases=BASIS_LABELS, downloads=DOWNLOADS), status  # fmt: skip


@bp.get("/rapports")
@signed_in(*READERS)
def reports() -> tuple[str, int]:
    svc, day = services(), today()
    years = years_available(svc.app, day)
    basis = request.args.get("base", "effective")
    wanted = request.args.get("annee") or (str(years[-2]) if len(years) > 1 else str(years[0]) if years else "")
    if not wanted:
        return _page(years, None, basis, None, "Le journal ne contient encore aucune coopérative.")
    try:
        chosen = forms.parse_int(wanted, 1, 9999) or -1  # a bad year: the core names it (« annee »)
        found = reports_for(svc.app, svc.engine, Request(chosen, chosen, basis), actor=principal(), today=day)
    except InvalidInput as error:
        return _page(years, None, basis, None, error.errors[error.field][0], 422)
    return _page(years, chosen, basis, Markup(body(found, datetime.now(UTC))), None)


@bp.get("/rapports/<int:year>.<fmt>")
@signed_in(*READERS)
def report_download(year: int, fmt: str) -> Any:
    if fmt not in FORMATS:
        return _page([], None, "effective", None, f"Format inconnu : {fmt}.", 404)
    svc = services()
    try:
        out = annual_report(svc.app, svc.engine, _request(year), fmt, actor=principal(), today=today())
    except InvalidInput as error:
        return _page(years_available(svc.app, today()), None, "effective", None, error.errors[error.field][0], 422)
    response = Response(out.content, content_type=out.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="rapport-qualicoop-{year}.{out.extension}"'
    return response
