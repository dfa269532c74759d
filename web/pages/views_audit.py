"""« Comment cette mention a été accordée » (``queries.audit``): the chain of facts behind a mention, as a page, a
PDF rendered from the same template (WeasyPrint, as the annual reports) and the signed audit bundle; and the dossier
as it stood at one version (what a verdict judged). Readers: whoever ``read_audit`` lets read the cooperative."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Response, abort, render_template, request

from qualicoop_es.errors import InvalidInput, NotFound
from qualicoop_es.integrity.bundle import audit_bundle
from qualicoop_es.queries import audit_trail
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries.audit import audit_of
from qualicoop_es.reports.render import pdf
from web.pages import bp, forms, services
from web.pages.access import coop_id_or_404, may_on, principal, readable_coop, signed_in
from web.pages.dossier_view import by_pillar

STATIC = Path(__file__).resolve().parent.parent / "static"


@bp.app_template_global()
def field_label(key: str) -> str:
    return audit_trail.field_label(key)


@bp.app_template_global()
def value_text(key: str, value: Any) -> str:
    return audit_trail.value_text(key, value)


@bp.app_template_global()
def labelled(section: str, values: Any) -> list[tuple[str, str]]:
    return audit_trail.labelled(section, values)


def _auditable(coop: str) -> UUID:
    """The cooperative named in the URL, when the signed-in user may read its audit (else 403)."""
    coop_id = coop_id_or_404(coop)
    me = principal()
    if me is None or not may_on(me, "read_audit", coop_id):
        abort(403)
    return coop_id


def _context(coop_id: UUID) -> dict[str, Any]:
    svc = services()
    raw = request.args.get("mention", "")
    wanted = forms.parse_int(raw, 1)
    if raw and wanted is None:
        raise NotFound(f"Mention inconnue : « {raw[:20]} ».")
    try:
        audit = audit_of(svc.app, svc.engine, coop_id, mention=wanted)
    except InvalidInput as error:
        raise NotFound(error.errors[error.field][0]) from None
    sessions = {s.reference: s for s in svc.app.committee_sessions()}
    return {"audit": audit, "coop_id": coop_id, "name": audit.name, "facts": _with_previous(audit.facts),
            "sessions": sessions}  # fmt: skip


def _with_previous(facts: Any) -> list[tuple[Any, int | None]]:
    """Each fact with, for a verdict, the version the verdict before it judged (for « ce qui a changé »)."""
    found: list[tuple[Any, int | None]] = []
    previous = None
    for fact in facts:
        found.append((fact, previous if fact.verdict else None))
        previous = fact.verdict.judged_version if fact.verdict else previous
    return found


@bp.get("/cooperatives/<coop>/mention")
@signed_in()
def mention(coop: str) -> str:
    return render_template("pages/mention.html", **_context(_auditable(coop)))


@bp.get("/cooperatives/<coop>/mention.pdf")
@signed_in()
def mention_pdf(coop: str) -> Response:
    context = _context(_auditable(coop))
    document = render_template("pages/mention_pdf.html", stylesheet=(STATIC / "print.css").as_uri(), **context)
    audit = context["audit"]
    name = f"mention-{audit.number}-{audit.siren}.pdf"
    return Response(pdf(document), 200, {"Content-Disposition": f'attachment; filename="{name}"'},
                    mimetype="application/pdf")  # fmt: skip


@bp.get("/cooperatives/<coop>/mention/archive.zip")
@signed_in()
def mention_bundle(coop: str) -> Response:
    coop_id = _auditable(coop)
    at = datetime.now(UTC).replace(microsecond=0)
    data = audit_bundle(services(), coop_id, actor=principal(), exported_at=at)
    name = f"audit-{coop_id}-{at.strftime('%Y%m%dT%H%M%SZ')}.zip"
    return Response(data, 200, {"Content-Disposition": f'attachment; filename="{name}"'}, mimetype="application/zip")


@bp.get("/cooperatives/<coop>/version/<int:version>")
@signed_in()
def at_version(coop: str, version: int) -> str:
    """The dossier as it stood at ``version`` (what a verdict judged)."""
    coop_id = readable_coop(coop)
    app = services().app
    state = cq.at_version(app, coop_id, version)
    return render_template("pages/dossier_version.html", coop_id=coop_id, state=state, name=state.name,
                           current=cq.heading(app, coop_id).version,
                           pillars=by_pillar(state.dossier, cq.catalogue(app), cq.series(app, coop_id)))  # fmt: skip
