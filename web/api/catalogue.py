"""The referential of the 12 engagements; the federation sets the official wording."""

from __future__ import annotations

from typing import Any

from qualicoop_es.queries import cooperative as cq
from web.api import etags
from web.api.blueprint import Blueprint
from web.api.common import application, done, effective
from web.api.policy import policy
from web.api.responses import CatalogueOut, CommandOut
from web.api.schemas import WordingIn

blp = Blueprint("catalogue", __name__, url_prefix="/api/v1/catalogue", description="Catalogue des engagements")


@blp.route("", methods=["GET"])
@policy("read_reference")
@blp.response(200, CatalogueOut, headers=etags.ETAG)
def get_catalogue() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Les 3 piliers et les 12 engagements, dans la version courante du catalogue."""
    catalogue = cq.catalogue(application())
    return catalogue, 200, etags.headers(catalogue["version"])


@blp.route("/engagements/<int:number>", methods=["PATCH"], parameters=[etags.IF_MATCH])
@policy("revise_catalogue")
@blp.arguments(WordingIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def revise_wording(body: dict[str, Any], number: int) -> Any:
    """Fixer l'intitulé (officiel) d'un engagement : un événement, le catalogue est versionné."""
    fields, kw = effective(body)
    return done(application().revise_engagement_wording(number, **fields, **kw))
