"""The integrity of the log, published: the head of the hash chain and the last verification."""

from __future__ import annotations

from typing import Any

from qualicoop_es.queries.integrity import integrity_summary
from web.api.blueprint import Blueprint
from web.api.common import services
from web.api.policy import policy
from web.api.responses import IntegrityOut

blp = Blueprint("integrity", __name__, url_prefix="/api/v1", description="Intégrité du journal")


@blp.route("/integrity", methods=["GET"])
@policy("read_integrity")
@blp.response(200, IntegrityOut)
def integrity() -> dict[str, Any]:
    """Tête de la chaîne d'empreintes du journal (position, empreinte SHA-256, nombre d'événements chaînés) et
    dernière vérification enregistrée par « qualicoop verify » : quand, par qui, résultat, tête trouvée.

    Publier cette tête permet à quiconque de vérifier plus tard qu'aucun événement antérieur n'a été modifié."""
    svc = services()
    return integrity_summary(svc.app, svc.engine)
