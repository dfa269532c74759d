"""Exports: the cooperative list (with its filters) and a cooperative's history as CSV or XLSX, a fiche as PDF.

Each answers under the same rules as the page it exports (the same decorators and the core's policy); the tables
are ``qualicoop_es.exports``'s, the PDF is the fiche's own template printed by the reports' WeasyPrint step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Response, abort, render_template

from qualicoop_es import exports
from qualicoop_es.errors import InvalidInput
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.reports.render import pdf
from web.pages import bp, reads, services, today
from web.pages.access import READERS, signed_in
from web.pages.views_coop import coop_page, fiche
from web.pages.views_network import list_filters
from web.typography import typeset

STYLESHEET = Path(__file__).parent.parent / "static" / "qualicoop.css"
PDF_TYPE = "application/pdf"


def _download(content: bytes, content_type: str, filename: str) -> Response:
    response = Response(content, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table_format(fmt: str) -> str:
    if fmt not in exports.FORMATS:
        abort(404)
    return fmt


@bp.get("/cooperatives/export.<fmt>")
@signed_in(*READERS)
def cooperatives_export(fmt: str) -> Response:
    fmt, chosen, items = _table_format(fmt), list_filters(), []
    page = 1
    while True:
        found = reads.list_cooperatives(services(), day=today(), **chosen, page=page, per_page=500)
        items += found["items"]
        if len(items) >= found["total"] or not found["items"]:
            break
        page += 1
    content = exports.table(fmt, "Coopératives", exports.cooperative_rows(items))
    return _download(content, exports.FORMATS[fmt], f"cooperatives-{today().isoformat()}.{fmt}")


@bp.get("/cooperatives/<coop>/historique.<fmt>")
@coop_page
def history_export(coop_id: UUID, app: Any, fmt: str) -> Response:
    fmt = _table_format(fmt)
    rows = exports.history_rows(reads.timeline(services(), coop_id))
    content = exports.table(fmt, "Historique", rows)
    return _download(content, exports.FORMATS[fmt], f"historique-{_slug(cq.heading(app, coop_id).name)}.{fmt}")


@bp.get("/cooperatives/<coop>/fiche.pdf")
@coop_page
def fiche_pdf(coop_id: UUID, app: Any) -> Response:
    context = fiche(coop_id, app)
    document = typeset(render_template("pages/cooperative.html", **context, printing=True))
    try:
        content = pdf(document, stylesheets=[STYLESHEET])
    except InvalidInput as error:  # WeasyPrint missing: said in French, as the reports page says it
        abort(503, error.errors[error.field][0])
    return _download(content, PDF_TYPE, f"fiche-{_slug(context['coop'].name)}.pdf")


def _slug(name: str) -> str:
    from qualicoop_es.projections.folding import fold

    kept = "".join(c if c.isalnum() else "-" for c in fold(name))
    return "-".join(part for part in kept.split("-") if part)[:60] or "cooperative"
