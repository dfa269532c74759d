"""Reading cooperatives: the list, one cooperative (with its ETag), its dossier at any point, diff, timeline."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, url_for

from qualicoop_es.access import Sight
from qualicoop_es.accounts import names
from qualicoop_es.errors import NotFound
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries import dossier as dq
from qualicoop_es.queries import log
from web.api import etags
from web.api.blueprint import Blueprint
from web.api.cache import latest_version
from web.api.common import (
    application,
    done,
    effective,
    json_bytes,
    principal,
    queries,
    read_cache,
    services,
    today,
)
from web.api.policy import policy
from web.api.responses import (
    ChecklistOut,
    CommandOut,
    CooperativeOut,
    CooperativePageOut,
    DiffOut,
    DossierOut,
    TimelineOut,
)  # fmt: skip
from web.api.schemas import CooperativesQuery, DayQuery, DiffQuery, DossierQuery, RegisterIn, TimelineQuery

blp = Blueprint("cooperatives", __name__, url_prefix="/api/v1/cooperatives", description="Coopératives")


@blp.route("", methods=["GET"])
@policy("list_cooperatives")
@blp.arguments(CooperativesQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, CooperativePageOut)
def list_cooperatives(args: dict[str, Any]) -> dict[str, Any]:
    """Les coopératives et leur statut à une date (filtres : mention détenue à la date, étape en cours, département, activité, recherche).

    Un référent ne voit que sa coopérative ; le comité, les coopératives qui ont déposé au moins une fois leur dossier."""
    day = args.pop("on", None) or today()
    who = principal()
    sight = who.sight("list_cooperatives")
    if sight is Sight.OWN:
        own = queries().cooperative_status(services().engine, who.cooperative_id, day=day)
        items = [own] if own is not None else []
        return {"items": items, "total": len(items), "page": 1, "per_page": args["per_page"]}
    return queries().list_cooperatives(services().engine, day=day, submitted_only=sight is Sight.SUBMITTED, **args)


@blp.route("", methods=["POST"])
@policy("register_cooperative")
@blp.arguments(RegisterIn())
@blp.response(201, CommandOut, headers=etags.ETAG)
def register(body: dict[str, Any]) -> Any:
    """Enregistrer une coopérative (son identifiant dérive de son SIREN)."""
    fields, kw = effective(body)
    kw.pop("expected_version")
    result = application().register_cooperative(**fields, **kw)
    response = done(result, 201)
    response.headers["Location"] = url_for("cooperatives.get_cooperative", coop_id=result.aggregate_id)
    return response


@blp.route("/<uuid:coop_id>", methods=["GET"], parameters=[etags.IF_NONE_MATCH])
@policy("read_cooperative")
@blp.arguments(DayQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, CooperativeOut, headers=etags.ETAG)
@blp.alt_response(304, description="Non modifiée : la version nommée par If-None-Match est toujours la dernière.")
def get_cooperative(args: dict[str, Any], coop_id: UUID) -> Any:
    """Identité, statut (mention et étape), jugement attendu, dossier, liste de contrôle et version, aujourd'hui
    (en-tête ETag ; If-None-Match → 304) ou à une date passée (``on``) : ce qu'en dit le journal à cette date."""
    if "on" in args:
        return cq.as_of_or_404(application(), coop_id, args["on"]).to_dict()
    version = latest_version(application(), coop_id)
    unchanged = etags.not_modified(version)
    if unchanged is not None:
        return unchanged
    day = today()
    key = ("cooperative", coop_id, version, day)
    body = read_cache().get(key)
    if body is None:
        coop = cq.current(application(), coop_id, day=day)
        body = json_bytes(coop.to_dict())
        if coop.version == version:
            read_cache().put(key, body)
        version = coop.version
    return Response(body, 200, etags.headers(version or 0), mimetype="application/json")


@blp.route("/<uuid:coop_id>/dossier", methods=["GET"])
@policy("read_cooperative")
@blp.arguments(DossierQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, DossierOut)
def get_dossier(args: dict[str, Any], coop_id: UUID) -> dict[str, Any]:
    """Le dossier tel qu'il était : à une date (métier ou d'enregistrement) ou à une version."""
    as_of = args.get("as_of")
    view = dq.dossier_of(application(), coop_id, version=args.get("version"), as_of=as_of, basis=args["basis"])
    return {"id": str(coop_id), "version": view.version, "as_of": as_of.isoformat() if as_of else None,
            "basis": args["basis"] if as_of else None, "dossier": view.dossier, "checklist": view.checklist,
            "submission": view.submission}  # fmt: skip


@blp.route("/<uuid:coop_id>/dossier/diff", methods=["GET"])
@policy("read_cooperative")
@blp.arguments(DiffQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, DiffOut)
def diff(args: dict[str, Any], coop_id: UUID) -> dict[str, Any]:
    """Ce qui a changé dans le dossier entre deux versions."""
    return application().diff(coop_id, args["from_"], args["to"])


@blp.route("/<uuid:coop_id>/checklist", methods=["GET"])
@policy("read_cooperative")
@blp.arguments(DayQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, ChecklistOut)
def checklist(args: dict[str, Any], coop_id: UUID) -> dict[str, Any]:
    """Les règles du dossier, cochées ou non, et chaque règle non respectée (aujourd'hui, ou à la date ``on``)."""
    view = dq.dossier_of(application(), coop_id, as_of=args.get("on"))
    return {"version": view.version, "valid": not view.failures, "items": view.checklist, "failures": view.failures}


@blp.route("/<uuid:coop_id>/timeline", methods=["GET"])
@policy("read_cooperative")
@blp.arguments(TimelineQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, TimelineOut)
def timeline(args: dict[str, Any], coop_id: UUID) -> Any:
    """La frise de la démarche, en français, dans l'ordre chronologique.

    Chaque élément nomme son auteur (``actor_name`` : nom affiché, « personne effacée » ou « Système ») et, pour
    un verdict, les membres présents (``members_present_names``), jamais par leur seul identifiant."""
    version = latest_version(application(), coop_id) if not args else None
    # The names shown change with the accounts (an erasure), not with the cooperative's version: both key it.
    key = ("timeline", coop_id, version, names.generation(services().engine)) if version is not None else None
    body = read_cache().get(key) if key is not None else None
    if body is not None:
        return Response(body, 200, etags.headers(version or 0), mimetype="application/json")
    items = queries().timeline(services().engine, coop_id, **args)
    if not items and not log.is_recorded(application(), coop_id):
        raise NotFound(f"Coopérative inconnue : {coop_id}")
    if key is not None and max((int(i.get("version") or 0) for i in items), default=0) == version:
        read_cache().put(key, json_bytes({"items": items}))  # the read model has caught up with this version
    return {"items": items}
