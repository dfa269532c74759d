"""How a mention was granted, the signed audit bundle, and the public key that signs it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from flask import Response

from qualicoop_es.integrity import signing
from qualicoop_es.integrity.bundle import audit_bundle
from qualicoop_es.queries.audit import audit_of
from web.api.blueprint import Blueprint
from web.api.common import actor, services
from web.api.policy import PUBLIC, policy
from web.api.responses.audit import MentionAuditOut, SigningKeyOut
from web.api.schemas import MentionQuery

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Audit d'une mention et archives d'audit signées")


@blp.route("/cooperatives/<uuid:coop_id>/audit", methods=["GET"])
@policy("read_audit")
@blp.arguments(MentionQuery(), location="query")
@blp.response(200, MentionAuditOut)
def mention_audit(args: dict[str, Any], coop_id: UUID) -> dict[str, Any]:
    """Comment la mention actuelle (ou la n-ième accordée, ``mention``) a été obtenue : dépôts (version et
    empreinte du dossier), verdicts (session, membres présents nommés, motifs, version jugée), points d'étape,
    réajustements (avant → après, motif), bilans et validité — chaque fait avec la position et l'empreinte de son
    événement dans la chaîne d'intégrité. 404 si aucune mention n'a été accordée ; 422 pour un numéro inconnu."""
    svc = services()
    return audit_of(svc.app, svc.engine, coop_id, mention=args.get("mention")).to_dict()


@blp.route("/cooperatives/<uuid:coop_id>/audit/bundle", methods=["GET"])
@policy("read_audit")
@blp.response(200, {"type": "string", "format": "binary"}, description="Archive ZIP signée (manifeste, événements et empreintes, dossiers jugés en JSON et "
              "HTML, verdicts, noms) ; vérifiable hors ligne (docs/verify-bundle.md).",
              content_type="application/zip")  # fmt: skip
def bundle(coop_id: UUID) -> Response:
    """Archive d'audit de la coopérative, signée par la clé Ed25519 de l'installation (voir /integrity/key)."""
    at = datetime.now(UTC).replace(microsecond=0)
    data = audit_bundle(services(), coop_id, actor=actor(), exported_at=at)
    name = f"audit-{coop_id}-{at.strftime('%Y%m%dT%H%M%SZ')}.zip"
    return Response(data, 200, {"Content-Disposition": f'attachment; filename="{name}"'}, mimetype="application/zip")


@blp.route("/integrity/key", methods=["GET"])
@policy(PUBLIC)
@blp.response(200, SigningKeyOut)
def signing_key() -> dict[str, str]:
    """Clé publique Ed25519 qui signe les archives d'audit de cette installation (publique : quiconque reçoit une
    archive la compare à celle-ci pour en vérifier l'origine)."""
    svc = services()
    return signing.public_of(signing.private_key(svc.settings, svc.extras)).to_dict()
